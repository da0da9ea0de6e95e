/**
 * JSON text written the way Flask writes session JSON inside a request: compact separators, keys sorted by
 * code point and every non-ASCII character escaped (Python's `sort_keys=True, ensure_ascii=True`). Producing
 * the same bytes as Flask keeps cookies identical for identical data, which makes interop easy to check.
 */

/** A JSON-ready tree: plain objects or Maps for dicts, arrays, strings, finite numbers, bigints, booleans, null. */
export function writePythonJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(quote(value));
  } else if (typeof value === 'number') {
    // Python would write NaN/Infinity, which JSON.parse rejects; null is what JSON.stringify writes.
    out.push(Number.isFinite(value) ? String(value) : 'null');
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else if (value instanceof Map) {
    writeObject(
      [...value.entries()].map(([key, item]) => [String(key), item]),
      out,
    );
  } else if (typeof value === 'object') {
    writeObject(
      Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]),
      out,
    );
  } else {
    throw new TypeError(`A ${typeof value} cannot be written as JSON.`);
  }
}

function writeObject(entries: Array<[string, unknown]>, out: string[]): void {
  entries.sort(([a], [b]) => compareCodePoints(a, b));
  out.push('{');
  entries.forEach(([key, item], index) => {
    if (index > 0) out.push(',');
    out.push(quote(key), ':');
    write(item, out);
  });
  out.push('}');
}

/** Orders strings by Unicode code point, as Python sorts `str`; `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
// Python's ensure_ascii escapes quotes, backslashes and everything outside printable ASCII (space to '~'),
// one UTF-16 unit at a time; the class lists what may stay as it is.
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

function quote(text: string): string {
  const escaped = text.replace(
    NEEDS_ESCAPE,
    (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}
