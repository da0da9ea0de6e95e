/**
 * One Redis connection shared by the session interface and the limiter: connects on first use, fails fast
 * while Redis is away (no offline queue), bounds every command with a timeout, and runs Lua scripts by SHA.
 * A failure to reach Redis is always a `StoreUnavailableError`; a Redis error reply is passed on unchanged.
 */

import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import { StoreUnavailableError } from '../errors.ts';

/** The parts of a node-redis client this package uses, so any connected `createClient()` result will do. */
export interface RedisClientLike {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  sendCommand(
    args: readonly string[],
    options?: { timeout?: number; rejectInFlight?: boolean },
  ): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): void;
}

/** How to reach Redis: an existing client, or a URL to open one. */
export interface RedisConnectionOptions {
  /** A node-redis client (`createClient()`); you own it and close it. */
  client?: RedisClientLike;
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`; used when `client` is not given. */
  url?: string;
  /** How long to wait for a connection, in milliseconds (default 1000). */
  connectTimeout?: number;
  /** How long to wait for a reply, in milliseconds (default 1000). */
  commandTimeout?: number;
}

/** A Lua script, run with EVALSHA (EVAL once after a restart emptied Redis's script cache). */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Defines a Lua script. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** A shared connection to Redis (see the module comment). */
export class RedisConnection {
  readonly #client: RedisClientLike;
  readonly #owned: boolean;
  readonly #connectTimeout: number;
  readonly #commandTimeout: number;
  /** Where Redis is, for messages (the URL without its password). */
  readonly where: string;
  #connecting: Promise<unknown> | undefined;
  #connectStartedAt = 0;
  #lastError: Error | undefined;
  #closed = false;

  constructor(options: RedisConnectionOptions) {
    this.#connectTimeout = options.connectTimeout ?? 1000;
    this.#commandTimeout = options.commandTimeout ?? 1000;
    if (options.client !== undefined) {
      this.#client = options.client;
      this.#owned = false;
      this.where = 'the given Redis client';
    } else {
      const url = options.url ?? 'redis://127.0.0.1:6379';
      this.where = redactUrl(url);
      this.#client = createClient({
        url,
        // Requests must never wait for a Redis that is away: commands fail at once while reconnecting.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: this.#connectTimeout,
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
        },
      }) as unknown as RedisClientLike;
      this.#owned = true;
    }
    // Without a listener node-redis's 'error' event would crash the process; the failure is reported by the
    // request that meets it.
    this.#client.on('error', (error) => {
      this.#lastError = error;
    });
  }

  /** The underlying client. */
  get client(): RedisClientLike {
    return this.#client;
  }

  /**
   * Runs one command.
   * @throws StoreUnavailableError when Redis cannot be reached or does not answer within `commandTimeout`.
   */
  async command(args: readonly string[]): Promise<unknown> {
    await this.#ready();
    try {
      return await this.#client.sendCommand(args, { timeout: this.#commandTimeout, rejectInFlight: true });
    } catch (error) {
      throw this.#translate(error, args[0] ?? 'command');
    }
  }

  /** Runs a Lua script. @throws StoreUnavailableError as `command`. */
  async eval(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.command(['EVALSHA', script.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(['EVAL', script.source, ...tail]);
    }
  }

  /** Closes the connection if this object opened it (a given client is left to its owner). */
  close(): void {
    this.#closed = true;
    if (this.#owned && this.#client.isOpen) this.#client.destroy();
  }

  async #ready(): Promise<void> {
    if (this.#client.isReady) return;
    if (this.#closed) throw new StoreUnavailableError(`The connection to ${this.where} was closed.`);
    if (this.#client.isOpen && this.#connecting === undefined) {
      // Open but not ready: node-redis is reconnecting on its own, and the request should not wait for it.
      throw new StoreUnavailableError(
        `Redis at ${this.where} is unavailable (${this.#lastError?.message ?? 'reconnecting'}).`,
      );
    }
    if (this.#connecting === undefined) {
      const attempt = this.#client.connect().finally(() => {
        if (this.#connecting === attempt) this.#connecting = undefined;
      });
      attempt.catch((error: Error) => {
        this.#lastError = error;
      });
      this.#connecting = attempt;
      this.#connectStartedAt = Date.now();
    }
    // Requests wait for one attempt at most connectTimeout in all: while a server that never answered is
    // retried, later requests fail at once instead of each waiting again.
    const remaining = this.#connectTimeout - (Date.now() - this.#connectStartedAt);
    if (remaining <= 0) {
      throw new StoreUnavailableError(
        `Redis at ${this.where} is unavailable (${this.#lastError?.message ?? 'not connected yet'}).`,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#connecting,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(this.#lastError?.message ?? 'connect timeout')),
            remaining,
          );
        }),
      ]);
    } catch (error) {
      throw new StoreUnavailableError(
        `Redis at ${this.where} is unavailable (${(error as Error).message ?? String(error)}).`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  #translate(error: unknown, command: string): unknown {
    if (error instanceof ErrorReply) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`Redis at ${this.where} did not answer ${command} (${message}).`, {
      cause: error,
    });
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured Redis URL';
  }
}
