/**
 * `is` tests about a value's content: `odd`, `even`, `divisibleby`, `lower`, `upper`, `sameas`, `in`,
 * and the comparisons (`eq`/`==`, `ne`, `lt`, `le`, `gt`, `ge` and their aliases).
 */
import { ZeroDivisionError } from '../errors/errors.ts';
import { pyIsLower, pyIsUpper } from '../runtime/python-methods/str.ts';
import { pyCompare, pyContains, pyEquals, pyMod, toNumber, toText } from '../runtime/values.ts';

/** `odd`: the number is odd. @throws TypeError for a non-number. */
export function odd(value: unknown): boolean {
  return pyMod(toNumber(value, 'odd'), 2) === 1;
}

/** `even`: the number is even. @throws TypeError for a non-number. */
export function even(value: unknown): boolean {
  return pyMod(toNumber(value, 'even'), 2) === 0;
}

/** `divisibleby(num)`: the number divides by `num`. @throws ZeroDivisionError when `num` is 0. */
export function divisibleby(value: unknown, num: unknown): boolean {
  const divisor = toNumber(num, 'divisibleby');
  if (divisor === 0) throw new ZeroDivisionError('integer division or modulo by zero (divisibleby 0)');
  return pyMod(toNumber(value, 'divisibleby'), divisor) === 0;
}
divisibleby.params = ['num'] as const;

/** `lower`: the text has cased characters and all are lower-case. */
export function lower(value: unknown): boolean {
  return pyIsLower(toText(value));
}

/** `upper`: the text has cased characters and all are upper-case. */
export function upper(value: unknown): boolean {
  return pyIsUpper(toText(value));
}

/** `sameas(other)`: the very same object (`is` in Python), not just equal. */
export function sameas(value: unknown, other: unknown): boolean {
  // biome-ignore lint/suspicious/noSelfCompare: NaN is itself in Python's identity sense.
  return value === other || (value !== value && other !== other);
}
sameas.params = ['other'] as const;

/** `in(seq)`: the value is in the container (substring, key or item). */
export function inTest(value: unknown, seq: unknown): boolean {
  return pyContains(seq, value);
}
inTest.params = ['seq'] as const;

/** `eq` / `==` / `equalto`: equal by Python's rules. */
export function eq(value: unknown, other: unknown): boolean {
  return pyEquals(value, other);
}
eq.params = ['other'] as const;

/** `ne` / `!=`: not equal. */
export function ne(value: unknown, other: unknown): boolean {
  return !pyEquals(value, other);
}
ne.params = ['other'] as const;

/** `lt` / `<` / `lessthan`. @throws TypeError for values that cannot be ordered. */
export function lt(value: unknown, other: unknown): boolean {
  return pyCompare(value, other, '<') < 0;
}
lt.params = ['other'] as const;

/** `le` / `<=`. @throws TypeError for values that cannot be ordered. */
export function le(value: unknown, other: unknown): boolean {
  return pyCompare(value, other, '<=') <= 0;
}
le.params = ['other'] as const;

/** `gt` / `>` / `greaterthan`. @throws TypeError for values that cannot be ordered. */
export function gt(value: unknown, other: unknown): boolean {
  return pyCompare(value, other, '>') > 0;
}
gt.params = ['other'] as const;

/** `ge` / `>=`. @throws TypeError for values that cannot be ordered. */
export function ge(value: unknown, other: unknown): boolean {
  return pyCompare(value, other, '>=') >= 0;
}
ge.params = ['other'] as const;
