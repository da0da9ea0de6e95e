/**
 * Python `dict` methods for plain objects and Maps. Writes to plain objects never touch a prototype,
 * whatever the key (`__proto__` becomes an ordinary own key).
 */
import { isMapping, mappingEntries, mappingGet, mappingHas, pyIter, pyRepr } from '../values.ts';

/** One Python method: its name, parameter names (for keyword arguments) and implementation. */
export interface Method {
  name: string;
  params: readonly string[];
  fn: (self: unknown, ...args: unknown[]) => unknown;
}

type Dict = Record<string, unknown> | Map<unknown, unknown>;

/** Python's `KeyError`: a mapping has no such key. */
export class KeyError extends Error {
  override name = 'KeyError';
}

/** Python's `IndexError`: a sequence index is out of range. */
export class IndexError extends Error {
  override name = 'IndexError';
}

/** Stores a key on a plain object or Map without ever reaching the prototype chain. */
export function setKey(target: Dict, key: unknown, value: unknown): void {
  if (target instanceof Map) {
    target.set(key, value);
    return;
  }
  Object.defineProperty(target, String(key), { value, writable: true, enumerable: true, configurable: true });
}

function deleteKey(target: Dict, key: unknown): void {
  if (target instanceof Map) target.delete(key);
  else delete target[String(key)];
}

function copyDict(self: Dict): Dict {
  if (self instanceof Map) return new Map(self);
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(self));
  for (const [k, v] of Object.entries(self)) setKey(copy, k, v);
  return copy;
}

function update(self: Dict, sources: unknown[], kwargs: Record<string, unknown>): null {
  for (const source of [...sources, kwargs]) {
    if (isMapping(source)) {
      for (const [k, v] of mappingEntries(source)) setKey(self, k, v);
    } else {
      for (const pair of pyIter(source)) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new TypeError('dict.update() needs a mapping or an iterable of key/value pairs.');
        }
        setKey(self, pair[0], pair[1]);
      }
    }
  }
  return null;
}

const MISSING = Symbol('missing');

const d = (
  name: string,
  params: string[],
  fn: (self: Dict, ...args: unknown[]) => unknown,
): [string, Method] => [name, { name, params, fn: fn as Method['fn'] }];

/** Python `dict` methods by name. */
export const DICT_METHODS = new Map<string, Method>([
  d('items', [], (self) => mappingEntries(self)),
  d('keys', [], (self) => mappingEntries(self).map(([k]) => k)),
  d('values', [], (self) => mappingEntries(self).map(([, v]) => v)),
  d('get', ['key', 'default'], (self, key, dflt = null) =>
    mappingHas(self, key) ? mappingGet(self, key) : dflt,
  ),
  d('pop', ['key', 'default'], (self, key, dflt: unknown = MISSING) => {
    if (!mappingHas(self, key)) {
      if (dflt === MISSING) throw new KeyError(`${pyRepr(key)}: pop() found no such key and had no default.`);
      return dflt;
    }
    const value = mappingGet(self, key);
    deleteKey(self, key);
    return value;
  }),
  d('popitem', [], (self) => {
    const entries = mappingEntries(self);
    const last = entries[entries.length - 1];
    if (last === undefined) throw new KeyError('popitem(): dictionary is empty');
    deleteKey(self, last[0]);
    return last;
  }),
  d('setdefault', ['key', 'default'], (self, key, dflt = null) => {
    if (mappingHas(self, key)) return mappingGet(self, key);
    setKey(self, key, dflt);
    return dflt;
  }),
  d('update', ['*args', '**kwargs'], (self, args, kwargs) =>
    update(self, args as unknown[], kwargs as Record<string, unknown>),
  ),
  d('copy', [], (self) => copyDict(self)),
  d('clear', [], (self) => {
    if (self instanceof Map) self.clear();
    else for (const k of Object.keys(self)) delete self[k];
    return null;
  }),
]);
