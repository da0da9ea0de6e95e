// A throwaway redis-server for tests and benches: a fresh folder in the temp directory, a free local port, no
// persistence (`--save '' --appendonly no`), and restart() / stop() so tests can take Redis away and bring it
// back on the same port (what a crash or a failover looks like to the app).

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { exited, freePort, tempFolder, waitForOutput } from './internal/service.ts';

/** Debian's redis-server; REDIS_SERVER overrides it. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A running throwaway Redis. */
export interface RedisService {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Whether the server process is running (false between `kill()` and `start()`). */
  readonly isRunning: boolean;
  /** The server's process id while it runs (benches read its CPU time). */
  readonly pid: number | undefined;
  /** Stops the server (SIGKILL: what a crash looks like); the port stays reserved for `start()`. */
  kill(): Promise<void>;
  /** Starts the server again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
  /** `kill()` then `start()`. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why redis-server cannot be started here, or null when it can. */
export function redisUnavailableReason(): string | null {
  try {
    accessSync(REDIS_SERVER, constants.X_OK);
    return null;
  } catch {
    return `${REDIS_SERVER} not found (install Debian's redis-server: .ci/install-components, or set REDIS_SERVER)`;
  }
}

/**
 * Starts a throwaway redis-server on a free port of 127.0.0.1.
 *
 * @example
 * const redis = await startRedis();
 * app.sessionInterface = new RedisSessionInterface({ url: redis.url });
 * await redis.restart(); // empty again, same URL
 * await redis.stop();
 * @throws Error when the binary is missing (check `redisUnavailableReason()` first) or the server fails.
 */
export async function startRedis(options: { timeoutMs?: number } = {}): Promise<RedisService> {
  const reason = redisUnavailableReason();
  if (reason !== null) throw new Error(`Cannot start Redis: ${reason}.`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = tempFolder('flagon-redis-');
  const port = await freePort();
  let child: ChildProcess | null = null;
  let stopped = false;

  const start = async (): Promise<void> => {
    if (child !== null) return;
    const started = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--loglevel',
        'notice',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    try {
      await waitForOutput(started, {
        name: 'redis-server',
        stream: 'stdout',
        marker: 'Ready to accept connections',
        timeoutMs,
      });
    } catch (error) {
      started.kill('SIGKILL');
      child = null;
      throw error;
    }
    // Keep reading so a full pipe never blocks the server.
    started.stdout?.resume();
    started.stderr?.resume();
  };

  const kill = async (): Promise<void> => {
    const running = child;
    if (running === null) return;
    child = null;
    running.kill('SIGKILL');
    await exited(running);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get isRunning() {
      return child !== null;
    },
    get pid() {
      return child?.pid;
    },
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
