/**
 * The template AST: plain data objects discriminated by `kind`. The parser
 * builds them, the compiler walks them with exhaustive switches.
 */

interface Base {
  readonly lineno: number;
}

// ---------------------------------------------------------------- expressions

/** A literal value: string, number, boolean or none. */
export interface Const extends Base {
  readonly kind: 'Const';
  readonly value: string | number | boolean | null;
}
/** A variable reference. */
export interface Name extends Base {
  readonly kind: 'Name';
  readonly name: string;
}
/** `a, b` or `(a, b)`. */
export interface TupleExpr extends Base {
  readonly kind: 'Tuple';
  readonly items: readonly Expr[];
}
/** `[a, b]`. */
export interface ListExpr extends Base {
  readonly kind: 'List';
  readonly items: readonly Expr[];
}
/** `{k: v}`. */
export interface DictExpr extends Base {
  readonly kind: 'Dict';
  readonly pairs: readonly (readonly [Expr, Expr])[];
}
/** `a if cond else b` (else may be missing: then undefined). */
export interface CondExpr extends Base {
  readonly kind: 'CondExpr';
  readonly test: Expr;
  readonly body: Expr;
  readonly orelse: Expr | null;
}
/** Binary operators with Python semantics. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | 'and' | 'or';
/** `a + b`, `a and b`, … */
export interface BinOp extends Base {
  readonly kind: 'BinOp';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}
/** `not x`, `-x`, `+x`. */
export interface UnaryOp extends Base {
  readonly kind: 'UnaryOp';
  readonly op: 'not' | '-' | '+';
  readonly operand: Expr;
}
/** `a ~ b ~ c`. */
export interface Concat extends Base {
  readonly kind: 'Concat';
  readonly items: readonly Expr[];
}
/** Comparison operators; `notin` is `not in`. */
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';
/** `a < b <= c` (chained like Python). */
export interface Compare extends Base {
  readonly kind: 'Compare';
  readonly left: Expr;
  readonly ops: readonly { readonly op: CompareOperator; readonly right: Expr }[];
}
/** `obj.name` (attribute first, then item). */
export interface Getattr extends Base {
  readonly kind: 'Getattr';
  readonly node: Expr;
  readonly attr: string;
}
/** `obj[key]` (item first, then attribute). */
export interface Getitem extends Base {
  readonly kind: 'Getitem';
  readonly node: Expr;
  readonly arg: Expr;
}
/** `start:stop:step` inside a subscript. */
export interface Slice extends Base {
  readonly kind: 'Slice';
  readonly start: Expr | null;
  readonly stop: Expr | null;
  readonly step: Expr | null;
}
/** Positional, keyword, `*args` and `**kwargs` arguments of a call, filter or test. */
export interface Arguments {
  readonly args: readonly Expr[];
  readonly kwargs: readonly { readonly key: string; readonly value: Expr }[];
  readonly dynArgs: Expr | null;
  readonly dynKwargs: Expr | null;
}
/** `f(args)`. */
export interface Call extends Base, Arguments {
  readonly kind: 'Call';
  readonly node: Expr;
}
/** `value|name(args)`; `node` is null inside `{% filter %}` blocks. */
export interface Filter extends Base, Arguments {
  readonly kind: 'Filter';
  readonly node: Expr | null;
  readonly name: string;
}
/** `value is name(args)`. */
export interface Test extends Base, Arguments {
  readonly kind: 'Test';
  readonly node: Expr;
  readonly name: string;
  readonly negated: boolean;
}
/** Marks its value safe when autoescaping is on (translated text from the `i18n` extension). */
export interface MarkSafeIfAutoescape extends Base {
  readonly kind: 'MarkSafeIfAutoescape';
  readonly expr: Expr;
}

/** Any expression node. */
export type Expr =
  | Const
  | Name
  | TupleExpr
  | ListExpr
  | DictExpr
  | CondExpr
  | BinOp
  | UnaryOp
  | Concat
  | Compare
  | Getattr
  | Getitem
  | Slice
  | Call
  | Filter
  | Test
  | MarkSafeIfAutoescape;

// ---------------------------------------------------------------- assignment targets

/** Where a value is stored: a name, a namespace attribute, or a tuple to unpack into. */
export type Target =
  | { readonly kind: 'NameTarget'; readonly name: string; readonly lineno: number }
  | { readonly kind: 'NSRef'; readonly name: string; readonly attr: string; readonly lineno: number }
  | { readonly kind: 'TupleTarget'; readonly items: readonly Target[]; readonly lineno: number };

