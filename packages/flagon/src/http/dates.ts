const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"; lenient about a one-digit day, a missing weekday and the zone.
const IMF = new RegExp(
  `^(?:${DAYS},\\s*)?(\\d{1,2}) ${MONTH} (\\d{4}) ${TIME}(?: (GMT|UTC|UT|Z|[+-]\\d{4}))?$`,
  'i',
);
// Obsolete RFC 850, "Sunday, 06-Nov-94 08:49:37 GMT".
const RFC850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
// ANSI C asctime(), "Sun Nov  6 08:49:37 1994".
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} +(\\d{1,2}) ${TIME} (\\d{4})$`, 'i');

/**
 * Formats a date as an HTTP IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
 *
 * Differs from Flask: a number is milliseconds since the epoch (JavaScript's unit), not seconds.
 *
 * @throws RangeError when the date is invalid (NaN).
 */
export function formatHttpDate(date: Date | number): string {
  const value = typeof date === 'number' ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) {
    throw new RangeError(
      'formatHttpDate() was given an invalid date; pass a Date or a millisecond timestamp.',
    );
  }
  // toUTCString() produces exactly the IMF-fixdate layout for years 0-9999.
  return value.toUTCString();
}

/**
 * Parses an HTTP date in any of the three formats RFC 9110 requires recipients to accept (IMF-fixdate,
 * RFC 850, asctime). Returns null for anything else, including impossible dates such as 31 February.
 */
export function parseHttpDate(text: string | null | undefined): Date | null {
  if (text == null) return null;
  const value = text.trim();
  if (value.length > 64) return null;
  let m = IMF.exec(value);
  if (m !== null) {
    return build(+m[3]!, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!, m[7]);
  }
  m = RFC850.exec(value);
  if (m !== null) {
    const yy = +m[3]!;
    // As Python's email.utils: two-digit years up to 68 are 20xx.
    return build(yy > 68 ? 1900 + yy : 2000 + yy, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!, undefined);
  }
  m = ASCTIME.exec(value);
  if (m !== null) {
    return build(+m[6]!, m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, undefined);
  }
  return null;
}

function build(
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number,
  zone: string | undefined,
): Date | null {
  const month = MONTHS.findIndex((name) => name.toLowerCase() === monthName.toLowerCase());
  // 60 allows a leap second, which Date folds into the next minute.
  if (month === -1 || hour > 23 || minute > 59 || second > 60 || day < 1) return null;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls 31 Feb over into March; reject instead of silently moving the date.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null;
  let offset = 0;
  if (zone !== undefined && (zone[0] === '+' || zone[0] === '-')) {
    const hours = +zone.slice(1, 3);
    const minutes = +zone.slice(3, 5);
    if (minutes > 59) return null;
    offset = (zone[0] === '+' ? 1 : -1) * (hours * 60 + minutes) * 60_000;
  }
  return new Date(ms - offset);
}
