/** Rate limiting with Flask-Limiter's semantics: limits on views, blueprints and the whole app, 429 when over. */

import {
  Blueprint,
  currentApp,
  type Flagon,
  type Request,
  type Response,
  ServiceUnavailable,
  TooManyRequests,
} from 'flagon';
import { LimiterConfigError, StoreUnavailableError } from '../errors.ts';
import type { RedisClientLike } from '../internal/redis-connection.ts';
import { throttledLog } from '../internal/throttled-log.ts';
import { ClusterStorage, hasClusterMaster } from './cluster-storage.ts';
import { MemoryStorage } from './memory-storage.ts';
import { parseLimits, type RateLimitItem } from './rate-limit-item.ts';
import { RedisStorage } from './redis-storage.ts';
import { type LimitStorage, STRATEGIES, type Strategy, type WindowResult } from './storage.ts';

/** Gives the key a request is counted under (its client, its user, its API key…). */
export type KeyFunc = (request: Request) => string;

/**
 * The client's address (Flask-Limiter's `get_remote_address`): `request.remoteAddr`, which is the socket's
 * peer, or the client nginx saw once `PROXY_FIX` trusts nginx's `X-Forwarded-For`. Never the raw header.
 */
export function getRemoteAddress(request: Request): string {
  return request.remoteAddr ?? '127.0.0.1';
}

/** Options of `limiter.limit` and `limiter.sharedLimit` (Flask-Limiter's decorator arguments). */
export interface LimitOptions {
  /** Counts requests under this key instead of the limiter's `keyFunc`. */
  keyFunc?: KeyFunc;
  /** Counts each HTTP method separately. */
  perMethod?: boolean;
  /** Limits only these methods (default all). */
  methods?: readonly string[];
  /** The 429's description (default the limit, `'10 per 1 minute'`). */
  errorMessage?: string;
  /** Skips the limit for this request when it returns true. */
  exemptWhen?: () => boolean;
  /** Counts the request only when this returns true for its response (e.g. only failed logins). */
  deductWhen?: (response: Response) => boolean;
  /** How many hits the request costs (default 1). */
  cost?: number | (() => number);
  /** Whether the limit replaces the default limits for this route (default true). */
  overrideDefaults?: boolean;
}

/** Where counters live: in process memory, in the `flagon serve` master, in Redis (a URL or a client), or your own. */
export type StorageOption = 'memory' | 'cluster' | (string & {}) | { client: RedisClientLike } | LimitStorage;

/** Options of `Limiter` (Flask-Limiter's constructor arguments). */
export interface LimiterOptions {
  /** The key requests are counted under (default `getRemoteAddress`). */
  keyFunc?: KeyFunc;
  /** Limits for every route that has none of its own, counted per route: `['200 per day', '50 per hour']`. */
  defaultLimits?: string | readonly string[];
  /** Count default limits per method. */
  defaultLimitsPerMethod?: boolean;
  /** Limits across the whole app, shared by every route. */
  applicationLimits?: string | readonly string[];
  /** `'memory'` (default), `'cluster'`, `'redis://…'`, `{ client }` or a `LimitStorage`. */
  storage?: StorageOption;
  /** `'fixed-window'` (default), `'moving-window'` or `'sliding-window-counter'`. */
  strategy?: Strategy;
  /** Send `X-RateLimit-Limit`, `-Remaining` and `-Reset` (default false, as Flask-Limiter). */
  headersEnabled?: boolean;
  /** Turn limiting off (tests); default the config's `RATELIMIT_ENABLED`, else true. */
  enabled?: boolean;
  /** Goes into every key, after `LIMITER/` as Flask-Limiter's `key_prefix` does (share one Redis between apps). */
  keyPrefix?: string;
  /** Let requests through when the storage is down, instead of answering 503 (default false). */
  swallowErrors?: boolean;
  /** Redis connect and command timeouts in milliseconds (default 1000 each). */
  connectTimeout?: number;
  commandTimeout?: number;
}

type Target = ((...args: never[]) => unknown) | Blueprint;

interface LimitGroup {
  readonly items: () => RateLimitItem[];
  readonly text: string;
  /** A shared limit's scope; null counts per endpoint. */
  readonly scope: string | null;
  readonly options: LimitOptions;
}

