import type { App } from '../app/app.ts';
import type { TextSink } from '../app/app-group.ts';

/** Options of `flagon serve`, the production server. Times are in seconds, as gunicorn takes them. */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Worker processes; default the number of CPUs. */
  readonly workers: number;
  /** A worker whose event loop stays blocked this long (no heartbeat) is killed and replaced. Default 30. */
  readonly timeout: number;
  /** How long shutdown and restarts wait for in-flight requests before killing the workers. Default 30. */
  readonly gracefulTimeout: number;
  /** How long an idle keep-alive connection stays open. Default 5. */
  readonly keepAlive: number;
  /** A worker is replaced after serving this many requests; 0 (default) never. */
  readonly maxRequests: number;
  /** FLAGON_DEBUG is set: the master warns about it. */
  readonly debug: boolean;
  /** Write an access log line (combined format) per request to stdout. */
  readonly accessLog: boolean;
  /** Finds and imports the app; runs in each worker. */
  readonly loadApp: () => Promise<App>;
  readonly appLabel: string;
  /** The `flagon` arguments, run again in each worker. */
  readonly argv: readonly string[];
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** Messages between the master and its workers. */
export const MESSAGES = {
  ready: 'flagon:ready',
  beat: 'flagon:beat',
  retire: 'flagon:retire',
  drain: 'flagon:drain',
  /** A worker calls a cluster service in the master (see `internal/cluster-services.ts` for the protocol). */
  service: 'flagon:service',
  serviceReply: 'flagon:service-reply',
} as const;

/** Set to '1' in the environment of every `flagon serve` worker, so extensions know the master answers services. */
export const SERVE_WORKER_ENV = 'FLAGON_SERVE_WORKER';

/** Exit status of a worker whose app failed to load, and of a master that gave up because of it. */
export const BOOT_FAILED = 3;

/** A gunicorn-style log line: `[2024-03-23 10:00:00 +0000] [1234] [INFO] Listening at: …`. */
export function serverLogLine(level: 'INFO' | 'WARNING' | 'ERROR', message: string): string {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  const local = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  return `[${local} ${zone}] [${process.pid}] [${level}] ${message}\n`;
}
