// Decides which parameters of a statement are secrets, by the column each placeholder is bound to. Positional
// parameters carry no names, so the name is read from the SQL around the placeholder: the column list of an
// INSERT, or the identifier compared or assigned just before the placeholder elsewhere.

const SECRET = /pass(word|wd)?|secret|token|api_?key|credential|hash|salt|otp/i;
const PLACEHOLDER = /\?|\$(\d+)/g;

/** `parameters` with values bound to password-like columns replaced by `'[hidden]'`. */
export function describeParameters(sql: string, parameters: readonly unknown[]): unknown[] {
  const names = placeholderColumns(sql);
  return parameters.map((value, index) => (SECRET.test(names[index] ?? '') ? '[hidden]' : value));
}

function placeholderColumns(sql: string): string[] {
  const names: string[] = [];
  const insert = /^\s*insert\s+into\s+[^(]+\(([^)]*)\)\s*values\s*/i.exec(sql);
  const insertColumns = insert ? splitIdentifiers(insert[1] ?? '') : [];
  let position = 0;
  for (const match of sql.matchAll(PLACEHOLDER)) {
    const index = match[1] === undefined ? position++ : Number(match[1]) - 1;
    const offset = match.index ?? 0;
    if (
      insert &&
      offset > insert[0].length - 1 &&
      insertColumns.length > 0 &&
      !isAfterReturningOrWhere(sql, insert[0].length, offset)
    ) {
      names[index] =
        insertColumns[countPlaceholders(sql.slice(insert[0].length, offset)) % insertColumns.length] ?? '';
    } else {
      names[index] = identifierBefore(sql.slice(Math.max(0, offset - 120), offset));
    }
  }
  return names;
}

function isAfterReturningOrWhere(sql: string, start: number, offset: number): boolean {
  return /\b(returning|where|on\s+conflict|do\s+update)\b/i.test(sql.slice(start, offset));
}

function countPlaceholders(text: string): number {
  return [...text.matchAll(PLACEHOLDER)].length;
}

function splitIdentifiers(list: string): string[] {
  return list.split(',').map((name) => name.trim().replace(/^["`[]|["`\]]$/g, ''));
}

function identifierBefore(text: string): string {
  const match = /["`]?([A-Za-z_][\w]*)["`]?\s*(=|<>|!=|<=|>=|<|>|\blike\b|\bilike\b|\bin\b\s*\(?)\s*$/i.exec(
    text,
  );
  return match?.[1] ?? '';
}
