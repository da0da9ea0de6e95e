import { BadRequest } from '../../http/exceptions.ts';

/** What a `MultipartReader` reports while it splits a body; called synchronously from `write`. */
export interface MultipartEvents {
  /** A part's header block, decoded as UTF-8: `[name, value, name, value, …]`, names lowercased. */
  partBegin(headers: string[]): void;
  /** Bytes of the current part's body; the slice may share memory with the chunk given to `write`. */
  partData(data: Buffer): void;
  partEnd(): void;
}

/** The largest header block of one part. Browsers send two or three short lines. */
const MAX_PART_HEADER_SIZE = 16 * 1024;

const CR = 13;
const LF = 10;
const DASH = 45;

type State = 'preamble' | 'after-boundary' | 'headers' | 'body' | 'done';

/**
 * Splits a `multipart/form-data` body into parts as it arrives, without a stream per part: each `write`
 * hands its bytes to the events synchronously, so a thousand one-byte parts cost a thousand callbacks and
 * nothing more. Linear in the input: the delimiter is searched with `Buffer#indexOf`, and only the few
 * bytes that could start a delimiter are carried over between chunks.
 *
 * @throws BadRequest (from `write` or `end`) for a malformed part header or a body that stops before the
 *   closing boundary.
 */
export class MultipartReader {
  readonly #events: MultipartEvents;
  /** `\r\n--boundary`: what ends a part's body. */
  readonly #delimiter: Buffer;
  #state: State = 'preamble';
  /** Bytes kept from the previous chunk: a possible delimiter start, or an unfinished header block. */
  #carry: Buffer | null = null;

  constructor(boundary: string, events: MultipartEvents) {
    this.#events = events;
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    // The first boundary has no CRLF before it: a virtual one lets one search find every boundary.
    this.#carry = Buffer.from('\r\n');
  }

  /** True once the closing boundary has been read. */
  get isDone(): boolean {
    return this.#state === 'done';
  }

  /** Feeds the next chunk of the body. */
  write(chunk: Buffer): void {
    if (this.#state === 'done') return;
    let data = chunk;
    if (this.#carry !== null) {
      data = Buffer.concat([this.#carry, chunk]);
      this.#carry = null;
    }
    let at = 0;
    while (at < data.length) {
      switch (this.#state) {
        case 'preamble':
          at = this.#skipPreamble(data, at);
          break;
        case 'after-boundary':
          at = this.#afterBoundary(data, at);
          break;
        case 'headers':
          at = this.#readHeaders(data, at);
          break;
        case 'body':
          at = this.#readBody(data, at);
          break;
        default:
          return;
      }
      if (at < 0) return;
    }
  }

  /**
   * Says the body is over.
   *
   * @throws BadRequest when the closing boundary never came.
   */
  end(): void {
    if (this.#state !== 'done') {
      throw new BadRequest(
        'Unexpected end of form: the multipart/form-data body ended before its closing boundary.',
      );
    }
  }

  /** Keeps `data[from..]` for the next chunk and returns -1 (stop reading this one). */
  #keep(data: Buffer, from: number): number {
    this.#carry = from < data.length ? Buffer.from(data.subarray(from)) : null;
    return -1;
  }

  #skipPreamble(data: Buffer, at: number): number {
    const found = data.indexOf(this.#delimiter, at);
    if (found === -1) return this.#keep(data, Math.max(at, data.length - this.#delimiter.length + 1));
    this.#state = 'after-boundary';
    return found + this.#delimiter.length;
  }

  // After a boundary come `--` (the end), or optional blanks and CRLF (another part).
  #afterBoundary(data: Buffer, at: number): number {
    let i = at;
    while (i < data.length && (data[i] === 32 || data[i] === 9)) i++;
    if (data.length - i < 2) return this.#keep(data, at);
    if (data[i] === DASH && data[i + 1] === DASH) {
      this.#state = 'done';
      return data.length;
    }
    if (data[i] === CR && data[i + 1] === LF) {
      this.#state = 'headers';
      return i + 2;
    }
    throw new BadRequest('The multipart/form-data body is malformed: a boundary is followed by stray bytes.');
  }

  #readHeaders(data: Buffer, at: number): number {
    // A part with no headers at all starts with the blank line at once.
    let end: number;
    let bodyStart: number;
    if (data[at] === CR && data[at + 1] === LF) {
      end = at;
      bodyStart = at + 2;
    } else {
      end = data.indexOf('\r\n\r\n', at, 'latin1');
      bodyStart = end + 4;
    }
    if (end === -1 || (end === at && data.length - at < 2)) {
      if (data.length - at > MAX_PART_HEADER_SIZE) throw partHeaderTooLarge();
      return this.#keep(data, at);
    }
    if (end - at > MAX_PART_HEADER_SIZE) throw partHeaderTooLarge();
    this.#events.partBegin(parsePartHeaders(data.toString('utf8', at, end)));
    this.#state = 'body';
    return bodyStart;
  }

  #readBody(data: Buffer, at: number): number {
    const found = data.indexOf(this.#delimiter, at);
    if (found === -1) {
      // Everything but a tail that could be the start of a delimiter belongs to this part.
      const safe = Math.max(at, data.length - this.#delimiter.length + 1);
      if (safe > at) this.#events.partData(data.subarray(at, safe));
      return this.#keep(data, safe);
    }
    if (found > at) this.#events.partData(data.subarray(at, found));
    this.#events.partEnd();
    this.#state = 'after-boundary';
    return found + this.#delimiter.length;
  }
}

function partHeaderTooLarge(): BadRequest {
  return new BadRequest(
    `A multipart/form-data part has a header block over ${MAX_PART_HEADER_SIZE} bytes, or no blank line after it.`,
  );
}

/** Splits a part's header block into lowercased names and trimmed values. */
function parsePartHeaders(block: string): string[] {
  const headers: string[] = [];
  if (block === '') return headers;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    // Folded lines (obsolete since RFC 7230) and lines without a name are refused rather than guessed at.
    if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) {
      throw new BadRequest(
        `A multipart/form-data part has a malformed header line: ${JSON.stringify(line)}.`,
      );
    }
    headers.push(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
