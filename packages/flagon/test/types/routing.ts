/**
 * Type-level promises of `RouteParams`, checked by `tsc` (this file is never run). A regression shows up as an
 * unused `@ts-expect-error` or a failed assignment.
 */
import type { RouteParams } from '../../src/routing/params.ts';

declare module '../../src/routing/params.ts' {
  interface ConverterTypes {
    date: Date;
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

// int and float give numbers, the default converter a string.
expectType<Equal<RouteParams<'/user/<int:id>/<name>'>, { id: number; name: string }>>();
expectType<Equal<RouteParams<'/p/<float:x>'>, { x: number }>>();

// string, path and uuid give strings, with or without converter arguments.
expectType<Equal<RouteParams<'/<string(length=2):lang>/<path:rest>'>, { lang: string; rest: string }>>();
expectType<Equal<RouteParams<'/o/<uuid:id>'>, { id: string }>>();
expectType<Equal<RouteParams<'/n/<int(min=1, max=99):n>'>, { n: number }>>();

// any(...) gives the union of its items, quoted or not.
expectType<Equal<RouteParams<'/<any(about, help, "a,b"):page>'>, { page: 'about' | 'help' | 'a,b' }>>();
expectType<Equal<RouteParams<"/<any('x', y):page>">, { page: 'x' | 'y' }>>();

// Converters registered by declaration merging give their type; unknown ones give unknown.
expectType<Equal<RouteParams<'/day/<date:d>'>, { d: Date }>>();
expectType<Equal<RouteParams<'/c/<mystery:m>'>, { m: unknown }>>();

// No variables: an empty object. A non-literal rule: a record.
expectType<Equal<RouteParams<'/static/page'>, {}>>();
expectType<Equal<RouteParams<string>, Record<string, unknown>>>();

// Variables mixed with static text in one segment.
expectType<Equal<RouteParams<'/x/<name>.<any(html, json):ext>'>, { name: string; ext: 'html' | 'json' }>>();

const user: RouteParams<'/user/<int:id>'> = { id: 3 };
// @ts-expect-error: an int parameter is not a string
const wrongType: RouteParams<'/user/<int:id>'> = { id: '3' };
// @ts-expect-error: a missing parameter is an error
const missing: RouteParams<'/user/<int:id>/<name>'> = { id: 3 };
// @ts-expect-error: any(...) accepts only its items
const notAnItem: RouteParams<'/<any(about, help):page>'> = { page: 'contact' };
// @ts-expect-error: unknown parameter names are rejected
const extra: RouteParams<'/user/<int:id>'> = { id: 3, other: 1 };
// @ts-expect-error: the expected type is not `any`
expectType<Equal<RouteParams<'/user/<int:id>'>, { id: string }>>();

export { extra, missing, notAnItem, user, wrongType };
