// A `UrlMap` bound to one request's server: matches paths and builds URLs.

import { isValidHost } from '../http/host.ts';
import { toUpperCaseCheap } from '../http/internal/change-case.ts';
import { BuildError } from './errors.ts';
import { buildErrorHint } from './internal/build-error-hint.ts';
import type { CompiledRule, RuleBuild } from './internal/compiled-rule.ts';
import type { MapInternals } from './internal/map-internals.ts';
import type { MatcherResult } from './internal/matcher.ts';
import { escapeUnsafePath, escapeUnsafeQuery, quoteFragment } from './internal/url-encoding.ts';
import type { MapSettings } from './map-settings.ts';
import type { Rule } from './rule.ts';

/** What `UrlMap.bind` needs to know about the request. Only `serverName` is required. */
export interface BindOptions {
  /** The server name (`example.com`, `localhost:5000`); redirects and external URLs use it. */
  serverName: string;
  /** Where the app is mounted, as URL text (`/app`); prefixed to built URLs and redirects. Default `/`. */
  scriptName?: string;
  /** The request's subdomain. Default: computed from `host` when given, else the map's `defaultSubdomain`. */
  subdomain?: string | null;
  /** The request's `Host` header, used to compute `subdomain` relative to `serverName`. */
  host?: string;
  /** Scheme of redirects and external URLs. Default `http`. */
  urlScheme?: string;
  /** The path `match()` uses when called without one. Default `/`. */
  pathInfo?: string;
  /** The raw query string, kept on redirects. */
  queryString?: string;
  /** The method `match()` uses and `build()` tries first. Default `GET`. */
  method?: string;
}

/** Options of `MapAdapter.build`. */
export interface BuildOptions {
  /** Only consider rules that accept this method. Without it, the bound method is tried first, then any. */
  method?: string;
  /**
   * The method to try first when `method` is not given, instead of the bound one: the current request's,
   * where one adapter serves requests of every method (Werkzeug's `default_method`).
   */
  defaultMethod?: string;
  /** Always return `scheme://host/path`, even for the current host. */
  forceExternal?: boolean;
  /** Put values the rule does not use into the query string (default true). */
  appendUnknown?: boolean;
  /** Scheme of an external URL instead of the bound one. */
  urlScheme?: string;
  /** Appended after `#`, percent-encoded where needed. */
  anchor?: string;
}

/**
 * The answer of `match`. `params` is a plain object holding the converted values plus the rule's defaults (a
 * null-prototype one when a variable or default is called `__proto__`, so that it stays an ordinary key).
 * Redirect locations are absolute URLs with the query string kept; every redirect is a 308 (permanent, method kept).
 * `allowed` is sorted and includes `HEAD` (implied by `GET`) and `OPTIONS` (which the app answers itself).
 */
export type MatchResult =
  | {
      readonly kind: 'match';
      readonly rule: Rule;
      readonly endpoint: string;
      readonly params: Record<string, unknown>;
      /**
       * On an OPTIONS match only: the methods the rules for the path accept, as `allowedMethods` gives them,
       * found by the same walk (the automatic OPTIONS answer's `Allow`).
       */
      readonly allowed?: string[];
    }
  | { readonly kind: 'redirect'; readonly location: string; readonly status: 308 }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allowed: string[] };

const NOT_FOUND: MatchResult = Object.freeze({ kind: 'not-found' });
// A method no rule can list (methods are HTTP tokens), for asking which methods a path allows.
const NO_METHOD = ' ';

/**
 * Matches and builds for one server/script name. Get one from `UrlMap.bind`; it is cheap, so bind per request.
 *
 * Paths given to `match` are raw, as they come in the request line (`/files/a%2Fb`): the path is split at `/`
 * first and each segment decoded afterwards, so `%2F` stays inside one segment and reaches a `<name>` variable as
 * `a/b`. Malformed escapes stay as written; bytes that are not UTF-8 decode to U+FFFD. The query string is not
 * part of the path.
 */
