/**
 * The runtime's members as generated code names them (`rt.esc`). The compiler writes every runtime call through
 * this object, and its type admits only the members of `Runtime`, so a misspelt or removed helper fails when
 * the engine itself is type-checked rather than when a template first runs that code.
 */
import type { Runtime } from '../runtime/runtime.ts';

/** `RT.esc` is the text `'rt.esc'`, for any member of `Runtime`. */
export type RuntimeNames = { readonly [K in keyof Runtime & string]: `rt.${K}` };

export const RT: RuntimeNames = new Proxy(Object.create(null) as RuntimeNames, {
  get: (_target, name) => `rt.${String(name)}`,
});
