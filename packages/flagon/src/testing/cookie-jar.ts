interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number | null;
}

/** The cookies the test client keeps between requests, honouring Path, Max-Age and Expires. */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Stores the cookies of Set-Cookie headers sent in answer to `path`. */
  update(setCookieHeaders: readonly string[], host: string): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, eq).trim(),
        value: pair.slice(eq + 1).trim(),
        domain: host,
        path: '/',
        expires: null,
      };
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'path' && value.startsWith('/')) cookie.path = value;
        else if (key === 'domain' && value) cookie.domain = value.replace(/^\./, '');
        else if (key === 'max-age' && /^-?\d+$/.test(value))
          cookie.expires = this.#now() + Number(value) * 1000;
        else if (key === 'expires' && cookie.expires === null) {
          const time = Date.parse(value);
          if (!Number.isNaN(time)) cookie.expires = time;
        }
      }
      const key = `${cookie.domain};${cookie.path};${cookie.name}`;
      if (cookie.expires !== null && cookie.expires <= this.#now()) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  /** The Cookie header for a request to `path`, or null when no cookie applies. */
  headerFor(path: string, host: string): string | null {
    const now = this.#now();
    const pairs: string[] = [];
    for (const [key, cookie] of this.#cookies) {
      if (cookie.expires !== null && cookie.expires <= now) {
        this.#cookies.delete(key);
        continue;
      }
      const hostname = host.split(':')[0] ?? host;
      const domain = cookie.domain.split(':')[0] ?? cookie.domain;
      if (hostname !== domain && !hostname.endsWith(`.${domain}`)) continue;
      if (
        path !== cookie.path &&
        !path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)
      )
        continue;
      pairs.push(`${cookie.name}=${cookie.value}`);
    }
    return pairs.length === 0 ? null : pairs.join('; ');
  }

  /** The value of a stored cookie, by name. */
  get(name: string): string | undefined {
    for (const cookie of this.#cookies.values()) if (cookie.name === name) return unquote(cookie.value);
    return undefined;
  }

  /** Sets a cookie by hand (for tests that arrive with a cookie). */
  set(name: string, value: string, options: { domain?: string; path?: string } = {}): void {
    const cookie = {
      name,
      value,
      domain: options.domain ?? 'localhost',
      path: options.path ?? '/',
      expires: null,
    };
    this.#cookies.set(`${cookie.domain};${cookie.path};${name}`, cookie);
  }

  /** Removes a cookie by name (all paths and domains). */
  delete(name: string): void {
    for (const [key, cookie] of this.#cookies) if (cookie.name === name) this.#cookies.delete(key);
  }

  /** Every stored cookie name. */
  names(): string[] {
    return [...new Set([...this.#cookies.values()].map((c) => c.name))];
  }
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