export class MapAdapter<M extends MapSettings = MapSettings> {
  /** The map this adapter was bound from (`UrlMap.bind` gives `MapAdapter<UrlMap>`). */
  readonly map: M;
  readonly serverName: string;
  /** Always ends with `/`. */
  readonly scriptName: string;
  readonly subdomain: string;
  readonly urlScheme: string;
  readonly pathInfo: string;
  readonly queryString: string;
  readonly method: string;
  readonly #internals: MapInternals;
  readonly #hostMismatch: boolean;

  /** Use `UrlMap.bind`. */
  constructor(map: M, internals: MapInternals, options: BindOptions) {
    this.map = map;
    this.#internals = internals;
    this.serverName = options.serverName.toLowerCase();
    const scriptName = escapeUnsafePath(options.scriptName ?? '/');
    this.scriptName = scriptName.endsWith('/') ? scriptName : `${scriptName}/`;
    this.urlScheme = options.urlScheme ?? 'http';
    this.pathInfo = options.pathInfo ?? '/';
    this.queryString = options.queryString ?? '';
    this.method = (options.method ?? 'GET').toUpperCase();
    let subdomain = options.subdomain ?? null;
    let mismatch = false;
    if (subdomain === null && options.host !== undefined && !map.hostMatching) {
      subdomain = subdomainOf(options.host, this.serverName, this.urlScheme);
      mismatch = subdomain === null;
    }
    this.subdomain = subdomain ?? map.defaultSubdomain;
    this.#hostMismatch = mismatch;
  }

  readonly #allowed = new Set<string>();

