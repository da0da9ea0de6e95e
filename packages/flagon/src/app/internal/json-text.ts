// Text-level pieces of the JSON provider that JSON.stringify has no option for: Python's key order and
// Python's `ensure_ascii` escaping.

const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/**
 * Escapes DEL and every character above it as `\uXXXX` (lowercase hex, astral characters as their surrogate
 * pair), as Python's `json.dumps(ensure_ascii=True)`: U+2028 and U+2029 included. Text that is already ASCII
 * is returned as it is.
 */
export function escapeNonAscii(text: string): string {
  // Counting UTF-8 bytes is cheaper than a regex test over the text; equal counts mean no character above
  // U+007F, and DEL is looked for on its own.
  if (Buffer.byteLength(text, 'utf8') === text.length && !text.includes('\x7f')) return text;
  return text.replace(NON_ASCII_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Orders two strings by Unicode code point, as Python sorts `str` keys. JavaScript's `<` compares UTF-16
 * code units, which puts astral characters (surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * JSON.stringify with object keys sorted by code point. Written out rather than by sorting copies of the
 * objects: a JavaScript object always lists integer-like keys first in numeric order, so `{"10":…, "9":…}`
 * could not keep Python's order (`"10"` before `"9"`). `value` holds only what the provider prepared
 * (primitives, arrays, plain objects, values with `toJSON`).
 */
export function stringifySorted(value: unknown, indent: number | undefined): string | undefined {
  const gap = indent === undefined || indent <= 0 ? '' : ' '.repeat(Math.min(indent, 10));
  return write(value, gap, '');
}

function write(value: unknown, gap: string, current: string): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = current + gap;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) parts.push(write(item, gap, inner) ?? 'null');
    if (parts.length === 0) return '[]';
    return gap === '' ? `[${parts.join(',')}]` : `[\n${inner}${parts.join(`,\n${inner}`)}\n${current}]`;
  }
  const keys = Object.keys(value).sort(compareCodePoints);
  for (const key of keys) {
    const text = write((value as Record<string, unknown>)[key], gap, inner);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}${gap === '' ? ':' : ': '}${text}`);
  }
  if (parts.length === 0) return '{}';
  return gap === '' ? `{${parts.join(',')}}` : `{\n${inner}${parts.join(`,\n${inner}`)}\n${current}}`;
}
