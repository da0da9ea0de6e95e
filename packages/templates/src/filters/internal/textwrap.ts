/**
 * Python's `textwrap.wrap` as the `wordwrap` filter uses it: tabs and whitespace kept as they are,
 * whitespace dropped at line ends, long words broken or not, lines broken after hyphens or not.
 */
import { textLength } from '../../runtime/values.ts';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = '[\\p{L}\\p{N}_!"\'&.,?]';
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]';

// Chunks: whitespace runs, em-dashes between words, and words split after hyphens between letters.
const HYPHEN_CHUNKS = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const SIMPLE_CHUNKS = new RegExp(`(${WS}+)`, 'u');

/** Options of {@link wrapText}, with Python's names in camelCase. */
export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

/**
 * A chunk still to be placed: `text` from `start` (code units), `length` code points long. `lastSolid` is the
 * index of its last character that JS `trim()` keeps, so whether the rest is blank is known without a scan.
 * Breaking a long word moves `start` instead of copying the rest, which keeps wrapping linear.
 */
interface Chunk {
  readonly text: string;
  start: number;
  length: number;
  readonly lastSolid: number;
}

function makeChunk(text: string): Chunk {
  return { text, start: 0, length: textLength(text), lastSolid: text.trimEnd().length - 1 };
}

function isBlank(chunk: Chunk): boolean {
  return chunk.lastSolid < chunk.start;
}

/** The code-unit offset `count` code points after `from` in `text`. */
function advance(text: string, from: number, count: number): number {
  let at = from;
  for (let n = 0; n < count && at < text.length; n++) {
    const code = text.charCodeAt(at);
    at += code >= 0xd800 && code < 0xdc00 && at + 1 < text.length ? 2 : 1;
  }
  return at;
}

/** Wraps one paragraph (no newlines) into lines of at most `width` code points where possible. */
export function wrapText(text: string, options: WrapOptions): string[] {
  const { width, breakLongWords, breakOnHyphens } = options;
  if (width <= 0) throw new RangeError(`invalid width ${width} (must be > 0)`);
  const chunks = text
    .split(breakOnHyphens ? HYPHEN_CHUNKS : SIMPLE_CHUNKS)
    .filter((c) => c !== '')
    .map(makeChunk);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let blankEnd = false;
    let length = 0;
    const top = chunks[chunks.length - 1] as Chunk;
    if (isBlank(top) && lines.length > 0) chunks.pop();
    while (chunks.length > 0) {
      const next = chunks[chunks.length - 1] as Chunk;
      if (length + next.length > width) break;
      chunks.pop();
      line.push(next.start === 0 ? next.text : next.text.slice(next.start));
      blankEnd = isBlank(next);
      length += next.length;
    }
    if (chunks.length > 0 && (chunks[chunks.length - 1] as Chunk).length > width) {
      const piece = breakLongWord(chunks, line.length === 0, length, width, breakLongWords, breakOnHyphens);
      if (piece !== null) {
        line.push(piece);
        blankEnd = piece.trim() === '';
      }
    }
    if (line.length > 0 && blankEnd) line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

/** Python's `_handle_long_word`: the piece of the long word on top of `chunks` that goes on this line. */
function breakLongWord(
  chunks: Chunk[],
  lineIsEmpty: boolean,
  length: number,
  width: number,
  breakLongWords: boolean,
  breakOnHyphens: boolean,
): string | null {
  const spaceLeft = width < 1 ? 1 : width - length;
  const chunk = chunks[chunks.length - 1] as Chunk;
  if (breakLongWords) {
    let cut = advance(chunk.text, chunk.start, spaceLeft);
    let taken = spaceLeft;
    if (breakOnHyphens && chunk.length > spaceLeft) {
      const head = chunk.text.slice(chunk.start, cut);
      const hyphen = head.lastIndexOf('-');
      if (hyphen > 0 && /[^-]/.test(head.slice(0, hyphen))) {
        taken = textLength(head.slice(0, hyphen + 1));
        cut = chunk.start + hyphen + 1;
      }
    }
    const piece = chunk.text.slice(chunk.start, cut);
    chunk.start = cut;
    chunk.length -= Math.min(taken, chunk.length);
    return piece;
  }
  if (lineIsEmpty) {
    chunks.pop();
    return chunk.start === 0 ? chunk.text : chunk.text.slice(chunk.start);
  }
  return null;
}
