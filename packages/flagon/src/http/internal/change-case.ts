// V8's `toUpperCase` and `toLowerCase` always call into its runtime, even when nothing changes; these avoid
// the call for the texts that are looked up on every request.

/**
 * `text.toUpperCase()`, returning `text` itself when nothing in it would change. HTTP methods arrive upper-cased
 * from Node's parser, and V8's `toUpperCase` always calls into its runtime, far dearer than this check, which
 * showed in the per-request profile.
 */
export function toUpperCaseCheap(text: string): string {
  for (let i = 0; i < text.length; i++) {
    // Below 'a' (97) toUpperCase changes nothing; from there on (a-z, non-ASCII) let it decide.
    if (text.charCodeAt(i) >= 97) return text.toUpperCase();
  }
  return text;
}

/**
 * `text.toLowerCase()` for header names, remembered: names are nearly always literals in code
 * (`headers.get('content-type')`), whose hash V8 keeps, so a map lookup beats both
 * `toLowerCase` and a character scan. Short names
 * only, and a bounded number, so names taken from requests cannot grow the map.
 */
export function toLowerCaseCheap(text: string): string {
  const known = lowered.get(text);
  if (known !== undefined) return known;
  const lower = text.toLowerCase();
  if (text.length <= 64 && lowered.size < 256) lowered.set(text, lower);
  return lower;
}

const lowered = new Map<string, string>();
