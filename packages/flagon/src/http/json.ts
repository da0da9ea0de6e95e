/**
 * Only texts that could spell `__proto__` (directly or through \u escapes) pay for the reviver. Two substring
 * searches rather than a regex, which costs several times more on a typical body.
 */
function mayHoldProto(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

/**
 * Parses JSON text, dropping `__proto__` keys so the result cannot pollute a prototype when it is later
 * merged into another object. Used for request bodies and by the app's JSON provider.
 *
 * @throws SyntaxError for malformed JSON (JSON.parse's message says where it broke).
 */
export function parseJsonWithoutProto(text: string): unknown {
  return mayHoldProto(text)
    ? JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value))
    : JSON.parse(text);
}

/**
 * Whether JSON text nests arrays and objects deeper than `max` levels, found by counting brackets outside
 * strings: linear, no recursion, and blind to `\u` escapes (they only occur inside strings). Text shorter
 * than `2 * max + 2` characters, or with at most `max` opening brackets, cannot nest that deep and is not scanned; an
 * unclosed run of brackets is malformed and fails the parse instead.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  const length = text.length;
  if (length < 2 * max + 2) return false;
  // Nesting deeper than `max` needs more than `max` opening brackets: counting them (strings included) with
  // indexOf, which skips the text between them natively, clears almost every real body before the
  // string-aware scan below.
  if (countUpTo(text, '[', max) + countUpTo(text, '{', max) <= max) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      // Skip the string: find its closing quote, one not escaped by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return false;
      i = end;
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > max) return true;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

/** How many times `char` occurs in `text`, counting no further than `limit + 1`. */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && count <= limit; at = text.indexOf(char, at + 1)) count++;
  return count;
}
