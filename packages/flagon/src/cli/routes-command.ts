import type { App } from '../app/app.ts';

/** How `flagon routes` orders its table. `match` keeps the order rules were added (the order they match). */
export type RouteSort = 'endpoint' | 'methods' | 'rule' | 'match';

/** The `--sort` choices of `flagon routes`. */
export const ROUTE_SORTS: readonly RouteSort[] = ['endpoint', 'methods', 'rule', 'match'];

const IGNORED_METHODS = new Set(['HEAD', 'OPTIONS']);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareText(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * The `flagon routes` table: endpoint, methods and rule of every rule, columns padded like Flask's. HEAD and
 * OPTIONS are left out unless `allMethods`. A Host (host matching) or Subdomain column is added when a rule
 * uses one. Returns `'No routes were registered.'` for an app without rules.
 */
export function formatRoutes(app: App, options: { sort?: RouteSort; allMethods?: boolean } = {}): string {
  const sort = options.sort ?? 'endpoint';
  let rules = [...app.urlMap.rules()];
  if (rules.length === 0) return 'No routes were registered.';
  const methodsOf = (rule: (typeof rules)[number]): string[] =>
    [...(rule.methods ?? [])].filter((m) => options.allMethods || !IGNORED_METHODS.has(m)).sort(compareText);
  if (sort === 'endpoint') rules.sort((a, b) => compareText(a.endpoint, b.endpoint));
  else if (sort === 'rule') rules.sort((a, b) => compareText(a.rule, b.rule));
  else if (sort === 'methods') {
    rules = rules
      .map((rule) => ({ rule, key: [...(rule.methods ?? [])].sort(compareText) }))
      .sort((a, b) => compareLists(a.key, b.key))
      .map(({ rule }) => rule);
  }
  const headers = ['Endpoint', 'Methods'];
  const rows = rules.map((rule) => [rule.endpoint, methodsOf(rule).join(', ')]);
  const extra = app.urlMap.hostMatching
    ? 'Host'
    : rules.some((rule) => rule.subdomain !== '')
      ? 'Subdomain'
      : null;
  if (extra !== null) headers.push(extra);
  headers.push('Rule');
  rules.forEach((rule, i) => {
    const row = rows[i] as string[];
    if (extra === 'Host') row.push(rule.host ?? '');
    else if (extra === 'Subdomain') row.push(rule.subdomain);
    row.push(rule.rule);
  });
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
