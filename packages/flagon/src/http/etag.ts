import { createHash } from 'node:crypto';
import { parseHttpDate } from './dates.ts';

/** A file's identity for an ETag: what `fs.stat` gives. */
export type StatLike = { size: number; mtimeMs: number };

/**
 * Makes an (unquoted) entity tag. For bytes or a string it is the SHA-1 of the content, as Werkzeug's
 * `generate_etag`; for a stat-like object it is `<mtime>-<size>` in hex, cheap and stable until the file
 * changes. Quote it with `quoteEtag` before sending.
 *
 * Differs from Flask: `send_file` there also mixes in a checksum of the path.
 */
export function generateEtag(input: Uint8Array | string | StatLike): string {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    return createHash('sha1').update(input).digest('hex');
  }
  return `${Math.floor(input.mtimeMs).toString(16)}-${input.size.toString(16)}`;
}

/**
 * Quotes an entity tag for the `ETag` header: `abc` → `"abc"`, or `W/"abc"` when weak.
 *
 * @throws TypeError when the tag contains a `"` (it could not be quoted).
 */
export function quoteEtag(etag: string, weak = false): string {
  if (etag.includes('"')) {
    throw new TypeError(`The ETag ${JSON.stringify(etag)} contains a double quote, which cannot be quoted.`);
  }
  return `${weak ? 'W/' : ''}"${etag}"`;
}

/** Splits a quoted ETag into its tag and weakness: `W/"abc"` → `{ tag: 'abc', weak: true }`. */
export function unquoteEtag(etag: string): { tag: string; weak: boolean } {
  let text = etag.trim();
  let weak = false;
  if (text.startsWith('W/') || text.startsWith('w/')) {
    weak = true;
    text = text.slice(2);
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return { tag: text, weak };
}

/**
 * The entity tags of an `If-Match` / `If-None-Match` header. `*` matches any tag. Strong comparison
 * (`contains`) ignores weak tags; weak comparison (`containsWeak`) accepts both.
 */
export class ETags {
  readonly strong: ReadonlySet<string>;
  readonly weak: ReadonlySet<string>;
  /** Whether the header was `*`. */
  readonly star: boolean;

  constructor(strong: Iterable<string> = [], weak: Iterable<string> = [], star = false) {
    this.strong = new Set(strong);
    this.weak = new Set(weak);
    this.star = star;
  }

  /** Whether the header held no tags at all. */
  get isEmpty(): boolean {
    return !this.star && this.strong.size === 0 && this.weak.size === 0;
  }

  /** Strong comparison of an unquoted tag: `*` or an equal strong tag. */
  contains(etag: string): boolean {
    return this.star || this.strong.has(etag);
  }

  /** Weak comparison of an unquoted tag: `*`, or an equal tag weak or strong. */
  containsWeak(etag: string): boolean {
    return this.contains(etag) || this.weak.has(etag);
  }

  /** Compares a quoted tag such as `W/"abc"`, strongly or weakly according to its prefix. */
  containsRaw(etag: string): boolean {
    const { tag, weak } = unquoteEtag(etag);
    return weak ? this.containsWeak(tag) : this.contains(tag);
  }

  /** The header again: `*` or a comma-separated list of quoted tags. */
  toString(): string {
    if (this.star) return '*';
    return [
      ...[...this.strong].map((t) => quoteEtag(t)),
      ...[...this.weak].map((t) => quoteEtag(t, true)),
    ].join(', ');
  }
}

/**
 * Parses an `If-Match` / `If-None-Match` header. Lenient like Werkzeug: unquoted tags are accepted, and
 * any `*` in the list makes it match everything. An absent or empty header gives an empty ETags.
 */
export function parseEtags(header: string | null | undefined): ETags {
  if (!header?.trim()) return new ETags();
  const strong: string[] = [];
  const weak: string[] = [];
  let star = false;
  // Quoted tags may contain commas, so scan rather than split.
  const re = /\s*(W\/)?(?:"([^"]*)"|([^,\s]+))\s*(?:,|$)/giy;
  let match: RegExpExecArray | null = re.exec(header);
  while (match !== null && match[0] !== '') {
    const tag = match[2] ?? match[3]!;
    if (match[3] === '*' && match[1] === undefined) star = true;
    else if (match[1] !== undefined) weak.push(tag);
    else strong.push(tag);
    if (re.lastIndex >= header.length) break;
    match = re.exec(header);
  }
  return new ETags(strong, weak, star);
}

/** What `isResourceModified` compares: the request's conditional headers and the resource's validators. */
export type ConditionalRequest = {
  range?: string | null;
  ifRange?: string | null;
  ifModifiedSince?: string | null;
  ifNoneMatch?: string | null;
  ifMatch?: string | null;
  /** The resource's current ETag, unquoted or quoted. */
  etag?: string | null;
  /** When the resource last changed (a Date, a millisecond timestamp, or an HTTP date). */
  lastModified?: Date | number | string | null;
  /** Ignore `If-Range` (the default, as Werkzeug); set false when answering a Range request. */
  ignoreIfRange?: boolean;
};

/**
 * Whether the client's copy is out of date, so a full response is due; false means answer 304 Not
 * Modified (or, for If-Range, send the whole resource rather than a part). Follows Werkzeug's
 * `is_resource_modified`: If-None-Match uses weak comparison, If-Match strong, and dates are compared to
 * the second.
 */
export function isResourceModified(request: ConditionalRequest): boolean {
  let unmodified = false;
  const lastModified = toSeconds(request.lastModified);

  let ifRangeEtag: string | null = null;
  let ifRangeDate: number | null = null;
  if (request.ignoreIfRange === false && request.range != null && request.ifRange) {
    const value = request.ifRange.trim();
    if (value.startsWith('"') || value.startsWith('W/')) ifRangeEtag = value;
    else ifRangeDate = toSeconds(value);
  }

  const modifiedSince = ifRangeDate ?? toSeconds(request.ifModifiedSince);
  if (modifiedSince !== null && lastModified !== null && lastModified <= modifiedSince) unmodified = true;

  if (request.etag) {
    const { tag } = unquoteEtag(request.etag);
    if (ifRangeEtag !== null) {
      unmodified = parseEtags(ifRangeEtag).contains(tag);
    } else {
      const ifNoneMatch = parseEtags(request.ifNoneMatch);
      if (!ifNoneMatch.isEmpty) unmodified = ifNoneMatch.containsWeak(tag);
      const ifMatch = parseEtags(request.ifMatch);
      if (!ifMatch.isEmpty) unmodified = !ifMatch.contains(tag);
    }
  }
  return !unmodified;
}

function toSeconds(value: Date | number | string | null | undefined): number | null {
  if (value == null) return null;
  const date =
    typeof value === 'string' ? parseHttpDate(value) : typeof value === 'number' ? new Date(value) : value;
  if (date === null || Number.isNaN(date.getTime())) return null;
  return Math.floor(date.getTime() / 1000);
}