// ---------------------------------------------------------------- statements

/** Template text (`data`) or `{{ expr }}` output, in order. */
export interface Output extends Base {
  readonly kind: 'Output';
  readonly items: readonly (
    | Expr
    | { readonly kind: 'TemplateData'; readonly data: string; readonly lineno: number }
  )[];
}
/** `{% for target in iter [if test] [recursive] %}`. */
export interface For extends Base {
  readonly kind: 'For';
  readonly target: Target;
  readonly iter: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
  readonly test: Expr | null;
  readonly recursive: boolean;
}
/** `{% if %}`; `elif` is a nested If in `orelse`. */
export interface If extends Base {
  readonly kind: 'If';
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
}
/** A macro parameter with its default expression. */
export interface MacroParam {
  readonly name: string;
  readonly default: Expr | null;
}
/** `{% macro name(params) %}`. */
export interface Macro extends Base {
  readonly kind: 'Macro';
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly Stmt[];
}
/** `{% call(params) macro(args) %}`: the body becomes `caller`. */
export interface CallBlock extends Base {
  readonly kind: 'CallBlock';
  readonly call: Call;
  readonly params: readonly MacroParam[];
  readonly body: readonly Stmt[];
}
/** `{% filter f|g %}…{% endfilter %}`. */
export interface FilterBlock extends Base {
  readonly kind: 'FilterBlock';
  /** The filter chain, innermost first; each Filter has `node: null` for the captured body. */
  readonly filters: readonly Filter[];
  readonly body: readonly Stmt[];
}
/** `{% with a = 1 %}`: a new scope. */
export interface With extends Base {
  readonly kind: 'With';
  readonly targets: readonly Target[];
  readonly values: readonly Expr[];
  readonly body: readonly Stmt[];
}
/** `{% block name [scoped] [required] %}`. */
export interface Block extends Base {
  readonly kind: 'Block';
  readonly name: string;
  readonly body: readonly Stmt[];
  readonly scoped: boolean;
  readonly required: boolean;
}
/** `{% extends expr %}`. */
export interface Extends extends Base {
  readonly kind: 'Extends';
  readonly template: Expr;
}
/** `{% include expr [ignore missing] [with|without context] %}`. */
export interface Include extends Base {
  readonly kind: 'Include';
  readonly template: Expr;
  readonly withContext: boolean;
  readonly ignoreMissing: boolean;
}
/** `{% import expr as name %}`. */
export interface Import extends Base {
  readonly kind: 'Import';
  readonly template: Expr;
  readonly target: string;
  readonly withContext: boolean;
}
/** `{% from expr import a, b as c %}`. */
export interface FromImport extends Base {
  readonly kind: 'FromImport';
  readonly template: Expr;
  readonly names: readonly { readonly name: string; readonly alias: string }[];
  readonly withContext: boolean;
}
/** `{% set target = value %}`. */
export interface Assign extends Base {
  readonly kind: 'Assign';
  readonly target: Target;
  readonly value: Expr;
}
/** `{% set target | filters %}…{% endset %}`. */
export interface AssignBlock extends Base {
  readonly kind: 'AssignBlock';
  readonly target: Target;
  readonly filters: readonly Filter[];
  readonly body: readonly Stmt[];
}
/** `{% autoescape expr %}`: switches autoescaping for the body. */
export interface AutoEscape extends Base {
  readonly kind: 'AutoEscape';
  readonly value: Expr;
  readonly body: readonly Stmt[];
}
/** `{% do expr %}` (the `do` extension). */
export interface ExprStmt extends Base {
  readonly kind: 'ExprStmt';
  readonly value: Expr;
}
/** `{% break %}` (loopcontrols). */
export interface Break extends Base {
  readonly kind: 'Break';
}
/** `{% continue %}` (loopcontrols). */
export interface Continue extends Base {
  readonly kind: 'Continue';
}

/** Any statement node. */
export type Stmt =
  | Output
  | For
  | If
  | Macro
  | CallBlock
  | FilterBlock
  | With
  | Block
  | Extends
  | Include
  | Import
  | FromImport
  | Assign
  | AssignBlock
  | AutoEscape
  | ExprStmt
  | Break
  | Continue;

/** The root of a parsed template. */
export interface TemplateNode {
  readonly kind: 'Template';
  readonly body: readonly Stmt[];
  readonly lineno: number;
}

/** Compile-time proof that a switch handled every kind. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled AST node: ${JSON.stringify(value)}`);
}