interface Check {
  readonly item: RateLimitItem;
  readonly key: string;
  readonly cost: number;
  readonly group: LimitGroup;
}

interface RequestState {
  current: { item: RateLimitItem; result: WindowResult } | null;
  deferred: Check[];
}

const EXTENSION_KEY = 'limiter';

/**
 * Limits how often clients may call your views (Flask-Limiter). Limits come from strings such as
 * `'10 per minute'` or `'10/minute;100/hour'`; a request over a limit gets a 429 with `Retry-After`.
 *
 * - Route limits (`limiter.limit`) replace the default limits for that route; blueprint limits apply to its
 *   routes that have none; application limits always apply, shared by all routes.
 * - `storage: 'memory'` counts in the process (one process only); `'cluster'` counts in the `flagon serve`
 *   master (every worker of one machine); a Redis URL counts across machines, atomically (Lua).
 * - When the storage cannot be reached the request gets a 503 and the log says why (or passes, with
 *   `swallowErrors`).
 *
 * Differs from Flask-Limiter: the `static` endpoint is exempt from default limits; blueprint limits act as
 * defaults for the blueprint's routes.
 *
 * @example
 * const limiter = new Limiter(app, { defaultLimits: ['200 per day', '50 per hour'], storage: process.env.REDIS_URL });
 * app.post('/login', limiter.limit('5 per minute', { deductWhen: (r) => r.status === 401 })(function login() { … }));
 * @throws RateLimitSyntaxError at construction or registration when a limit string is malformed.
 * @throws LimiterConfigError for an unknown storage or strategy.
 */
export class Limiter {
  readonly strategy: Strategy;
  readonly headersEnabled: boolean;
  readonly #options: LimiterOptions;
  readonly #keyFunc: KeyFunc;
  readonly #defaults: LimitGroup[];
  readonly #application: LimitGroup[];
  readonly #routeLimits = new WeakMap<object, LimitGroup[]>();
  readonly #blueprintLimits = new Map<string, LimitGroup[]>();
  readonly #exemptViews = new WeakSet<object>();
  readonly #exemptBlueprints = new Set<string>();
  readonly #states = new WeakMap<Request, RequestState>();
  readonly #log = throttledLog();
  #storage: LimitStorage | undefined;