  /**
   * Finds the rule for a path and method. Never throws for bad input: a hostile or malformed path is `not-found`.
   * Redirects: a missing trailing slash (`/docs` → `/docs/`, only when the method is allowed there), `//` merged,
   * a URL that spells out a sibling rule's defaults (`/page/1` → `/page/`), alias and `redirectTo` rules.
   * @param path raw request path; default the bound `pathInfo`.
   * @param method default the bound method.
   * @param queryString kept on redirects; default the bound one.
   */
  match(path?: string, method?: string, queryString?: string): MatchResult {
    const verb = toUpperCaseCheap(method ?? this.method);
    const query = queryString ?? this.queryString;
    if (this.#hostMismatch) return NOT_FOUND;
    const given = path ?? this.pathInfo;
    // Nearly every path starts with exactly one '/': skip the regex then.
    const raw =
      given.charCodeAt(0) === 47 && given.charCodeAt(1) !== 47 ? given : `/${given.replace(/^\/+/, '')}`;
    // One set per adapter, emptied on each call: matching is synchronous and the result copies what it needs.
    const allowed = this.#allowed;
    if (allowed.size !== 0) allowed.clear();
    let result = this.#run(raw, verb, allowed);
    if (result.kind === 'slash-required') return this.#redirect(`${raw}/`, query);
    if (result.kind === 'none' && this.map.mergeSlashes && raw.includes('//')) {
      const merged = raw.replace(/\/{2,}/g, '/');
      result = this.#run(merged, verb, allowed);
      if (result.kind === 'slash-required') return this.#redirect(`${merged}/`, query);
      if (result.kind === 'found' && result.compiled.mergeSlashes) return this.#redirect(merged, query);
      result = { kind: 'none' };
    }
    if (result.kind !== 'found') {
      return allowed.size === 0 ? NOT_FOUND : { kind: 'method-not-allowed', allowed: withOptions(allowed) };
    }
    const { compiled, params } = result;
    const { rule } = compiled;
    if (this.map.redirectDefaults) {
      const location = compiled.hasSiblings ? this.#defaultRedirect(compiled, params, verb, query) : null;
      if (location !== null) return { kind: 'redirect', location, status: 308 };
      if (rule.alias) {
        const location = this.#aliasRedirect(rule, params, verb, query, raw);
        if (location !== null) return { kind: 'redirect', location, status: 308 };
      }
    }
    if (rule.redirectTo !== null) {
      return { kind: 'redirect', location: this.#redirectToTarget(compiled, params), status: 308 };
    }
    if (verb === 'OPTIONS') {
      const allowedHere = result.anyMethod || allowed.size === 0 ? [] : withOptions(allowed);
      return { kind: 'match', rule, endpoint: rule.endpoint, params, allowed: allowedHere };
    }
    return { kind: 'match', rule, endpoint: rule.endpoint, params };
  }

  /**
   * The methods the rules for a path accept, sorted, with `OPTIONS` added; empty when nothing matches the path
   * or a rule there accepts any method (as Werkzeug).
   */
  allowedMethods(path?: string): string[] {
    if (this.#hostMismatch) return [];
    const raw = `/${(path ?? this.pathInfo).replace(/^\/+/, '')}`;
    const allowed = new Set<string>();
    let result = this.#run(raw, NO_METHOD, allowed);
    if (result.kind === 'none' && this.map.mergeSlashes && raw.includes('//')) {
      result = this.#run(raw.replace(/\/{2,}/g, '/'), NO_METHOD, allowed);
    }
    return result.kind === 'none' && allowed.size > 0 ? withOptions(allowed) : [];
  }

  /**
   * Builds the URL of an endpoint. Rules are tried in Werkzeug's order (more arguments first); the first whose
   * arguments are all given or defaulted, whose defaults agree with the given values and whose method fits wins.
   * Values go through the converters' `toUrl`; unused ones become the query string (arrays repeat the key, null
   * and undefined are dropped, spaces are `+`). The URL is relative to the server (`/app/user/3`) unless
   * `forceExternal` is set or the rule lives on another subdomain/host.
   * @throws BuildError when no rule fits; the message says what was missing or which name was probably meant.
   * @example adapter.build('user', { id: 3, tab: 'posts' }) // '/user/3?tab=posts'
   */
  build(
    endpoint: string,
    values?: Readonly<Record<string, unknown>> | null,
    options: BuildOptions = {},
  ): string {
    const given: Record<string, unknown> = Object.create(null);
    if (values) {
      for (const key of Object.keys(values)) {
        const value = values[key];
        if (value !== null && value !== undefined) given[key] = value;
      }
    }
    const method = options.method?.toUpperCase();
    const appendUnknown = options.appendUnknown ?? true;
    const rules = this.#internals.compiledFor(endpoint);
    const rejections: string[] = [];
    let built =
      method === undefined
        ? this.#partialBuild(rules, given, options.defaultMethod ?? this.method, appendUnknown, rejections)
        : null;
    built ??= this.#partialBuild(rules, given, method, appendUnknown, rejections);
    if (built === null) {
      const hint = buildErrorHint(endpoint, given, method, rules, rejections, this.#internals.endpoints());
      throw new BuildError(endpoint, given, method, hint);
    }
    const host = this.#host(built.domain);
    const isLocal = this.map.hostMatching ? host === this.serverName : built.domain === this.subdomain;
    const root = this.scriptName.slice(0, -1);
    const path = built.path.startsWith('/') ? built.path.slice(1) : built.path;
    let url: string;
    if (isLocal && !options.forceExternal) {
      url = `${root}/${path}`;
    } else {
      const scheme = normalizeScheme(options.urlScheme ?? this.urlScheme);
      url = `${scheme === '' ? '' : `${scheme}:`}//${host}${root}/${path}`;
    }
    return options.anchor === undefined ? url : `${url}#${quoteFragment(options.anchor)}`;
  }

  #run(raw: string, method: string, allowed: Set<string>): MatcherResult {
    const domain = this.map.hostMatching ? this.serverName : this.subdomain;
    return this.#internals.matcher.match(domain, raw, method, allowed);
  }

  #partialBuild(
    rules: readonly CompiledRule[],
    values: Readonly<Record<string, unknown>>,
    method: string | undefined,
    appendUnknown: boolean,
    rejections: string[],
  ): (RuleBuild & { ok: true }) | null {
    let first: (RuleBuild & { ok: true }) | null = null;
    for (const compiled of rules) {
      if (!compiled.suitableFor(values, method)) continue;
      const built = compiled.build(values, appendUnknown);
      if (!built.ok) {
        rejections.push(built.reason);
        continue;
      }
      // With host matching, prefer a rule on the current host; otherwise the first one wins.
      if (!this.map.hostMatching || built.domain === this.serverName) return built;
      first ??= built;
    }
    return first;
  }

  #defaultRedirect(
    compiled: CompiledRule,
    params: Record<string, unknown>,
    method: string,
    query: string,
  ): string | null {
    for (const other of this.#internals.compiledFor(compiled.rule.endpoint)) {
      // Rules after the matched one have lower priority for defaults.
      if (other === compiled) break;
      if (!other.providesDefaultsFor(compiled) || !other.suitableFor(params, method)) continue;
      const built = other.build({ ...params, ...other.rule.defaults }, true);
      if (built.ok) return this.#redirectUrl(built.path, query, built.domain);
    }
    return null;
  }

  #aliasRedirect(
    rule: Rule,
    params: Record<string, unknown>,
    method: string,
    query: string,
    raw: string,
  ): string | null {
    let url: string;
    try {
      url = this.build(rule.endpoint, params, { method, forceExternal: true, appendUnknown: false });
    } catch {
      return null; // no canonical rule: serve the alias itself
    }
    if (url.endsWith(`${this.scriptName.slice(0, -1)}${raw}`)) return null; // the alias is its own canonical URL
    return query === '' ? url : `${url}?${escapeUnsafeQuery(query)}`;
  }

