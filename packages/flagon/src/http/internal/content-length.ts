/**
 * The value of a Content-Length header as a number, or null when it is not a plain decimal count (RFC 9110:
 * `1*DIGIT`, optionally surrounded by spaces or tabs). A character loop: a regex test, two `trim` calls and
 * `Number` would run on every request with a body, and cost far more than a few steps per digit.
 */
export function parseContentLength(raw: string): number | null {
  let start = 0;
  let end = raw.length;
  while (start < end && isBlank(raw.charCodeAt(start))) start++;
  while (end > start && isBlank(raw.charCodeAt(end - 1))) end--;
  if (start === end) return null;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  // Past 2^53 the loop loses precision; such a length is refused by any limit, but report it exactly.
  return end - start <= 15 ? value : Number(raw.slice(start, end));
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}
