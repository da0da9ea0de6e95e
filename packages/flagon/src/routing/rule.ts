/** One URL pattern and what it leads to: `new Rule('/user/<int:id>', { endpoint: 'user' })`. */
import { RuleSyntaxError } from './errors.ts';
import { parseRule } from './internal/parse-rule.ts';
import type { MapSettings } from './map-settings.ts';

/** Where a `redirectTo` rule sends the client: a rule-like string (`/new/<id>`) or a function of the params. */
export type RedirectTarget = string | ((params: Record<string, unknown>) => string);

/** Options of a `Rule`, Werkzeug's keyword arguments in camelCase. */
export interface RuleOptions {
  /** Name the app dispatches on and `build`/`urlFor` looks rules up by. */
  endpoint: string;
  /** Methods the rule answers, upper-cased. `GET` brings `HEAD`. `null` or absent: any method. */
  methods?: Iterable<string> | null;
  /** Values added to the params on a match; for building, a rule is only chosen when given values agree. */
  defaults?: Record<string, unknown>;
  /** Redirect `/docs` to `/docs/` (and refuse `/page/` for `/page`). Defaults to the map's setting (true). */
  strictSlashes?: boolean;
  /** Redirect a request path with `//` to the merged path. Defaults to the map's setting (true). */
  mergeSlashes?: boolean;
  /** Make the rule a permanent redirect (308) instead of dispatching to the endpoint. */
  redirectTo?: RedirectTarget;
  /** Subdomain pattern (`<user>`, `api`) when the map is bound with a server name. Defaults to the map's. */
  subdomain?: string;
  /** Host pattern (`<user>.example.com`), used instead of `subdomain` when the map has `hostMatching`. */
  host?: string;
  /** Only build URLs with this rule; never match it (static files served elsewhere, say). */
  buildOnly?: boolean;
  /** Matching this rule redirects to the endpoint's canonical (first buildable) URL. */
  alias?: boolean;
  /** WebSocket rules are not supported. */
  websocket?: never;
}

/**
 * One URL rule. The rule string is checked when the rule is created; converters are looked up when it is
 * added to a `UrlMap` (a rule belongs to one map).
 * Rule strings are written decoded (`/café/<name>`); they are percent-encoded when built and compared with the
 * decoded request path.
 * @throws RuleSyntaxError for a rule that does not start with `/`, malformed variables, a reused variable name,
 *   `methods` given as one string, or a `redirectTo` that names variables the rule does not have.
 * @example new Rule('/user/<int:id>', { endpoint: 'user', methods: ['GET', 'POST'] })
 */
export class Rule {
  /** The rule string as written. */
  readonly rule: string;
  readonly endpoint: string;
  /** Upper-cased methods including the implied `HEAD`, or null for any method. */
  readonly methods: ReadonlySet<string> | null;
  /** Names of the rule's variables (path and subdomain/host) plus the keys of `defaults`. */
  readonly arguments: ReadonlySet<string>;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly redirectTo: RedirectTarget | null;
  readonly buildOnly: boolean;
  readonly alias: boolean;
  readonly host: string | null;
  /** The options as given, for copying the rule (`new Rule(prefix + rule.rule, rule.options)`). */
  readonly options: Readonly<RuleOptions>;
  #strictSlashes: boolean | undefined;
  #mergeSlashes: boolean | undefined;
  #subdomain: string | undefined;
  #map: MapSettings | null = null;

