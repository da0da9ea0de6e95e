import { format } from 'node:util';
import { currentFrame } from '../context/storage.ts';

/** Log levels, lowest first. */
export const LOG_LEVELS = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

/** Where log lines go; the default writes to stderr. Tests swap it to capture lines. */
export type LogSink = (level: LogLevel, line: string) => void;

const stderrSink: LogSink = (_level, line) => {
  process.stderr.write(`${line}\n`);
};

/**
 * `app.logger`: a small leveled logger. Inside a request each line names the method and path, so concurrent
 * requests stay readable. The level is `debug` when the app runs in debug mode, else `warning`, as in Flask.
 */
export class Logger {
  readonly name: string;
  level: LogLevel | null = null;
  sink: LogSink = stderrSink;
  readonly #isDebug: () => boolean;

  constructor(name: string, isDebug: () => boolean) {
    this.name = name;
    this.#isDebug = isDebug;
  }

  /** The level in effect: the one set, else debug/warning from the app's debug flag. */
  get effectiveLevel(): LogLevel {
    return this.level ?? (this.#isDebug() ? 'debug' : 'warning');
  }

  isEnabledFor(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= LOG_LEVELS[this.effectiveLevel];
  }

  debug(message: unknown, ...args: unknown[]): void {
    this.log('debug', message, ...args);
  }

  info(message: unknown, ...args: unknown[]): void {
    this.log('info', message, ...args);
  }

  warning(message: unknown, ...args: unknown[]): void {
    this.log('warning', message, ...args);
  }

  /** Alias of `warning`. */
  warn(message: unknown, ...args: unknown[]): void {
    this.log('warning', message, ...args);
  }

  error(message: unknown, ...args: unknown[]): void {
    this.log('error', message, ...args);
  }

  /** Logs at error level with the stack of `error`. */
  exception(message: unknown, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    this.log('error', `${String(message)}\n${detail}`);
  }

  log(level: LogLevel, message: unknown, ...args: unknown[]): void {
    if (!this.isEnabledFor(level)) return;
    const request = currentFrame()?.request;
    const where = request ? ` [${request.method} ${request.path}]` : '';
    const text = format(message, ...args);
    this.sink(level, `[${new Date().toISOString()}] ${level.toUpperCase()} in ${this.name}${where}: ${text}`);
  }
}
