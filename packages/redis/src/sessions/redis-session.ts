/** The session object a `RedisSessionInterface` gives views: Flagon's `Session` plus an id, `regenerate` and `destroy`. */

import { randomBytes } from 'node:crypto';
import { ServiceUnavailable, Session, type SessionInit, type SessionKey, session } from 'flagon';

/** A new session id: 256 random bits, URL-safe base64 (43 characters). */
export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What the interface remembers about a session between opening and saving it (kept off the public object). */
export interface SessionRecord {
  /** The serialized data as read from Redis, or null when nothing was stored under the id. */
  raw: string | null;
  /** The id whose key is deleted when the session is saved (set by `regenerate` and `destroy`). */
  previousSid: string | undefined;
}

const records = new WeakMap<RedisSession, SessionRecord>();

/** The interface's bookkeeping for `session`. */
export function recordOf(session: RedisSession): SessionRecord {
  return records.get(session) as SessionRecord;
}

/**
 * A server-side session: the data lives in Redis under `keyPrefix + sid`, the cookie holds only `sid`.
 * Flask-Session's `ServerSideSession`, with `regenerate` and `destroy` built in.
 */
export class RedisSession extends Session {
  #sid: string;

  constructor(initial: SessionInit | null, options: { sid: string; isNew: boolean; raw: string | null }) {
    super(initial, { isNew: options.isNew });
    this.#sid = options.sid;
    records.set(this, { raw: options.raw, previousSid: undefined });
  }

  /** The session id: the key in Redis (after the prefix) and the cookie's value (before signing). */
  get sid(): string {
    return this.#sid;
  }

  /**
   * Moves the session to a new random id, keeping its data; the old key is deleted when the response is
   * saved. Call it when privileges change (log-in) so an id planted before cannot be used after
   * (session fixation). `@flagon/auth` calls it on login.
   */
  regenerate(): void {
    const record = recordOf(this);
    // Only the first id ever stored needs deleting: later ones were never written.
    record.previousSid ??= this.#sid;
    this.#sid = generateSessionId();
    this.accessed = true;
    this.modified = true;
  }

  /**
   * Ends the session: its data is removed, its key deleted and its cookie cleared when the response is
   * saved. Anything written afterwards starts a new session under a new id.
   */
  destroy(): void {
    this.clear();
    this.regenerate();
  }
}

/**
 * The session given while Redis cannot be reached: any use of it raises a 503, so requests that need the
 * session fail clearly and those that do not (health checks, static files) keep working.
 */
export class UnavailableSession extends Session {
  readonly #reason: string;

  constructor(reason: string) {
    super(null, { isNew: true });
    this.#reason = reason;
  }

  #fail(): never {
    throw new ServiceUnavailable(`The session store is unavailable: ${this.#reason}`, { retryAfter: 1 });
  }

  override get(_key: SessionKey): never {
    return this.#fail();
  }
  override set(_key: SessionKey, _value: unknown): never {
    return this.#fail();
  }
  override delete(_key: SessionKey): never {
    return this.#fail();
  }
  override has(_key: SessionKey): never {
    return this.#fail();
  }
  override clear(): never {
    return this.#fail();
  }
  override pop(_key: SessionKey, _defaultValue?: unknown): never {
    return this.#fail();
  }
  override setDefault(_key: SessionKey, _value: unknown): never {
    return this.#fail();
  }
  override update(_values: SessionInit): never {
    return this.#fail();
  }
  override get size(): never {
    return this.#fail();
  }
  override keys(): never {
    return this.#fail();
  }
  override values(): never {
    return this.#fail();
  }
  override entries(): never {
    return this.#fail();
  }
  override toJSON(): never {
    return this.#fail();
  }
}

/**
 * `session.regenerate()` for any session interface, typed: server-side sessions move to a new id; cookie
 * sessions have no id to steal, so nothing happens. Call it on login.
 * @example
 * regenerateSession();
 * session.set('userId', user.id);
 */
export function regenerateSession(target: Session = session): void {
  const regenerate = (target as unknown as { regenerate?: unknown }).regenerate;
  if (typeof regenerate === 'function') regenerate.call(target);
}

/** `session.destroy()` for any session interface, typed: server-side sessions are deleted, cookie sessions cleared. */
export function destroySession(target: Session = session): void {
  const destroy = (target as unknown as { destroy?: unknown }).destroy;
  if (typeof destroy === 'function') destroy.call(target);
  else target.clear();
}
