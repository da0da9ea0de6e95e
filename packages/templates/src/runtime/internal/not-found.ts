/**
 * The access checkpoint's "no such attribute or item" sentinel, in a leaf so that the Python methods
 * (`python-methods/`) can return it without importing `access.ts`, which imports them.
 */

/** Attribute lookup without the item fallback; `NOT_FOUND` when there is none. */
export const NOT_FOUND: unique symbol = Symbol('not found');
