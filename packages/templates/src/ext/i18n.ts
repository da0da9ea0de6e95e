/**
 * The `i18n` extension (Jinja2's `jinja2.ext.i18n`): the `{% trans %}` tag, parsed into ordinary gettext
 * calls, and the gettext callables `env.installGettextTranslations()` and friends put in the globals.
 */

import { TemplateAssertionError } from '../errors/errors.ts';
import type { Expr, Stmt } from '../nodes/nodes.ts';
import type { TokenStream } from '../parser/token-stream.ts';
import { KWCALL, type KwCallable } from '../runtime/macro.ts';
import { Markup } from '../runtime/markup.ts';
import { mod } from '../runtime/operators.ts';
import { type GettextTranslations, NullTranslations } from './gettext-catalog.ts';

// ---------------------------------------------------------------- parsing {% trans %}

/** What parsing a trans tag needs from the parser, and the extension's parse-time settings. */
export interface TransParser {
  readonly stream: TokenStream;
  parseExpression(): Expr;
  /** The `ext.i18n.trimmed` policy: trim blocks that say neither `trimmed` nor `notrimmed`. */
  readonly trimmedByDefault: boolean;
  /** Whether new-style gettext is installed: the calls then take the variables as keyword arguments. */
  readonly newstyle: boolean;
}

const name = (n: string, lineno: number): Expr => ({ kind: 'Name', name: n, lineno });
const str = (value: string, lineno: number): Expr => ({ kind: 'Const', value, lineno });

/**
 * Parses `{% trans [context] [trimmed|notrimmed] [name[=expr], …] %}…[{% pluralize [name] %}…]{% endtrans %}`
 * (the current token is `trans`) into what Jinja2 builds: an output of `gettext`, `ngettext`, `pgettext` or
 * `npgettext` called with the message, formatted with the variables and marked safe under autoescaping.
 * @throws TemplateSyntaxError for control structures or expressions inside the block, TemplateAssertionError
 * for a variable defined twice or an unknown pluralization variable.
 */
export function parseTrans(p: TransParser): Stmt | Stmt[] {
  const { stream } = p;
  const lineno = stream.next().lineno;
  let context: string | null = null;
  if (stream.current.type === 'string') context = stream.next().value as string;
  let pluralExpr: Expr | null = null;
  let pluralAssignment: Stmt | null = null;
  let numCalledNum = false;
  const variables = new Map<string, Expr>();
  let trimmed: boolean | null = null;
  while (stream.current.type !== 'block_end') {
    if (variables.size > 0) stream.expectOp(',');
    if (stream.skipOp(':')) break;
    const token = stream.expectType('name', 'a variable name');
    const key = token.value as string;
    if (variables.has(key)) {
      throw new TemplateAssertionError(`translatable variable '${key}' defined twice.`, {
        lineno: token.lineno,
      });
    }
    let value: Expr;
    if (stream.skipOp('=')) {
      value = p.parseExpression();
    } else if (trimmed === null && (key === 'trimmed' || key === 'notrimmed')) {
      trimmed = key === 'trimmed';
      continue;
    } else {
      value = name(key, token.lineno);
    }
    variables.set(key, value);
    if (pluralExpr === null) {
      if (value.kind === 'Call') {
        // A call is evaluated once, before the block, so the count and the text agree.
        pluralExpr = name('_trans', token.lineno);
        variables.set(key, pluralExpr);
        pluralAssignment = {
          kind: 'Assign',
          target: { kind: 'NameTarget', name: '_trans', lineno: token.lineno },
          value,
          lineno: token.lineno,
        };
      } else {
        pluralExpr = value;
      }
      numCalledNum = key === 'num';
    }
  }
  stream.expectType('block_end', 'end of statement block');

  const referenced = new Set<string>();
  const singularPart = parseBlock(stream, true);
  let singular = singularPart.text;
  let plural: string | null = null;
  for (const n of singularPart.names) referenced.add(n);
  if (singularPart.names.length > 0 && pluralExpr === null) {
    const first = singularPart.names[0] as string;
    pluralExpr = name(first, lineno);
    numCalledNum = first === 'num';
  }
  let hasPlural = false;
  if (stream.isName('pluralize')) {
    hasPlural = true;
    stream.next();
    if (stream.current.type !== 'block_end') {
      const token = stream.expectType('name', 'a variable name');
      const chosen = variables.get(token.value as string);
      if (chosen === undefined) {
        throw new TemplateAssertionError(`unknown variable '${String(token.value)}' for pluralization`, {
          lineno: token.lineno,
        });
      }
      pluralExpr = chosen;
      numCalledNum = token.value === 'num';
    }
    stream.expectType('block_end', 'end of statement block');
    const pluralPart = parseBlock(stream, false);
    plural = pluralPart.text;
    for (const n of pluralPart.names) referenced.add(n);
  }
  stream.next(); // endtrans
  stream.expectType('block_end', 'end of statement block');

  for (const n of referenced) if (!variables.has(n)) variables.set(n, name(n, lineno));
  if (!hasPlural) pluralExpr = null;
  else if (pluralExpr === null) stream.fail('pluralize without variables', lineno);

  if (trimmed ?? p.trimmedByDefault) {
    singular = trimWhitespace(singular);
    if (plural !== null) plural = trimWhitespace(plural);
  }
  const node = makeNode(
    p.newstyle,
    singular,
    plural,
    context,
    variables,
    pluralExpr,
    referenced.size > 0,
    numCalledNum && hasPlural,
    lineno,
  );
  return pluralAssignment === null ? node : [pluralAssignment, node];
}

