import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { extname, resolve } from 'node:path';
import {
  CHILD_LOAD_FAILED,
  type DevServerOptions,
  printBanner,
  RELOADER_CHILD_ENV,
} from './dev-server-options.ts';
import { fnmatchToRegExp, watchFiles } from './file-watcher.ts';
import { handOff } from './internal/handoff.ts';

/** Source files: a change restarts the server. */
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.node']);
/** Template files: they restart the server only when templates are not auto-reloaded (debug mode is off). */
const TEMPLATE_EXTENSIONS = new Set(['.html', '.htm', '.xml', '.jinja', '.jinja2', '.j2', '.txt', '.svg']);

const UNAVAILABLE =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n' +
  'Retry-After: 1\r\n\r\nThe app failed to load. The error is shown in the terminal running `flagon run`; ' +
  'the server restarts when a file changes.\n';

/** Decides which changed paths restart the server. */
export function reloadFilter(
  options: Pick<DevServerOptions, 'debug' | 'excludePatterns' | 'extraFiles'>,
): (path: string) => boolean {
  const excluded = options.excludePatterns.map(fnmatchToRegExp);
  const extra = new Set(options.extraFiles.map((f) => resolve(f)));
  return (path) => {
    if (extra.has(path)) return true;
    if (excluded.some((pattern) => pattern.test(path))) return false;
    const ext = extname(path).toLowerCase();
    return SOURCE_EXTENSIONS.has(ext) || (!options.debug && TEMPLATE_EXTENSIONS.has(ext));
  };
}

/**
 * The reloader's parent: it holds the listening socket (so the port, even port 0, survives restarts and no
 * connection is refused while the app restarts), watches the project, and runs the app in a child process
 * that it replaces on every change. Accepted connections are handed to the current child over IPC, and held
 * while a new child starts. When the app fails to load (a syntax error), the error is shown, clients get a
 * 503, and the next change tries again. Ctrl-C stops the child and exits with status 0.
 */
export async function runReloader(options: DevServerOptions): Promise<number> {
  const listener = createServer({ pauseOnConnect: true });
  await new Promise<void>((done, fail) => {
    listener.once('error', fail);
    listener.listen(options.port, options.host, () => {
      listener.off('error', fail);
      done();
    });
  });
  printBanner(options, listener.address() as AddressInfo);
  options.stderr.write(' * Restarting with fs.watch\n');

  let child: ChildProcess | null = null;
  let ready = false;
  let failed = false;
  let restartWanted = false;
  let stopping = false;
  const waiting: Socket[] = [];

  const dispatch = (socket: Socket): void => {
    if (child !== null && ready) {
      handOff(child, socket).catch(() => waiting.push(socket));
    } else if (failed && child === null) {
      socket.end(UNAVAILABLE);
    } else {
      waiting.push(socket);
    }
  };
  const flush = (): void => {
    for (const socket of waiting.splice(0)) if (!socket.destroyed) dispatch(socket);
  };
  listener.on('connection', dispatch);

  const start = (): void => {
    ready = false;
    failed = false;
    const script = process.argv[1] as string;
    const spawned = spawn(process.execPath, [...process.execArgv, script, ...options.argv], {
      cwd: options.cwd,
      env: { ...options.env, [RELOADER_CHILD_ENV]: '1' },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    child = spawned;
    spawned.on('message', (message: { type?: unknown } | null) => {
      if (message?.type === 'flagon:ready' && child === spawned) {
        ready = true;
        flush();
      }
    });
    spawned.on('exit', (code, signal) => {
      if (child !== spawned) return;
      child = null;
      ready = false;
      if (stopping) return;
      if (restartWanted) {
        restartWanted = false;
        start();
        return;
      }
      failed = true;
      const how =
        code === CHILD_LOAD_FAILED
          ? 'The app failed to load'
          : `The server exited (${signal ?? `status ${code}`})`;
      options.stderr.write(` * ${how}; waiting for a change to restart.\n`);
      flush();
    });
  };

  // A child stuck in a loop does not get to ignore the restart.
  const stopChild = (target: ChildProcess): void => {
    target.kill('SIGTERM');
    setTimeout(() => {
      if (target.exitCode === null && target.signalCode === null) target.kill('SIGKILL');
    }, 3000).unref();
  };

  const stopWatching = watchFiles({
    roots: [options.cwd],
    files: options.extraFiles,
    include: reloadFilter(options),
    onChange: (path) => {
      if (stopping) return;
      options.stderr.write(` * Detected change in '${path}', reloading\n`);
      if (child === null) start();
      else {
        // New connections wait for the new child instead of going to the one being stopped.
        ready = false;
        restartWanted = true;
        stopChild(child);
      }
    },
  });
  start();

  await new Promise<void>((done) => {
    // The first signal starts a clean shutdown; a second one (Ctrl-C again) exits at once, with status 0
    // rather than by the signal's default action.
    let signals = 0;
    const stop = (): void => {
      signals++;
      if (signals > 1) process.exit(0);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stopping = true;
  stopWatching();
  listener.close();
  for (const socket of waiting.splice(0)) socket.destroy();
  const last = child as ChildProcess | null;
  if (last !== null && last.exitCode === null && last.signalCode === null) {
    await new Promise<void>((done) => {
      last.once('exit', () => done());
      stopChild(last);
    });
  }
  return 0;
}
