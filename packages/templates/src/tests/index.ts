/**
 * The builtin `is` tests of Jinja2 3.1, by name (symbol aliases included: `==`, `<`, `>=`, …).
 */
import type { TestFunction } from '../filters/types.ts';
import {
  boolean,
  callable,
  defined,
  escaped,
  falseTest,
  filter,
  float,
  integer,
  iterable,
  mapping,
  none,
  number,
  sequence,
  string,
  test,
  trueTest,
  undefinedTest,
} from './types.ts';
import { divisibleby, eq, even, ge, gt, inTest, le, lower, lt, ne, odd, sameas, upper } from './values.ts';

for (const [fn, name] of [
  [undefinedTest, 'undefined'],
  [trueTest, 'true'],
  [falseTest, 'false'],
  [inTest, 'in'],
] as const) {
  Object.defineProperty(fn, 'name', { value: name });
}

/** Every builtin test by name, in a null-prototype object; copy it before adding your own. */
export const builtinTests: Record<string, TestFunction> = Object.assign(Object.create(null), {
  boolean,
  callable,
  defined,
  divisibleby,
  eq,
  '==': eq,
  equalto: eq,
  escaped,
  even,
  false: falseTest,
  filter,
  float,
  ge,
  '>=': ge,
  gt,
  '>': gt,
  greaterthan: gt,
  in: inTest,
  integer,
  iterable,
  le,
  '<=': le,
  lower,
  lt,
  '<': lt,
  lessthan: lt,
  mapping,
  ne,
  '!=': ne,
  none,
  number,
  odd,
  sameas,
  sequence,
  string,
  test,
  true: trueTest,
  undefined: undefinedTest,
  upper,
});