function trimWhitespace(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** The text up to `{% endtrans %}` or `{% pluralize %}` with `%` doubled and `{{ name }}` as `%(name)s`. */
function parseBlock(stream: TokenStream, allowPluralize: boolean): { names: string[]; text: string } {
  const names: string[] = [];
  let text = '';
  for (;;) {
    const t = stream.current;
    if (t.type === 'data') {
      text += (t.value as string).replaceAll('%', '%%');
      stream.next();
    } else if (t.type === 'variable_begin') {
      stream.next();
      const n = stream.expectType('name', 'a variable name').value as string;
      names.push(n);
      text += `%(${n})s`;
      stream.expectType('variable_end', 'end of print statement');
    } else if (t.type === 'block_begin') {
      stream.next();
      if (stream.isName('endtrans')) break;
      if (stream.isName('pluralize')) {
        if (allowPluralize) break;
        stream.fail('a translatable section can have only one pluralize section');
      }
      stream.fail('control structures in translatable sections are not allowed');
    } else if (t.type === 'eof') {
      stream.fail('unclosed translation block');
    } else {
      stream.fail(`unexpected ${t.type} in a translatable section`);
    }
  }
  return { names, text };
}

function makeNode(
  newstyle: boolean,
  singularText: string,
  pluralText: string | null,
  context: string | null,
  variables: Map<string, Expr>,
  pluralExpr: Expr | null,
  varsReferenced: boolean,
  numCalledNum: boolean,
  lineno: number,
): Stmt {
  let singular = singularText;
  let plural = pluralText;
  // Old-style gettext formats only when there are variables, so only then does `%` need doubling.
  if (!varsReferenced && !newstyle) {
    singular = singular.replaceAll('%%', '%');
    if (plural !== null) plural = plural.replaceAll('%%', '%');
  }
  let fn = 'gettext';
  const args: Expr[] = [str(singular, lineno)];
  if (context !== null) {
    args.unshift(str(context, lineno));
    fn = `p${fn}`;
  }
  if (pluralExpr !== null) {
    fn = `n${fn}`;
    args.push(str(plural ?? '', lineno), pluralExpr);
  }
  const kwargs: { key: string; value: Expr }[] = [];
  if (newstyle) {
    for (const [key, value] of variables) if (!(numCalledNum && key === 'num')) kwargs.push({ key, value });
  }
  let node: Expr = {
    kind: 'Call',
    node: name(fn, lineno),
    args,
    kwargs,
    dynArgs: null,
    dynKwargs: null,
    lineno,
  };
  if (!newstyle) {
    node = { kind: 'MarkSafeIfAutoescape', expr: node, lineno };
    if (variables.size > 0) {
      const pairs = [...variables].map(([key, value]) => [str(key, lineno), value] as const);
      node = { kind: 'BinOp', op: '%', left: node, right: { kind: 'Dict', pairs, lineno }, lineno };
    }
  }
  return { kind: 'Output', items: [node], lineno };
}

// ---------------------------------------------------------------- the gettext callables

type Gettext = (message: string) => string;
type Ngettext = (singular: string, plural: string, n: number) => string;
type Pgettext = (context: string, message: string) => string;
type Npgettext = (context: string, singular: string, plural: string, n: number) => string;

/** Options of `env.installGettextCallables()`. */
export interface GettextCallablesOptions {
  /** New-style gettext: calls format their own `%(name)s` placeholders from keyword arguments, escaping them. */
  newstyle?: boolean;
  pgettext?: Pgettext | null;
  npgettext?: Npgettext | null;
}

/** Options of `env.installGettextTranslations()` and `env.installNullTranslations()`. */
export interface InstallTranslationsOptions {
  newstyle?: boolean;
}

const GETTEXT_NAMES = ['gettext', 'ngettext', 'pgettext', 'npgettext'] as const;

/** A template callable that takes keyword arguments and learns the caller's autoescape mode. */
function kwCallable(
  label: string,
  impl: (args: unknown[], kwargs: Record<string, unknown> | null, autoescape: boolean) => unknown,
): KwCallable {
  const fn = { [label]: (...args: unknown[]) => impl(args, null, false) }[label] as KwCallable;
  fn[KWCALL] = (args, kwargs, autoescape) => impl(args, kwargs, autoescape === true);
  return fn;
}

function text(value: unknown, what: string, fn: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Markup) return String(value);
  throw new TypeError(`${fn}() expects a string ${what}, got ${value === null ? 'none' : typeof value}`);
}

