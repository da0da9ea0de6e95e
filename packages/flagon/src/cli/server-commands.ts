import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CommandError } from '../app/app-group.ts';
import { listenErrorMessage } from '../server/internal/listen-messages.ts';
import { CommandExit } from './command-context.ts';
import { isTruthy } from './env-files.ts';
import { UsageError } from './errors.ts';
import type { ProgramOptions } from './program-options.ts';

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535)
    throw new InvalidArgumentError('Not a port number (0-65535).');
  return Number(text);
}

function parsePositive(what: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0)
      throw new InvalidArgumentError(`Not a valid ${what}.`);
    return value;
  };
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new InvalidArgumentError('Not a whole number of at least 1.');
  return Number(text);
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(delimiter).filter((part) => part !== '');
}

function appLabel(options: ProgramOptions): string {
  const spec = options.argv.find((_, i, all) => i > 0 && /^(-A|--app)$/.test(all[i - 1] as string));
  const inline = options.argv.find((a) => a.startsWith('--app='))?.slice(6);
  return spec ?? inline ?? options.io.env.FLAGON_APP ?? '(found in the current directory)';
}

/** Turns a failed listen into a message that says what to do. */
function listenError(error: unknown, host: string, port: number): Error {
  const message = listenErrorMessage(error, host, port);
  return message === null ? (error as Error) : new CommandError(message);
}

interface RunFlags {
  host: string;
  port: number;
  debug?: boolean;
  reload?: boolean;
  extraFiles?: string;
  excludePatterns?: string;
  cert?: string;
  key?: string;
  debugAllowRemote?: boolean;
}

/** `flagon run`: the development server. */
export function addRunCommand(program: Command, options: ProgramOptions): void {
  const { io } = options;
  program
    .command('run')
    .summary('Run a development server (reloader and debug page with --debug).')
    .description(
      'Run a local development server.\n\nThis server is for development only. It does not provide the stability, ' +
        "security, or performance of a production server; use 'flagon serve' for that.\n\n" +
        "The reloader and the debug page are on by default with the '--debug' option.",
    )
    .helpOption('--help', 'Show this message and exit.')
    .addOption(
      new Option('-h, --host <host>', 'The interface to bind to.')
        .default('127.0.0.1')
        .env('FLAGON_RUN_HOST'),
    )
    .addOption(
      new Option('-p, --port <port>', 'The port to bind to (0 picks a free one).')
        .default(5000)
        .argParser(parsePort)
        .env('FLAGON_RUN_PORT'),
    )
    .addOption(
      new Option('--debug', 'Debug mode: the debug page, the reloader, template reloading, verbose logs.'),
    )
    .addOption(new Option('--no-debug', 'No debug mode.'))
    .addOption(new Option('--reload', 'Restart when a source file changes (default: on in debug mode).'))
    .addOption(new Option('--no-reload', 'Do not restart on changes.'))
    .addOption(
      new Option(
        '--extra-files <paths>',
        `Extra files that trigger a reload on change, separated by '${delimiter}'.`,
      ).env('FLAGON_RUN_EXTRA_FILES'),
    )
    .addOption(
      new Option(
        '--exclude-patterns <patterns>',
        `fnmatch patterns of files whose changes do not reload, separated by '${delimiter}'.`,
      ).env('FLAGON_RUN_EXCLUDE_PATTERNS'),
    )
    .addOption(new Option('--cert <path>', 'A certificate file, to serve HTTPS.').env('FLAGON_RUN_CERT'))
    .addOption(new Option('--key <path>', 'The key file of --cert.').env('FLAGON_RUN_KEY'))
    .addOption(new Option('--debug-allow-remote', 'Show the debug page to other machines too (unsafe).'))
    .action(async (flags: RunFlags) => {
      const debug = flags.debug ?? isTruthy(io.env.FLAGON_DEBUG);
      // The reloader's child reads the same setting from the environment.
      io.env.FLAGON_DEBUG = debug ? '1' : '0';
      if (flags.cert === 'adhoc') {
        throw new UsageError(
          'Ad-hoc certificates are not supported. Make one (mkcert, openssl) and pass --cert and --key.',
        );
      }
      if ((flags.cert === undefined) !== (flags.key === undefined)) {
        throw new UsageError('--cert and --key must be given together.');
      }
      for (const file of [flags.cert, flags.key]) {
        if (file !== undefined && !existsSync(file))
          throw new UsageError(`The file ${JSON.stringify(file)} does not exist.`);
      }
      // Loaded on demand: other commands (and the processes that only watch or dispatch) skip the servers.
      const { runDevServer } = await import('../server/dev-server.ts');
      const code = await runDevServer({
        host: flags.host,
        port: flags.port,
        debug,
        reload: flags.reload ?? debug,
        extraFiles: splitList(flags.extraFiles),
        excludePatterns: splitList(flags.excludePatterns),
        cert: flags.cert ?? null,
        key: flags.key ?? null,
        allowRemoteDebug: flags.debugAllowRemote === true,
        loadApp: options.loadApp,
        appLabel: appLabel(options),
        argv: options.argv,
        cwd: io.cwd,
        env: io.env,
        stderr: io.stderr,
      }).catch((error: unknown) => {
        throw listenError(error, flags.host, flags.port);
      });
      if (code !== 0) throw new CommandExit(code);
    });
}

