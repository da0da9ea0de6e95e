/** The set of rules of an app, and the settings they share. */
import { type BindOptions, MapAdapter } from './adapter.ts';
import { DEFAULT_CONVERTERS } from './converters.ts';
import { CompiledRule } from './internal/compiled-rule.ts';
import type { MapInternals } from './internal/map-internals.ts';
import { Matcher } from './internal/matcher.ts';
import type { ConverterClass, MapSettings } from './map-settings.ts';
import type { Rule } from './rule.ts';

/** Settings of a `UrlMap`; every rule takes the slash settings unless it sets its own. */
export interface UrlMapOptions {
  /** Redirect `/docs` to `/docs/` when only the branch rule exists (default true). */
  strictSlashes?: boolean;
  /** Redirect paths with `//` to the merged path (default true). */
  mergeSlashes?: boolean;
  /** Converters added to (or replacing) the built-in ones, by name. */
  converters?: Record<string, ConverterClass>;
  /** Match rules' `host` against the whole server name instead of `subdomain` (default false). */
  hostMatching?: boolean;
  /** Subdomain of rules that do not give one (default `''`, the bare server name). */
  defaultSubdomain?: string;
  /** Redirect a URL to the rule that has its values as defaults, `/page/1` to `/page/` (default true). */
  redirectDefaults?: boolean;
}

/**
 * The rules of an application. Add rules, then `bind` the map to a request's server name to get a `MapAdapter`
 * that matches and builds.
 * @example
 * const map = new UrlMap();
 * map.add(new Rule('/user/<int:id>', { endpoint: 'user' }));
 * map.bind({ serverName: 'example.com' }).match('/user/3'); // { kind: 'match', endpoint: 'user', params: { id: 3 } }
 */
export class UrlMap implements MapSettings {
  /** Converter classes by the name rules use (`int`, `path`, …). Add custom ones before adding rules using them. */
  readonly converters: Map<string, ConverterClass>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly hostMatching: boolean;
  readonly defaultSubdomain: string;
  readonly redirectDefaults: boolean;
  readonly #rules: Rule[] = [];
  readonly #byEndpoint = new Map<string, CompiledRule[]>();
  readonly #matcher = new Matcher();
  readonly #internals: MapInternals;

  constructor(options: UrlMapOptions = {}) {
    this.converters = new Map(Object.entries(DEFAULT_CONVERTERS));
    for (const [name, Class] of Object.entries(options.converters ?? {})) this.converters.set(name, Class);
    this.strictSlashes = options.strictSlashes ?? true;
    this.mergeSlashes = options.mergeSlashes ?? true;
    this.hostMatching = options.hostMatching ?? false;
    this.defaultSubdomain = options.defaultSubdomain ?? '';
    this.redirectDefaults = options.redirectDefaults ?? true;
    const byEndpoint = this.#byEndpoint;
    this.#internals = {
      matcher: this.#matcher,
      compiledFor: (endpoint) => byEndpoint.get(endpoint) ?? [],
      endpoints: () => byEndpoint.keys(),
    };
  }

  /**
   * Adds a rule. Its converters are instantiated now, so register custom converters first.
   * @throws RuleSyntaxError for an unknown converter (the message lists the known ones), bad converter arguments,
   *   an invalid converter regex, or a rule that already belongs to another map.
   */
  add(rule: Rule): void {
    if (rule.map !== null) rule.bind(this); // throws the "already added" error
    const compiled = new CompiledRule(rule, this);
    if (!rule.buildOnly) this.#matcher.add(compiled);
    rule.bind(this);
    this.#rules.push(rule);
    const list = this.#byEndpoint.get(rule.endpoint);
    if (list === undefined) {
      this.#byEndpoint.set(rule.endpoint, [compiled]);
    } else {
      // Stable insert in Werkzeug's build order.
      const index = list.findIndex((other) => compareKeys(compiled.buildKey, other.buildKey) < 0);
      if (index === -1) list.push(compiled);
      else list.splice(index, 0, compiled);
      for (const sibling of list) sibling.hasSiblings = true;
    }
  }

  /** Every rule, in the order added. */
  rules(): readonly Rule[] {
    return [...this.#rules];
  }

  /** The rules of one endpoint in the order `build` tries them; empty for an unknown endpoint. */
  rulesFor(endpoint: string): readonly Rule[] {
    return (this.#byEndpoint.get(endpoint) ?? []).map((compiled) => compiled.rule);
  }

  /** Binds the map to one request's server name, script name, method and path. Cheap: call it per request. */
  bind(options: BindOptions): MapAdapter<UrlMap> {
    return new MapAdapter(this, this.#internals, options);
  }
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = (a[i] ?? 0) - (b[i] ?? 0);
    if (order !== 0) return order;
  }
  return 0;
}
