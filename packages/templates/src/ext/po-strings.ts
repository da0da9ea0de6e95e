/**
 * The quoted strings of `.po`/`.pot` files: C escapes (`\n`, `\"`, octal, hex) read, and strings written with
 * the escapes msgfmt and Babel write, multi-line ones one row per line after an empty first row.
 */
import { CatalogError } from './plural-forms.ts';

const PO_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  '?': '?',
};

/**
 * The text of one quoted `.po` string (`"a\"b\n"`).
 * @param where how an error names the place, such as `Line 3 of the .po catalog`.
 * @throws CatalogError, starting with `where`, when the text is not quoted or holds an unknown escape.
 */
export function unquotePoString(text: string, where: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    throw new CatalogError(`${where}: expected a quoted string, got ${text.slice(0, 40)}`);
  }
  return text.slice(1, -1).replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|([\s\S]))/g, (_, oct, hex, ch) => {
    if (oct !== undefined) return String.fromCharCode(Number.parseInt(oct, 8));
    if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
    const value = PO_ESCAPES[ch as string];
    if (value === undefined) throw new CatalogError(`${where}: unknown escape \\${ch}`);
    return value;
  });
}

/** `text` as a quoted `.po` string, on several lines when it holds newlines. */
export function quotePoString(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\t', '\\t')
    .replaceAll('\r', '\\r');
  const lines = escaped.split('\n');
  if (lines.length === 1) return `"${escaped}"`;
  const rows = lines
    .map((line, i) => (i < lines.length - 1 ? `${line}\\n` : line))
    .filter((row) => row !== '');
  return `""\n${rows.map((row) => `"${row}"`).join('\n')}`;
}