/**
 * The count as the translations see it: a boolean is 0 or 1 (Python's bool is an int); anything else goes on
 * unchanged, so untranslated text picks by `n == 1` and a catalog's plural rule refuses a non-number, as in
 * Python.
 */
function count(value: unknown): number {
  return typeof value === 'boolean' ? Number(value) : (value as number);
}

/**
 * Jinja2's new-style wrapper: the translation is marked safe under autoescaping and always formatted with the
 * keyword arguments (so `%%` is always a literal percent), which are escaped as Markup's `%` escapes them.
 */
function newstyle(
  label: string,
  arity: number,
  defaults: (args: unknown[]) => Record<string, unknown>,
  translate: (args: unknown[]) => string,
): KwCallable {
  return kwCallable(label, (args, kwargs, autoescape) => {
    if (args.length !== arity)
      throw new TypeError(`${label}() takes ${arity} positional argument(s), ${args.length} given`);
    const variables: Record<string, unknown> = Object.assign(
      Object.create(null),
      defaults(args),
      kwargs ?? {},
    );
    const rv = translate(args);
    return mod(autoescape ? new Markup(rv) : rv, variables);
  });
}

function oldstyle(label: string, arity: number, translate: (args: unknown[]) => string): KwCallable {
  return kwCallable(label, (args, kwargs) => {
    if (args.length !== arity || (kwargs !== null && Object.keys(kwargs).length > 0)) {
      throw new TypeError(
        `${label}() takes exactly ${arity} positional argument(s); keyword arguments need new-style gettext`,
      );
    }
    return translate(args);
  });
}

