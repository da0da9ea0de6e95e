/**
 * Python's `textwrap.wrap` as the `wordwrap` filter uses it: tabs and whitespace kept as they are,
 * whitespace dropped at line ends, long words broken or not, lines broken after hyphens or not.
 */
import { codePoints, textLength } from '../../runtime/values.ts';

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

function isBlank(chunk: string): boolean {
  return chunk.trim() === '';
}

/** Options of {@link wrapText}, with Python's names in camelCase. */
export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

/** Wraps one paragraph (no newlines) into lines of at most `width` code points where possible. */
export function wrapText(text: string, options: WrapOptions): string[] {
  const { width, breakLongWords, breakOnHyphens } = options;
  if (width <= 0) throw new RangeError(`invalid width ${width} (must be > 0)`);
  const chunks = text.split(breakOnHyphens ? HYPHEN_CHUNKS : SIMPLE_CHUNKS).filter((c) => c !== '');
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let length = 0;
    const top = chunks[chunks.length - 1] as string;
    if (isBlank(top) && lines.length > 0) chunks.pop();
    while (chunks.length > 0) {
      const size = textLength(chunks[chunks.length - 1] as string);
      if (length + size > width) break;
      line.push(chunks.pop() as string);
      length += size;
    }
    if (chunks.length > 0 && textLength(chunks[chunks.length - 1] as string) > width) {
      breakLongWord(chunks, line, length, width, breakLongWords, breakOnHyphens);
    }
    if (line.length > 0 && isBlank(line[line.length - 1] as string)) line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

function breakLongWord(
  chunks: string[],
  line: string[],
  length: number,
  width: number,
  breakLongWords: boolean,
  breakOnHyphens: boolean,
): void {
  const spaceLeft = width < 1 ? 1 : width - length;
  if (breakLongWords) {
    const chunk = codePoints(chunks[chunks.length - 1] as string);
    let end = spaceLeft;
    if (breakOnHyphens && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    line.push(chunk.slice(0, end).join(''));
    chunks[chunks.length - 1] = chunk.slice(end).join('');
  } else if (line.length === 0) {
    line.push(chunks.pop() as string);
  }
}
