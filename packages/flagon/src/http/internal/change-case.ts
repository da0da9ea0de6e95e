// V8's `toUpperCase` and `toLowerCase` always call into its runtime (about 400 instructions), even when nothing
// changes; these return the text itself when a scan of a few instructions a character shows nothing would.

/**
 * `text.toUpperCase()`, returning `text` itself when nothing in it would change. HTTP methods arrive upper-cased
 * from Node's parser, and V8's `toUpperCase` always calls into its runtime (about 400 instructions, against a
 * few for this check), which showed in the per-request profile.
 */
export function toUpperCaseCheap(text: string): string {
  for (let i = 0; i < text.length; i++) {
    // Below 'a' (97) toUpperCase changes nothing; from there on (a-z, non-ASCII) let it decide.
    if (text.charCodeAt(i) >= 97) return text.toUpperCase();
  }
  return text;
}

/**
 * `text.toLowerCase()`, returning `text` itself when nothing in it would change: header names looked up by
 * Flagon's own code are written in lower case already.
 */
export function toLowerCaseCheap(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A-Z change, and so may anything beyond ASCII; let toLowerCase decide then.
    if ((code >= 65 && code <= 90) || code > 127) return text.toLowerCase();
  }
  return text;
}
