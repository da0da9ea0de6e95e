/** The "what to do" half of a `BuildError` message. */
import type { CompiledRule } from './compiled-rule.ts';

/**
 * Explains why no rule of `endpoint` could build: an unknown endpoint (with the closest known name), a method no
 * rule accepts, values the best rule still needs, defaults that disagree, or a converter that refused a value.
 */
export function buildErrorHint(
  endpoint: string,
  values: Readonly<Record<string, unknown>>,
  method: string | undefined,
  rules: readonly CompiledRule[],
  rejections: readonly string[],
  endpoints: Iterable<string>,
): string {
  if (rules.length === 0) {
    const close = closestName(endpoint, endpoints);
    return close === null
      ? 'No rule has this endpoint. Check its spelling, or register a route for it.'
      : `No rule has this endpoint. Did you mean '${close}'?`;
  }
  const list = `Its rules: ${rules.map(describeRule).join(', ')}.`;
  const methodFits = (compiled: CompiledRule): boolean =>
    method === undefined || compiled.rule.methods === null || compiled.rule.methods.has(method);
  const candidates = rules.filter(methodFits);
  if (candidates.length === 0) {
    const methods = new Set(rules.flatMap((compiled) => [...(compiled.rule.methods ?? [])]));
    return `No rule accepts that method. Did you mean to use one of [${[...methods].sort().join(', ')}]? ${list}`;
  }
  if (rejections.length > 0) return `${rejections[0]} ${list}`;

  let best: { compiled: CompiledRule; missing: string[] } | null = null;
  for (const compiled of candidates) {
    const { defaults } = compiled.rule;
    const missing = [...compiled.rule.arguments]
      .filter((name) => !(name in defaults) && !(name in values))
      .sort();
    if (best === null || missing.length < best.missing.length) best = { compiled, missing };
  }
  if (best !== null && best.missing.length > 0) {
    const names = best.missing.map((name) => `'${name}'`).join(', ');
    return `Did you forget to specify values [${names}]? Rule '${best.compiled.rule.rule}' needs them. ${list}`;
  }
  for (const compiled of candidates) {
    for (const [name, value] of Object.entries(compiled.rule.defaults)) {
      if (name in values) {
        return `Rule '${compiled.rule.rule}' only builds when ${name} is ${show(value)} (its default), but ${show(values[name])} was given. ${list}`;
      }
    }
  }
  return list;
}

function describeRule(compiled: CompiledRule): string {
  const { rule } = compiled;
  return rule.methods === null ? `'${rule.rule}'` : `'${rule.rule}' (${[...rule.methods].sort().join(', ')})`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** The known name closest to `name` by edit distance, when it is close enough to be a likely typo. */
function closestName(name: string, names: Iterable<string>): string | null {
  let best: string | null = null;
  let bestScore = 0;
  if (name.length > 200) return null; // edit distance is quadratic; nobody mistypes a name that long
  for (const candidate of names) {
    if (candidate.length > 200) continue;
    const longest = Math.max(candidate.length, name.length);
    let score = 1 - editDistance(name.toLowerCase(), candidate.toLowerCase()) / longest;
    // 'profile' for 'user.profile': a blueprint prefix or suffix is a likely slip too.
    if (candidate.endsWith(`.${name}`) || candidate.endsWith(`_${name}`) || name.endsWith(`.${candidate}`)) {
      score = Math.max(score, 0.75);
    }
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore >= 0.5 ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
