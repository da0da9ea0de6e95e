import { parseHttpDate } from '../../http/dates.ts';
import { isResourceModified, parseEtags, unquoteEtag } from '../../http/etag.ts';
import type { Headers } from '../../http/headers.ts';
import { type ByteRange, parseRange } from '../../http/range.ts';

/** What a conditional GET/HEAD for a file comes to. */
export type ConditionalOutcome =
  | { kind: 'full' }
  | { kind: 'not-modified' }
  | { kind: 'precondition-failed'; header: string }
  | { kind: 'partial'; range: ByteRange }
  | { kind: 'unsatisfiable' };

/** The validators and size of the file being sent. */
export interface Validators {
  /** The quoted ETag, or null when none is sent. */
  etag: string | null;
  lastModified: Date | null;
  /** The byte length, or null when unknown (a stream), which turns range support off. */
  size: number | null;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Evaluates a GET/HEAD request's conditional headers in RFC 9110 §13.2.2 order: If-Match, else
 * If-Unmodified-Since (a failure is 412); If-None-Match, else If-Modified-Since (a match is 304); then
 * Range, which If-Range can veto.
 *
 * Differs from Flask: Werkzeug 2.2 looks at Range before If-None-Match (so a cached client asking for a
 * range gets 206, not 304), ignores If-Unmodified-Since, and answers 416 to a malformed or multi-range
 * header; Flagon follows the RFC and ignores such a header, sending the whole file.
 */
export function evaluateConditional(headers: Headers, validators: Validators): ConditionalOutcome {
  const { etag, lastModified, size } = validators;
  const currentTag = etag === null ? null : unquoteEtag(etag);

  const ifMatch = headers.get('if-match');
  if (ifMatch !== null) {
    const tags = parseEtags(ifMatch);
    // If-Match uses strong comparison, so a weak current tag never matches.
    const matches = tags.star || (currentTag !== null && !currentTag.weak && tags.contains(currentTag.tag));
    if (!matches) return { kind: 'precondition-failed', header: 'If-Match' };
  } else if (lastModified !== null) {
    const since = parseHttpDate(headers.get('if-unmodified-since'));
    if (since !== null && seconds(lastModified) > seconds(since)) {
      return { kind: 'precondition-failed', header: 'If-Unmodified-Since' };
    }
  }

  const ifNoneMatch = headers.get('if-none-match');
  const ifModifiedSince = ifNoneMatch === null ? headers.get('if-modified-since') : null;
  const notModified =
    ifNoneMatch !== null && parseEtags(ifNoneMatch).star
      ? true
      : (ifNoneMatch !== null || ifModifiedSince !== null) &&
        !isResourceModified({ ifNoneMatch, ifModifiedSince, etag, lastModified });
  if (notModified) return { kind: 'not-modified' };

  const rangeHeader = headers.get('range');
  // An empty file has no byte to point at; Werkzeug 2.0+ sends it whole rather than 416.
  if (rangeHeader === null || size === null || size === 0) return { kind: 'full' };
  const ifRange = headers.get('if-range');
  if (
    ifRange !== null &&
    isResourceModified({ range: rangeHeader, ifRange, etag, lastModified, ignoreIfRange: false })
  ) {
    return { kind: 'full' };
  }
  const ranges = parseRange(rangeHeader, size);
  if (ranges === 'unsatisfiable') return { kind: 'unsatisfiable' };
  // Several ranges would need multipart/byteranges; RFC 9110 lets a server ignore the header instead.
  if (ranges === null || ranges.length !== 1) return { kind: 'full' };
  return { kind: 'partial', range: ranges[0] as ByteRange };
}
