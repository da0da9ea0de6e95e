/**
 * Splits a comma-separated header into items, keeping commas inside quoted strings: `a="x, y", b` →
 * `['a="x, y"', 'b']`. Items are trimmed; empty ones dropped.
 */
export function splitHeaderList(header: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i += 1) {
    const ch = header[i]!;
    if (quoted && ch === '\\' && i + 1 < header.length) {
      current += ch + header[i + 1];
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      if (current.trim() !== '') items.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

/** Removes surrounding double quotes and undoes `\x` escapes; other text is returned as-is. */
export function unquoteHeaderValue(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/**
 * Parses `key=value, key2="quoted, value"` into a null-prototype object with lowercased keys. The first of
 * a repeated key wins; an item without `=` maps to `''`.
 */
export function parseDictHeader(header: string): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const item of splitHeaderList(header)) {
    const eq = item.indexOf('=');
    const key = (eq === -1 ? item : item.slice(0, eq)).trim().toLowerCase();
    if (key === '' || key in result) continue;
    result[key] = eq === -1 ? '' : unquoteHeaderValue(item.slice(eq + 1).trim());
  }
  return result;
}