  constructor(app: Flagon | null = null, options: LimiterOptions = {}) {
    this.#options = options;
    this.#keyFunc = options.keyFunc ?? getRemoteAddress;
    this.strategy = options.strategy ?? 'fixed-window';
    if (!STRATEGIES.includes(this.strategy)) {
      throw new LimiterConfigError(
        `Unknown rate-limit strategy ${JSON.stringify(this.strategy)}: use one of ${STRATEGIES.join(', ')}.`,
      );
    }
    this.headersEnabled = options.headersEnabled ?? false;
    this.#defaults = toList(options.defaultLimits).map((text) =>
      staticGroup(text, null, { perMethod: options.defaultLimitsPerMethod ?? false }),
    );
    this.#application = toList(options.applicationLimits).map((text) => staticGroup(text, 'global', {}));
    if (app !== null) this.initApp(app);
  }

  /** Attaches the limiter to `app`: checks limits before each request, adds headers and deductions after. */
  initApp(app: Flagon): void {
    this.#storage ??= this.#makeStorage(app);
    app.extensions.set(EXTENSION_KEY, this);
    app.beforeRequest((request) => this.#check(request));
    app.afterRequest((response, request) => this.#finish(response, request));
  }

  /** The storage counters live in. */
  get storage(): LimitStorage {
    this.#storage ??= this.#makeStorage(null);
    return this.#storage;
  }

  /**
   * A limit for one view or for every route of a blueprint. Returns a decorator that gives back its target.
   * @example
   * app.get('/search', limiter.limit('10/minute')(function search() { … }));
   * limiter.limit('100/hour')(apiBlueprint);
   * @throws RateLimitSyntaxError naming the string when it is malformed.
   */
  limit(limit: string | (() => string), options: LimitOptions = {}): <T extends Target>(target: T) => T {
    const group =
      typeof limit === 'string' ? staticGroup(limit, null, options) : dynamicGroup(limit, null, options);
    return (target) => this.#register(target, group);
  }

  /** A limit shared by every view it decorates, counted under `scope` (Flask-Limiter's `shared_limit`). */
  sharedLimit(
    limit: string | (() => string),
    scope: string,
    options: LimitOptions = {},
  ): <T extends Target>(target: T) => T {
    const group =
      typeof limit === 'string' ? staticGroup(limit, scope, options) : dynamicGroup(limit, scope, options);
    return (target) => this.#register(target, group);
  }

  /** Exempts a view or a blueprint from every limit, the application limits included. */
  exempt<T extends Target>(target: T): T {
    if (target instanceof Blueprint) this.#exemptBlueprints.add(target.name);
    else this.#exemptViews.add(target);
    return target;
  }

  /** Forgets every counter. */
  async reset(): Promise<void> {
    await this.storage.reset();
  }

  /** Closes the storage's connections. */
  close(): void {
    this.#storage?.close();
  }

  #register<T extends Target>(target: T, group: LimitGroup): T {
    if (target instanceof Blueprint) {
      const list = this.#blueprintLimits.get(target.name) ?? [];
      list.push(group);
      this.#blueprintLimits.set(target.name, list);
    } else {
      const list = this.#routeLimits.get(target) ?? [];
      list.push(group);
      this.#routeLimits.set(target, list);
    }
    return target;
  }

  #enabled(): boolean {
    if (this.#options.enabled !== undefined) return this.#options.enabled;
    return currentApp.config.RATELIMIT_ENABLED !== false;
  }

  /** The limits that apply to this request, with the scope each is counted under. */
  #groupsFor(request: Request): { group: LimitGroup; scope: string }[] {
    const endpoint = request.endpoint;
    const view =
      endpoint === null ? undefined : (currentApp.viewFunctions.get(endpoint) as object | undefined);
    const blueprints = blueprintsOf(endpoint);
    if (view !== undefined && this.#exemptViews.has(view)) return [];
    if (blueprints.some((name) => this.#exemptBlueprints.has(name))) return [];
    const out: { group: LimitGroup; scope: string }[] = [];
    for (const group of this.#application) out.push({ group, scope: 'global' });
    if (endpoint === null) return out;
    const routeGroups = (view === undefined ? undefined : this.#routeLimits.get(view)) ?? [];
    const blueprintGroups = blueprints.flatMap((name) => this.#blueprintLimits.get(name) ?? []);
    const own = routeGroups.length > 0 ? routeGroups : blueprintGroups;
    for (const group of own) out.push({ group, scope: group.scope ?? endpoint });
    const keepDefaults = own.length === 0 || own.every((group) => group.options.overrideDefaults === false);
    if (keepDefaults && endpoint !== 'static') {
      for (const group of this.#defaults) out.push({ group, scope: endpoint });
    }
    return out;
  }

  async #check(request: Request): Promise<undefined> {
    if (!this.#enabled()) return undefined;
    const groups = this.#groupsFor(request);
    if (groups.length === 0) return undefined;
    const state: RequestState = { current: null, deferred: [] };
    this.#states.set(request, state);
    for (const { group, scope } of groups) {
      const { options } = group;
      if (options.methods !== undefined && !options.methods.some((m) => m.toUpperCase() === request.method))
        continue;
      if (options.exemptWhen?.()) continue;
      const key = (options.keyFunc ?? this.#keyFunc)(request);
      const fullScope = options.perMethod ? `${scope}:${request.method}` : scope;
      const cost = typeof options.cost === 'function' ? options.cost() : (options.cost ?? 1);
      if (!Number.isSafeInteger(cost) || cost < 0) {
        throw new LimiterConfigError(
          `A rate-limit cost must be a whole number of 0 or more, not ${String(cost)}.`,
        );
      }
      for (const item of group.items()) {
        const check: Check = {
          item,
          key: this.#options.keyPrefix
            ? item.keyFor('LIMITER', this.#options.keyPrefix, key, fullScope)
            : item.keyFor('LIMITER', key, fullScope),
          cost,
          group,
        };
        const result = await this.#acquire(check, options.deductWhen !== undefined);
        if (result === null) continue;
        if (options.deductWhen !== undefined && result.allowed) state.deferred.push(check);
        if (state.current === null || result.remaining < state.current.result.remaining || !result.allowed)
          state.current = { item, result };
        if (!result.allowed) {
          const retryAfter = Math.max(1, Math.ceil((result.resetAt - Date.now()) / 1000));
          throw new TooManyRequests(options.errorMessage ?? item.toString(), { retryAfter });
        }
      }
    }
    return undefined;
  }

  /** One acquisition; null when the storage is down and `swallowErrors` lets the request through. */
  async #acquire(check: Check, dryRun: boolean): Promise<WindowResult | null> {
    try {
      return await this.storage.acquire({
        strategy: this.strategy,
        key: check.key,
        amount: check.item.amount,
        expiryMs: check.item.expiry * 1000,
        cost: check.cost,
        dryRun,
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (this.#options.swallowErrors) {
        this.#log(currentApp, `Rate limits are unavailable, letting the request through: ${error.message}`);
        return null;
      }
      this.#log(currentApp, `Rate limits are unavailable, answering 503: ${error.message}`);
      throw new ServiceUnavailable(`Rate limits cannot be checked: ${error.message}`, { retryAfter: 1 });
    }
  }

  async #finish(response: Response, request: Request): Promise<Response> {
    const state = this.#states.get(request);
    if (state === undefined) return response;
    for (const check of state.deferred) {
      if (!check.group.options.deductWhen?.(response)) continue;
      try {
        const result = await this.#acquire(check, false);
        if (result !== null && state.current?.item === check.item)
          state.current = { item: check.item, result };
      } catch (error) {
        // The response is already made; the hit is lost, and the log line above says why.
        if (!(error instanceof ServiceUnavailable)) throw error;
      }
    }
    if (this.headersEnabled && state.current !== null) {
      const { item, result } = state.current;
      response.headers.set('X-RateLimit-Limit', String(item.amount));
      response.headers.set('X-RateLimit-Remaining', String(result.remaining));
      response.headers.set('X-RateLimit-Reset', String(Math.ceil(result.resetAt / 1000)));
    }
    return response;
  }

  #makeStorage(app: Flagon | null): LimitStorage {
    const option = this.#options.storage ?? 'memory';
    const timeouts = {
      ...(this.#options.connectTimeout === undefined ? {} : { connectTimeout: this.#options.connectTimeout }),
      ...(this.#options.commandTimeout === undefined ? {} : { commandTimeout: this.#options.commandTimeout }),
    };
    if (typeof option === 'object') {
      if ('acquire' in option) return option;
      return new RedisStorage({ client: option.client, ...timeouts });
    }
    if (option === 'memory' || option === 'memory://') return new MemoryStorage();
    if (option === 'cluster') {
      if (hasClusterMaster())
        return new ClusterStorage(
          timeouts.commandTimeout === undefined ? {} : { timeoutMs: timeouts.commandTimeout },
        );
      app?.logger.warning(
        "Rate limits use storage 'cluster' outside `flagon serve`, so they are counted in this process only.",
      );
      return new MemoryStorage();
    }
    if (option.startsWith('redis://') || option.startsWith('rediss://')) {
      return new RedisStorage({ url: option, ...timeouts });
    }
    throw new LimiterConfigError(
      `Unknown rate-limit storage ${JSON.stringify(option)}: use 'memory', 'cluster', a redis:// URL, ` +
        '{ client } with a node-redis client, or a LimitStorage.',
    );
  }
}

function toList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function staticGroup(text: string, scope: string | null, options: LimitOptions): LimitGroup {
  const items = parseLimits(text);
  return { items: () => items, text, scope, options };
}

function dynamicGroup(limit: () => string, scope: string | null, options: LimitOptions): LimitGroup {
  let cached: { text: string; items: RateLimitItem[] } | undefined;
  return {
    items: () => {
      const text = limit();
      if (cached?.text !== text) cached = { text, items: parseLimits(text) };
      return cached.items;
    },
    text: '<dynamic>',
    scope,
    options,
  };
}

/** The request's blueprint chain from its endpoint: `admin.users.list` → `['admin.users', 'admin']`. */
function blueprintsOf(endpoint: string | null): string[] {
  if (endpoint === null || !endpoint.includes('.')) return [];
  const parts = endpoint.split('.').slice(0, -1);
  const names: string[] = [];
  for (let i = parts.length; i > 0; i--) names.push(parts.slice(0, i).join('.'));
  return names;
}
