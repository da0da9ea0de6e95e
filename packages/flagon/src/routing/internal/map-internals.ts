/** What a `UrlMap` shares with the adapters it binds, without making it public API. */
import type { CompiledRule } from './compiled-rule.ts';
import type { Matcher } from './matcher.ts';

export interface MapInternals {
  readonly matcher: Matcher;
  /** The endpoint's compiled rules in build order; empty when unknown. */
  compiledFor(endpoint: string): readonly CompiledRule[];
  endpoints(): Iterable<string>;
}
