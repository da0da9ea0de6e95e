/** Rate limits as Flask-Limiter (the `limits` library) writes and reads them: `'10 per minute'`, `'5/2 seconds'`. */

import { RateLimitSyntaxError } from '../errors.ts';

/** Seconds per unit, as in `limits` (a month is 30 days, a year 12 months). */
export const GRANULARITIES = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  month: 30 * 86_400,
  year: 12 * 30 * 86_400,
} as const;

export type Granularity = keyof typeof GRANULARITIES;

/** One limit: `amount` requests per `multiples` × `granularity`. */
export class RateLimitItem {
  readonly amount: number;
  readonly multiples: number;
  readonly granularity: Granularity;

  constructor(amount: number, multiples: number, granularity: Granularity) {
    this.amount = amount;
    this.multiples = multiples;
    this.granularity = granularity;
  }

  /** The window in seconds. */
  get expiry(): number {
    return GRANULARITIES[this.granularity] * this.multiples;
  }

  /** The storage key for this limit under `identifiers` (the `limits` layout: `LIMITER/<ids…>/10/1/minute`). */
  keyFor(namespace: string, ...identifiers: string[]): string {
    return [namespace, ...identifiers, String(this.amount), String(this.multiples), this.granularity].join(
      '/',
    );
  }

  /** `'10 per 1 minute'`, as `limits` prints it (the text of a 429). */
  toString(): string {
    return `${this.amount} per ${this.multiples} ${this.granularity}`;
  }
}

// The grammar of `limits.util.parse_many`, character for character (including its optional ':' quirk).
const SINGLE = String.raw`\s*([0-9]+)\s*(/|\s*per\s*)\s*([0-9]+)*\s*(hour|minute|second|day|month|year)s?\s*`;
const SINGLE_EXPR = new RegExp(`^${SINGLE}`, 'i');
const EXPR = new RegExp(`^${SINGLE}(:?[,;|]{1}${SINGLE})*$`, 'i');
const SEPARATORS = /[,;|]/;

/**
 * Parses one or more limits separated by `;`, `,` or `|`: `'10 per minute'`, `'10/minute;100/hour'`,
 * `'5 per 2 seconds'`. Units: second, minute, hour, day, month, year (plural allowed, any case).
 * @throws RateLimitSyntaxError naming the string when it does not follow the grammar.
 */
export function parseLimits(text: string): RateLimitItem[] {
  if (typeof text !== 'string' || !EXPR.test(text)) throw new RateLimitSyntaxError(String(text));
  const items: RateLimitItem[] = [];
  for (const part of text.split(SEPARATORS)) {
    const match = SINGLE_EXPR.exec(part);
    if (match === null) continue;
    const amount = Number(match[1]);
    const multiples = match[3] === undefined ? 1 : Number(match[3]);
    if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(multiples) || multiples === 0) {
      throw new RateLimitSyntaxError(
        text,
        'amounts and multiples must be whole numbers, multiples at least 1',
      );
    }
    items.push(new RateLimitItem(amount, multiples, (match[4] as string).toLowerCase() as Granularity));
  }
  return items;
}