interface ServeFlags {
  host?: string;
  port?: number;
  workers?: number;
  timeout: number;
  gracefulTimeout: number;
  keepAlive: number;
  maxRequests: number;
  accessLog?: boolean;
}

/** `flagon serve`: the production server. */
export function addServeCommand(program: Command, options: ProgramOptions): void {
  const { io } = options;
  program
    .command('serve')
    .summary('Run the production server (a cluster of worker processes).')
    .description(
      'Run the production server: a master process and a pool of worker processes (node:cluster).\n\n' +
        'SIGTERM or SIGINT: finish in-flight requests, then exit. SIGHUP: replace the workers without dropping ' +
        'a request (load new code). Put it behind a reverse proxy such as nginx, and set PROXY_FIX.',
    )
    .addOption(
      new Option(
        '--host <host>',
        'The interface to bind to (default 127.0.0.1, or 0.0.0.0 when PORT is set).',
      ).env('FLAGON_SERVE_HOST'),
    )
    .addOption(
      new Option('-p, --port <port>', 'The port to bind to (default: $PORT, else 8000).').argParser(
        parsePort,
      ),
    )
    .addOption(
      new Option('-w, --workers <n>', 'Worker processes (default: the number of CPUs).')
        .argParser(parseCount)
        .env('FLAGON_WORKERS'),
    )
    .addOption(
      new Option('-t, --timeout <seconds>', 'Kill and replace a worker blocked this long.')
        .default(30)
        .argParser(parsePositive('timeout')),
    )
    .addOption(
      new Option('--graceful-timeout <seconds>', 'How long shutdown waits for in-flight requests.')
        .default(30)
        .argParser(parsePositive('timeout')),
    )
    .addOption(
      new Option('--keep-alive <seconds>', 'How long an idle keep-alive connection stays open.')
        .default(5)
        .argParser(parsePositive('timeout')),
    )
    .addOption(
      new Option('--max-requests <n>', 'Replace a worker after this many requests (0: never).')
        .default(0)
        .argParser(parsePositive('count')),
    )
    .addOption(new Option('--access-log', 'Log each request to stdout in the combined format.'))
    .action(async (flags: ServeFlags) => {
      const envPort = io.env.PORT;
      if (flags.port === undefined && envPort !== undefined && !/^\d{1,5}$/.test(envPort)) {
        throw new UsageError(
          `The PORT environment variable (${JSON.stringify(envPort)}) is not a port number.`,
        );
      }
      const port = flags.port ?? (envPort !== undefined ? Number(envPort) : 8000);
      const host = flags.host ?? (envPort !== undefined ? '0.0.0.0' : '127.0.0.1');
      const serveOptions = {
        host,
        port,
        workers: flags.workers ?? availableParallelism(),
        timeout: flags.timeout,
        gracefulTimeout: flags.gracefulTimeout,
        keepAlive: flags.keepAlive,
        maxRequests: Math.floor(flags.maxRequests),
        accessLog: flags.accessLog === true,
        debug: isTruthy(io.env.FLAGON_DEBUG),
        loadApp: options.loadApp,
        appLabel: appLabel(options),
        argv: options.argv,
        stdout: io.stdout,
        stderr: io.stderr,
      };
      const code = cluster.isPrimary
        ? await (await import('../server/cluster-master.ts'))
            .runMaster(serveOptions)
            .catch((error: unknown) => {
              throw listenError(error, host, port);
            })
        : await (await import('../server/cluster-worker.ts')).runWorker(serveOptions);
      if (code !== 0) throw new CommandExit(code);
    });
}
