import { isToken } from './internal/token.ts';

/** A header value split into its main value and `;`-separated parameters. */
export type OptionsHeader = {
  /** The part before the first `;`, trimmed, case kept (e.g. `text/HTML`). */
  value: string;
  /** Parameters by lowercased name; a null-prototype object. A name without `=` maps to `''`. */
  params: Record<string, string>;
};

/**
 * Parses a header such as `Content-Type` or `Content-Disposition` into its value and parameters.
 *
 * Handles quoted strings (`name="a;b"`, with `\"` escapes), RFC 2231 / 5987 extended values
 * (`filename*=UTF-8''%E2%82%AC.txt`) and continuations (`title*0=…; title*1=…`). An extended value beats
 * the plain one of the same name; otherwise the first of a repeated name wins. Never throws: malformed
 * parameters are skipped and undecodable percent-escapes are kept as written.
 *
 * @example
 * parseOptionsHeader('text/html; charset="utf-8"'); // { value: 'text/html', params: { charset: 'utf-8' } }
 */
export function parseOptionsHeader(header: string | null | undefined): OptionsHeader {
  const params: Record<string, string> = Object.create(null);
  if (!header) return { value: '', params };
  const semi = header.indexOf(';');
  const value = (semi === -1 ? header : header.slice(0, semi)).trim();
  if (semi === -1) return { value, params };

  const extended = new Set<string>();
  // name -> continuation index -> [encoded?, text]
  const continued = new Map<string, Map<number, [boolean, string]>>();
  let i = semi + 1;
  while (i < header.length) {
    const eq = header.indexOf('=', i);
    const nextSemi = header.indexOf(';', i);
    if (eq === -1 || (nextSemi !== -1 && nextSemi < eq)) {
      const end = nextSemi === -1 ? header.length : nextSemi;
      const name = header.slice(i, end).trim().toLowerCase();
      if (name !== '' && !(name in params)) params[name] = '';
      i = end + 1;
      continue;
    }
    const rawName = header.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (header[j] === ' ' || header[j] === '\t') j += 1;
    let raw: string;
    let quoted = false;
    if (header[j] === '"') {
      const [text, after] = readQuoted(header, j);
      raw = text;
      quoted = true;
      const end = header.indexOf(';', after);
      i = end === -1 ? header.length : end + 1;
    } else {
      const end = nextSemi === -1 ? header.length : nextSemi;
      raw = header.slice(j, end).trim();
      i = end + 1;
    }
    if (rawName === '') continue;

    const piece = /^(.+?)\*(\d+)(\*)?$/.exec(rawName);
    if (piece !== null) {
      const name = piece[1]!;
      let parts = continued.get(name);
      if (parts === undefined) {
        parts = new Map();
        continued.set(name, parts);
      }
      const index = Number(piece[2]);
      if (!parts.has(index) && index < 1000) parts.set(index, [piece[3] !== undefined, raw]);
    } else if (rawName.endsWith('*') && !quoted) {
      const name = rawName.slice(0, -1);
      const decoded = decodeExtendedValue(raw);
      if (decoded !== null && !extended.has(name)) {
        params[name] = decoded;
        extended.add(name);
      }
    } else if (!(rawName in params)) {
      params[rawName] = raw;
    }
  }
  for (const [name, parts] of continued) {
    if (extended.has(name)) continue;
    const joined = joinContinuations(parts);
    if (joined !== null) {
      params[name] = joined;
      extended.add(name);
    }
  }
  return { value, params };
}

// Reads a quoted-string starting at `open` (the `"`); returns its unescaped text and the index after it.
// An unterminated string runs to the end of the header.
function readQuoted(text: string, open: number): [string, number] {
  let out = '';
  let j = open + 1;
  while (j < text.length && text[j] !== '"') {
    if (text[j] === '\\' && j + 1 < text.length) j += 1;
    out += text[j];
    j += 1;
  }
  return [out, j + 1];
}

/** Decodes an RFC 2231 / 5987 extended value, `charset'language'percent-encoded`; null when malformed. */
export function decodeExtendedValue(raw: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/.exec(raw);
  if (match === null) return null;
  return percentDecode(match[2]!, match[1]!);
}

function joinContinuations(parts: Map<number, [boolean, string]>): string | null {
  const first = parts.get(0);
  if (first === undefined) return null;
  let charset = 'utf-8';
  let out = '';
  for (let index = 0; parts.has(index); index += 1) {
    let [encoded, text] = parts.get(index)!;
    if (encoded && index === 0) {
      const match = /^([^']*)'[^']*'(.*)$/.exec(text);
      if (match === null) return null;
      charset = match[1]! || 'utf-8';
      text = match[2]!;
    }
    out += encoded ? percentDecode(text, charset) : text;
  }
  return out;
}

function percentDecode(text: string, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset || 'utf-8');
  } catch {
    decoder = new TextDecoder();
  }
  const bytes: number[] = [];
  for (let k = 0; k < text.length; k += 1) {
    const hex = text.slice(k + 1, k + 3);
    if (text[k] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      k += 2;
    } else {
      for (const b of new TextEncoder().encode(text[k]!)) bytes.push(b);
    }
  }
  return decoder.decode(Uint8Array.from(bytes));
}

/**
 * The lowercased media type of a `Content-Type` value without parameters: `'Text/HTML; charset=x'` →
 * `'text/html'`. Empty string when the header is absent.
 */
export function parseMimetype(contentType: string | null | undefined): string {
  return parseOptionsHeader(contentType).value.toLowerCase();
}

/**
 * Builds a header value from a main value and parameters, quoting parameter values that are not tokens:
 * `formatOptionsHeader('text/html', { charset: 'utf-8' })` → `'text/html; charset=utf-8'`.
 * Null or undefined parameters are skipped; `''` writes the bare name.
 */
export function formatOptionsHeader(
  value: string,
  params: Record<string, string | null | undefined> = {},
): string {
  const parts = [value];
  for (const [name, param] of Object.entries(params)) {
    if (param == null) continue;
    if (param === '') parts.push(name);
    else parts.push(`${name}=${isToken(param) ? param : `"${param.replace(/["\\]/g, '\\$&')}"`}`);
  }
  return parts.join('; ');
}

/** Media types that are text and so get a `; charset=utf-8` (as Werkzeug's `get_content_type`). */
export function isTextMimetype(mimetype: string): boolean {
  return (
    mimetype.startsWith('text/') ||
    TEXT_APPLICATION_TYPES.has(mimetype) ||
    (mimetype.startsWith('application/') && mimetype.endsWith('+xml'))
  );
}

const TEXT_APPLICATION_TYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/sql',
  'application/xml',
  'application/xml-dtd',
  'application/xml-external-parsed-entity',
]);