/** The four gettext globals for the given functions, wrapped as Jinja2 wraps them. */
export function gettextGlobals(
  gettext: Gettext,
  ngettext: Ngettext,
  options: GettextCallablesOptions & { newstyle: boolean },
): Record<(typeof GETTEXT_NAMES)[number], KwCallable | null> {
  const { pgettext, npgettext } = options;
  const g = (a: unknown[]) => gettext(text(a[0], 'message', 'gettext'));
  const ng = (a: unknown[]) =>
    ngettext(text(a[0], 'singular', 'ngettext'), text(a[1], 'plural', 'ngettext'), count(a[2]));
  const pg = pgettext
    ? (a: unknown[]) => pgettext(text(a[0], 'context', 'pgettext'), text(a[1], 'message', 'pgettext'))
    : null;
  const npg = npgettext
    ? (a: unknown[]) =>
        npgettext(
          text(a[0], 'context', 'npgettext'),
          text(a[1], 'singular', 'npgettext'),
          text(a[2], 'plural', 'npgettext'),
          count(a[3]),
        )
    : null;
  if (!options.newstyle) {
    return {
      gettext: oldstyle('gettext', 1, g),
      ngettext: oldstyle('ngettext', 3, ng),
      pgettext: pg && oldstyle('pgettext', 2, pg),
      npgettext: npg && oldstyle('npgettext', 4, npg),
    };
  }
  const none = () => ({});
  return {
    gettext: newstyle('gettext', 1, none, g),
    ngettext: newstyle('ngettext', 3, (a) => ({ num: a[2] }), ng),
    pgettext: pg && newstyle('pgettext', 2, (a) => ({ context: a[0] }), pg),
    npgettext: npg && newstyle('npgettext', 4, (a) => ({ context: a[0], num: a[3] }), npg),
  };
}

/**
 * `_()`: calls whatever `gettext` the environment's globals hold when it runs, passing keyword arguments and
 * the autoescape mode on. Differs from Jinja2: Jinja2 resolves `gettext` in the template context, so a
 * context variable named `gettext` would win; here the globals always answer.
 */
export function gettextAlias(globals: Record<string, unknown>, undefinedGettext: () => never): KwCallable {
  return kwCallable('_', (args, kwargs, autoescape) => {
    const target = globals.gettext;
    if (typeof target !== 'function') return undefinedGettext();
    const kw = (target as Partial<KwCallable>)[KWCALL];
    if (kw !== undefined) return kw(args, kwargs, autoescape);
    if (kwargs !== null && Object.keys(kwargs).length > 0) return target(...args, kwargs);
    return target(...args);
  });
}

/** Per-environment state of the i18n extension: which gettext style is installed. */
export class I18nState {
  /** Whether templates compile trans blocks for new-style gettext (`env.newstyleGettext`). */
  newstyle = false;
  readonly #globals: Record<string, unknown>;

  constructor(globals: Record<string, unknown>, undefinedGettext: () => never) {
    this.#globals = globals;
    globals._ = gettextAlias(globals, undefinedGettext);
  }

  installCallables(gettext: Gettext, ngettext: Ngettext, options: GettextCallablesOptions = {}): void {
    if (typeof gettext !== 'function' || typeof ngettext !== 'function') {
      throw new TypeError('installGettextCallables() needs a gettext and an ngettext function.');
    }
    if (options.newstyle !== undefined) this.newstyle = options.newstyle;
    const made = gettextGlobals(gettext, ngettext, { ...options, newstyle: this.newstyle });
    for (const key of GETTEXT_NAMES) this.#globals[key] = made[key];
  }

  installTranslations(translations: GettextTranslations, options: InstallTranslationsOptions = {}): void {
    const t = translations as GettextTranslations & Record<string, unknown>;
    if (typeof t?.gettext !== 'function' || typeof t.ngettext !== 'function') {
      throw new TypeError(
        'installGettextTranslations() needs an object with gettext() and ngettext() methods.',
      );
    }
    this.installCallables(
      (m) => t.gettext(m),
      (s, p, n) => t.ngettext(s, p, n),
      {
        ...options,
        pgettext: typeof t.pgettext === 'function' ? (c, m) => (t.pgettext as Pgettext).call(t, c, m) : null,
        npgettext:
          typeof t.npgettext === 'function'
            ? (c, s, p, n) => (t.npgettext as Npgettext).call(t, c, s, p, n)
            : null,
      },
    );
  }

  installNull(options: InstallTranslationsOptions = {}): void {
    this.installTranslations(new NullTranslations(), options);
  }

  uninstall(): void {
    for (const key of GETTEXT_NAMES) delete this.#globals[key];
  }
}
