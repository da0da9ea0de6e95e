/**
 * Type-level parsing of rule strings: `RouteParams<'/user/<int:id>/<name>'>` is `{ id: number; name: string }`.
 * Nothing here exists at runtime.
 */

/**
 * The value type each converter gives a view, by converter name. Add your own converters by declaration merging:
 * @example
 * declare module 'flagon' {
 *   interface ConverterTypes { date: Date }
 * }
 * // RouteParams<'/day/<date:d>'> is now { d: Date }
 * Converters not listed here give `unknown`.
 */
export interface ConverterTypes {
  default: string;
  string: string;
  path: string;
  uuid: string;
  any: string;
  int: number;
  float: number;
}

type TrimStart<S extends string> = S extends ` ${infer R}` ? TrimStart<R> : S;
type TrimEnd<S extends string> = S extends `${infer R} ` ? TrimEnd<R> : S;
// Comma-separated items; a quoted item may contain commas, as in Werkzeug.
type Items<S extends string> =
  TrimStart<S> extends `"${infer Quoted}"${infer Rest}`
    ? Quoted | AfterComma<Rest>
    : TrimStart<S> extends `'${infer Quoted}'${infer Rest}`
      ? Quoted | AfterComma<Rest>
      : S extends `${infer Head},${infer Rest}`
        ? TrimEnd<TrimStart<Head>> | Items<Rest>
        : TrimEnd<TrimStart<S>>;
type AfterComma<S extends string> = TrimStart<S> extends `,${infer Rest}` ? Items<Rest> : never;

type ValueOf<Converter extends string, Args extends string> = Converter extends 'any'
  ? Exclude<Items<Args>, ''> extends infer Item extends string
    ? [Item] extends [never]
      ? string
      : Item
    : string
  : Converter extends keyof ConverterTypes
    ? ConverterTypes[Converter]
    : unknown;

// `conv(args):name`, `conv:name` or `name`.
type Variable<Body extends string> = Body extends `${infer Converter}(${infer Args}):${infer Name}`
  ? { [K in Name]: ValueOf<Converter, Args> }
  : Body extends `${infer Converter}:${infer Name}`
    ? { [K in Name]: ValueOf<Converter, ''> }
    : { [K in Body]: string };

type Variables<Rule extends string> = Rule extends `${string}<${infer Body}>${infer Rest}`
  ? Variable<Body> & Variables<Rest>
  : unknown;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The params a view receives for a rule string literal. `int` and `float` give `number`; `string`, `path`,
 * `uuid` give `string`; `any(a, b)` gives `'a' | 'b'`; converters registered in `ConverterTypes` give their
 * type and others `unknown`. A rule typed only as `string` gives `Record<string, unknown>`.
 */
export type RouteParams<Rule extends string> = string extends Rule
  ? Record<string, unknown>
  : Simplify<Variables<Rule>>;

type ConverterOf<Body extends string> = Body extends `${infer Converter}(${string}):${string}`
  ? Converter
  : Body extends `${infer Converter}:${string}`
    ? Converter
    : never;
type ConverterNames<Rule extends string> = Rule extends `${string}<${infer Body}>${infer Rest}`
  ? ConverterOf<Body> | ConverterNames<Rest>
  : never;

/** The converters a rule literal names that `ConverterTypes` does not declare. */
export type UnknownConverters<Rule extends string> = Exclude<ConverterNames<Rule>, keyof ConverterTypes>;

/**
 * A rule literal whose converters are all declared in `ConverterTypes`, or else a message type, so that
 * `app.get('/<intt:id>', …)` fails to compile with the unknown name in the error. Rules typed only as
 * `string` are not checked (they are at run time, with `RuleSyntaxError`).
 */
export type CheckedRule<Rule extends string> = string extends Rule
  ? Rule
  : [UnknownConverters<Rule>] extends [never]
    ? Rule
    : `Unknown converter '${UnknownConverters<Rule>}' in this rule. Register it with app.addConverter() and declare its type: declare module 'flagon' { interface ConverterTypes { ${UnknownConverters<Rule>}: ... } }`;
