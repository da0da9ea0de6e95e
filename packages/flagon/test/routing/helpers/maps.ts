/** Small builders shared by the routing tests. */
import type { BindOptions, MapAdapter, MatchResult } from '../../../src/routing/adapter.ts';
import { UrlMap, type UrlMapOptions } from '../../../src/routing/map.ts';
import { Rule, type RuleOptions } from '../../../src/routing/rule.ts';

/** A map holding the given rules. A string option is shorthand for `{ endpoint }`. */
export function mapOf(
  rules: readonly (readonly [string, string | RuleOptions])[],
  options?: UrlMapOptions,
): UrlMap {
  const map = new UrlMap(options);
  for (const [rule, opts] of rules) {
    map.add(new Rule(rule, typeof opts === 'string' ? { endpoint: opts } : opts));
  }
  return map;
}

/** Binds `map` to example.com, with any extra bind options. */
export function bindTo(map: UrlMap, options: Partial<BindOptions> = {}): MapAdapter {
  return map.bind({ serverName: 'example.com', ...options });
}

/** The endpoint and params of a match, or the whole result when it is not a match (for readable assertions). */
export function summary(result: MatchResult): unknown {
  return result.kind === 'match' ? [result.endpoint, { ...result.params }] : result;
}