  #redirectToTarget(compiled: CompiledRule, params: Record<string, unknown>): string {
    const target = compiled.rule.redirectTo;
    const url =
      typeof target === 'function'
        ? target(params)
        : String(target).replace(/<([^>]+)>/g, (_, inner: string) => {
            const name = inner.slice(inner.lastIndexOf(':') + 1);
            return compiled.converters.get(name)?.toUrl(params[name]) ?? '';
          });
    const base = `${this.urlScheme || 'http'}://${this.#host(null)}${this.scriptName}`;
    try {
      return new URL(url, base).href;
    } catch {
      return escapeUnsafePath(url);
    }
  }

  #redirect(path: string, query: string): MatchResult {
    return {
      kind: 'redirect',
      location: this.#redirectUrl(escapeUnsafePath(path), query, null),
      status: 308,
    };
  }

  #redirectUrl(path: string, query: string, domain: string | null): string {
    const [pathPart = '', builtQuery] = path.split('?', 2);
    const prefix = this.scriptName.replace(/^\/+|\/+$/g, '');
    const tail = pathPart.replace(/^\/+/, '');
    const joined = prefix === '' ? tail : `${prefix}/${tail}`;
    const fullQuery = [builtQuery, query === '' ? undefined : escapeUnsafeQuery(query)]
      .filter(Boolean)
      .join('&');
    const host = this.#host(domain);
    const rest = `/${joined}${fullQuery === '' ? '' : `?${fullQuery}`}`;
    // A host that is not well formed (the app refuses such requests first; a map bound by hand may not)
    // never reaches a Location header: the redirect then stays on the current host.
    return isValidHost(host) ? `${this.urlScheme || 'http'}://${host}${rest}` : rest;
  }

  #host(domain: string | null): string {
    if (this.map.hostMatching) return domain ?? this.serverName;
    const subdomain = domain ?? this.subdomain;
    return subdomain === '' ? this.serverName : `${subdomain}.${this.serverName}`;
  }
}

function withOptions(methods: ReadonlySet<string>): string[] {
  return [...new Set([...methods, 'OPTIONS'])].sort();
}

function normalizeScheme(scheme: string): string {
  if (scheme === 'ws') return 'http';
  if (scheme === 'wss') return 'https';
  return scheme;
}

// Werkzeug's bind_to_environ: the part of `host` in front of `serverName`, or null when the host is elsewhere.
function subdomainOf(host: string, serverName: string, scheme: string): string | null {
  const strip = (name: string): string => {
    const lower = name.toLowerCase();
    if (scheme === 'http' && lower.endsWith(':80')) return lower.slice(0, -3);
    if (scheme === 'https' && lower.endsWith(':443')) return lower.slice(0, -4);
    return lower;
  };
  const current = strip(host);
  const server = strip(serverName);
  if (current === server) return '';
  return current.endsWith(`.${server}`) ? current.slice(0, -(server.length + 1)) : null;
}
