/** Logs a failure at most once a second per caller, counting the lines it held back, so an outage is visible without flooding the log. */

interface LoggingApp {
  readonly logger?: unknown;
}

type Log = (app: LoggingApp, message: string) => void;

/** A logger for repeated failures: the first line at once, then at most one a second with a count of the rest. */
export function throttledLog(intervalMs = 1000): Log {
  let last = 0;
  let held = 0;
  return (app, message) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      held++;
      return;
    }
    last = now;
    const suffix = held > 0 ? ` (${held} similar line${held === 1 ? '' : 's'} held back)` : '';
    held = 0;
    const logger = app.logger as { error?: (m: string) => void; warning?: (m: string) => void } | undefined;
    if (logger?.error) logger.error(message + suffix);
    else if (logger?.warning) logger.warning(message + suffix);
    else process.emitWarning(message + suffix, 'FlagonRedis');
  };
}
