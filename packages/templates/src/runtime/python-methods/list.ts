/**
 * Python `list` methods for arrays. Mutating methods change the array in place and return `null` (None).
 */
import { ValueError } from '../../errors/errors.ts';
import { pyCompare, pyEquals, pyIter, pyRepr } from '../values.ts';
import { IndexError, type Method } from './dict.ts';

function normalizeIndex(length: number, index: unknown, clamp: boolean): number {
  let i = Math.trunc(Number(index));
  if (Number.isNaN(i)) throw new TypeError('list indices must be integers.');
  if (i < 0) i += length;
  if (clamp) return Math.min(Math.max(i, 0), length);
  return i;
}

function indexOf(self: unknown[], item: unknown, start: unknown, end: unknown): number {
  const s = start === undefined || start === null ? 0 : normalizeIndex(self.length, start, true);
  const e = end === undefined || end === null ? self.length : normalizeIndex(self.length, end, true);
  for (let i = s; i < e; i++) if (pyEquals(self[i], item)) return i;
  throw new ValueError(`${pyRepr(item)} is not in list`);
}

function sortInPlace(self: unknown[], key: unknown, reverse: unknown): null {
  const keyOf =
    key === undefined || key === null
      ? (v: unknown) => v
      : typeof key === 'function'
        ? (v: unknown) => (key as (x: unknown) => unknown)(v)
        : null;
  if (keyOf === null) throw new TypeError('sort(key=...) needs a callable or none.');
  const decorated = self.map((v) => [keyOf(v), v] as const);
  const sign = reverse ? -1 : 1;
  decorated.sort((a, b) => sign * (pyCompare(a[0], b[0]) || 0));
  for (let i = 0; i < decorated.length; i++) self[i] = (decorated[i] as readonly [unknown, unknown])[1];
  return null;
}

type ListFn = (self: unknown[], ...args: unknown[]) => unknown;
const l = (name: string, params: string[], fn: ListFn): [string, Method] => [
  name,
  { name, params, fn: fn as Method['fn'] },
];

/** Python `list` methods by name. */
export const LIST_METHODS = new Map<string, Method>([
  l('append', ['object'], (self, item) => {
    self.push(item);
    return null;
  }),
  l('extend', ['iterable'], (self, it) => {
    // Python reads the argument before extending, so `xs.extend(xs)` doubles the list instead of never
    // ending (iterating an array that grows while it is read).
    const items = it === self ? self.slice() : Array.from(pyIter(it));
    for (const item of items) self.push(item);
    return null;
  }),
  l('insert', ['index', 'object'], (self, index, item) => {
    self.splice(normalizeIndex(self.length, index, true), 0, item);
    return null;
  }),
  l('pop', ['index'], (self, index = -1) => {
    if (self.length === 0) throw new IndexError('pop from empty list');
    const i = normalizeIndex(self.length, index, false);
    if (i < 0 || i >= self.length) throw new IndexError('pop index out of range');
    return self.splice(i, 1)[0];
  }),
  l('remove', ['value'], (self, item) => {
    self.splice(indexOf(self, item, 0, null), 1);
    return null;
  }),
  l('index', ['value', 'start', 'stop'], (self, item, s, e) => indexOf(self, item, s, e)),
  l('count', ['value'], (self, item) => self.filter((v) => pyEquals(v, item)).length),
  l('reverse', [], (self) => {
    self.reverse();
    return null;
  }),
  l('sort', ['key', 'reverse'], (self, key, reverse) => sortInPlace(self, key, reverse)),
  l('copy', [], (self) => self.slice()),
  l('clear', [], (self) => {
    self.length = 0;
    return null;
  }),
]);