  constructor(rule: string, options: RuleOptions) {
    if (typeof rule !== 'string' || !rule.startsWith('/')) {
      throw new RuleSyntaxError(`Rule '${String(rule)}' must start with '/', as in '/${String(rule)}'.`);
    }
    if (typeof options?.endpoint !== 'string' || options.endpoint === '') {
      throw new RuleSyntaxError(
        `Rule '${rule}' needs an endpoint name: new Rule('${rule}', { endpoint: 'name' }).`,
      );
    }
    if ((options as { websocket?: unknown }).websocket) {
      throw new RuleSyntaxError(
        `Rule '${rule}' asks for websocket: Flagon routing does not support WebSocket rules.`,
      );
    }
    this.rule = rule;
    this.endpoint = options.endpoint;
    this.methods = normalizeMethods(rule, options.methods);
    // A one-shot iterable (a generator) is used up by now, so the copy keeps the normalized list.
    this.options = Object.freeze({ ...options, methods: this.methods === null ? null : [...this.methods] });
    this.defaults = Object.freeze(Object.assign(Object.create(null), options.defaults));
    this.redirectTo = options.redirectTo ?? null;
    this.buildOnly = options.buildOnly ?? false;
    this.alias = options.alias ?? false;
    this.host = options.host ?? null;
    this.#strictSlashes = options.strictSlashes;
    this.#mergeSlashes = options.mergeSlashes;
    this.#subdomain = options.subdomain;

    const names = new Set<string>();
    for (const [source, what] of [
      [rule, 'Rule'],
      [options.subdomain, `Subdomain of rule '${rule}'`],
      [options.host, `Host of rule '${rule}'`],
    ] as const) {
      if (source === undefined) continue;
      for (const token of parseRule(source, what)) {
        if (token.kind !== 'variable') continue;
        if (names.has(token.name)) {
          throw new RuleSyntaxError(
            `${what} '${source}' reuses the variable name '${token.name}'. Rename one of them.`,
          );
        }
        names.add(token.name);
      }
    }
    checkRedirectTarget(rule, this.redirectTo, names);
    for (const key of Object.keys(this.defaults)) names.add(key);
    this.arguments = names;
  }

  /** Whether a missing trailing slash redirects; the rule's option, else its map's, else true. */
  get strictSlashes(): boolean {
    return this.#strictSlashes ?? this.#map?.strictSlashes ?? true;
  }

  /** Whether `//` in a request path redirects to the merged path; the rule's option, else its map's, else true. */
  get mergeSlashes(): boolean {
    return this.#mergeSlashes ?? this.#map?.mergeSlashes ?? true;
  }

  /** The subdomain pattern; the rule's option, else its map's `defaultSubdomain`, else `''`. */
  get subdomain(): string {
    return this.#subdomain ?? this.#map?.defaultSubdomain ?? '';
  }

  /** The map the rule was added to, or null. */
  get map(): MapSettings | null {
    return this.#map;
  }

  /**
   * Attaches the rule to a map. Called by `UrlMap.add`; not needed otherwise.
   * @throws RuleSyntaxError when the rule already belongs to another map.
   */
  bind(map: MapSettings): void {
    if (this.#map !== null) {
      throw new RuleSyntaxError(
        `Rule '${this.rule}' (endpoint '${this.endpoint}') was already added to a map. Create a new Rule for each map.`,
      );
    }
    this.#map = map;
  }

  toString(): string {
    return this.rule;
  }
}

function normalizeMethods(
  rule: string,
  methods: Iterable<string> | null | undefined,
): ReadonlySet<string> | null {
  if (methods === null || methods === undefined) return null;
  if (typeof methods === 'string') {
    throw new RuleSyntaxError(
      `Rule '${rule}' got methods as one string '${methods}'. Pass a list: ['${methods}'].`,
    );
  }
  const set = new Set<string>();
  for (const method of methods) {
    if (typeof method !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(method)) {
      throw new RuleSyntaxError(`Rule '${rule}' has an invalid method ${JSON.stringify(method)}.`);
    }
    set.add(method.toUpperCase());
  }
  if (set.has('GET')) set.add('HEAD');
  return set;
}

function checkRedirectTarget(rule: string, target: RedirectTarget | null, names: ReadonlySet<string>): void {
  if (typeof target !== 'string') return;
  for (const [, inner = ''] of target.matchAll(/<([^>]+)>/g)) {
    const name = inner.slice(inner.lastIndexOf(':') + 1);
    if (!names.has(name)) {
      throw new RuleSyntaxError(
        `Rule '${rule}' redirects to '${target}', which uses <${name}>, but the rule has no variable '${name}'.`,
      );
    }
  }
}
