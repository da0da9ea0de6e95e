/** One satisfiable byte range; both ends are inclusive, as in `Content-Range` and `fs.createReadStream`. */
export type ByteRange = { start: number; end: number };

/** More ranges than this in one header are treated as abuse and the header is ignored. */
export const MAX_RANGES = 100;

const INT = /^\d+$/;

/**
 * Parses a `Range` header against a resource of `size` bytes (RFC 9110 §14.2).
 *
 * Returns the satisfiable ranges, clamped to the resource (`bytes=0-499`, `bytes=500-`, suffix
 * `bytes=-500`, and lists of them); `'unsatisfiable'` when the header is valid but no range overlaps the
 * resource (answer 416); or null when the header is absent, malformed, not in bytes, or abusive
 * (overlapping ranges or more than MAX_RANGES) — RFC 9110 lets the server then ignore it and send
 * everything.
 *
 * @example
 * parseRange('bytes=0-99, -100', 1000); // [{ start: 0, end: 99 }, { start: 900, end: 999 }]
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const eq = header.indexOf('=');
  if (eq === -1 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return null;
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length === 0 || specs.length > MAX_RANGES) return null;

  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const dash = spec.indexOf('-');
    if (dash === -1) return null;
    const first = spec.slice(0, dash).trim();
    const last = spec.slice(dash + 1).trim();
    if (first === '') {
      // Suffix range: the last N bytes.
      if (!INT.test(last)) return null;
      const length = Number(last);
      if (!Number.isSafeInteger(length)) return null;
      if (length > 0 && size > 0) ranges.push({ start: Math.max(0, size - length), end: size - 1 });
      continue;
    }
    if (!INT.test(first) || (last !== '' && !INT.test(last))) return null;
    const start = Number(first);
    const end = last === '' ? Number.POSITIVE_INFINITY : Number(last);
    if (!Number.isSafeInteger(start) || (last !== '' && !Number.isSafeInteger(end))) return null;
    if (end < start) return null;
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i]!.start <= sorted[i - 1]!.end) return null;
  }
  return ranges;
}

/** The `Content-Range` value for one range of a `size`-byte resource: `bytes 0-99/1000`. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
