import type { App } from '../app/app.ts';
import { type CliIo, processIo } from './command-context.ts';
import { isTruthy, loadEnvFiles } from './env-files.ts';
import { describeError, UsageError } from './errors.ts';
import { locateApp } from './locate-app.ts';
import { buildProgram, runProgram } from './program.ts';

/** Global options found before the command name (they must come first, as with `flask --app x run`). */
interface Prescan {
  app: string | undefined;
  envFile: string | undefined;
  debug: boolean | undefined;
  command: string | undefined;
}

function prescan(argv: readonly string[]): Prescan {
  const found: Prescan = { app: undefined, envFile: undefined, debug: undefined, command: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '-A' || flag === '--app') found.app = value();
    else if (flag === '-e' || flag === '--env-file') found.envFile = value();
    else if (flag === '--debug') found.debug = true;
    else if (flag === '--no-debug') found.debug = false;
    else if (!arg.startsWith('-')) {
      found.command = arg;
      break;
    }
  }
  return found;
}

/** Commands whose app is loaded later, in the reloader's child or the cluster's workers. */
const LATE_LOADING = new Set(['run', 'serve']);

/**
 * The `flagon` command line: loads env files, finds the app, then runs the command. Resolves with the exit
 * status instead of exiting, so it can run in-process.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const pre = prescan(argv);
  try {
    loadEnvFiles({ cwd: io.cwd, envFile: pre.envFile ?? null, env: io.env });
  } catch (error) {
    io.stderr.write(`Error: ${describeError(error)}\n`);
    return error instanceof UsageError ? error.exitCode : 1;
  }
  // `flagon --debug cmd` works through the environment, as in Flask, so the reloader's child and the
  // cluster's workers see it too.
  if (pre.debug !== undefined) io.env.FLAGON_DEBUG = pre.debug ? '1' : '0';
  const spec = pre.app ?? io.env.FLAGON_APP ?? null;
  let loaded: Promise<App> | undefined;
  const loadApp = (): Promise<App> => {
    loaded ??= locateApp(spec, io.cwd).then(({ app }) => {
      if (io.env.FLAGON_DEBUG !== undefined) app.debug = isTruthy(io.env.FLAGON_DEBUG);
      return app;
    });
    return loaded;
  };
  let app: App | null = null;
  let loadError: unknown = null;
  const wantsVersion = argv.some((a) => a === '-V' || a === '--version') && pre.command === undefined;
  if (!wantsVersion && (pre.command === undefined || !LATE_LOADING.has(pre.command))) {
    try {
      app = await loadApp();
    } catch (error) {
      loadError = error;
    }
  }
  const options = { io, loadApp, app, loadError, argv };
  return runProgram(buildProgram(options), argv, options);
}
