import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AppGroup, CommandError } from '../app/app-group.ts';
import { CommandExit } from './command-context.ts';
import { endpointTypes } from './endpoint-types.ts';
import { describeError, UsageError } from './errors.ts';
import { attachGroup, collectAppCommands } from './internal/custom-commands.ts';
import type { ProgramOptions } from './program-options.ts';
import { formatRoutes, ROUTE_SORTS, type RouteSort } from './routes-command.ts';
import { addRunCommand, addServeCommand } from './server-commands.ts';

const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.invalidArgument',
  'commander.excessArguments',
  'commander.conflictingOption',
]);

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The `flagon` command: global options, the built-in commands, and the app's custom commands. */
export function buildProgram(options: ProgramOptions): Command {
  const { io } = options;
  const program = new Command('flagon');
  program
    .description(
      'A general utility script for Flagon applications.\n\n' +
        "The application to load is given with the '--app' option, the 'FLAGON_APP' environment variable, or " +
        "an 'app.ts', 'src/app.ts' or 'app.js' file in the current directory.",
    )
    .version(`Flagon ${version()}\nNode ${process.version}`, '-V, --version', 'Show the Flagon version.')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(run with '--help' for usage)")
    .helpOption('-h, --help', 'Show this message and exit.')
    .helpCommand('help [command]', 'Show the help of a command.')
    .option('-A, --app <spec>', "The app to load: 'module[:name]' or \"module:createApp('arg')\".")
    .option('-e, --env-file <path>', 'Load environment variables from this file (beats .env and .flagonenv).')
    .addOption(new Option('--debug', 'Set debug mode (sets FLAGON_DEBUG).'))
    .addOption(new Option('--no-debug', 'Unset debug mode.'));

  program
    .command('routes')
    .description('Show the routes of the app.')
    .addOption(
      new Option('-s, --sort <key>', "Sort by the endpoint, methods or rule, or 'match' for matching order.")
        .choices([...ROUTE_SORTS])
        .default('endpoint'),
    )
    .option('--all-methods', 'Show HEAD and OPTIONS too.')
    .option(
      '--types [file]',
      'Write the Endpoints declaration for checked urlFor() calls (strict: an unknown endpoint is a compile ' +
        'error). Default file: src/flagon-endpoints.d.ts, or flagon-endpoints.d.ts without a src folder.',
    )
    .action(async (opts: { sort: RouteSort; allMethods?: boolean; types?: string | true }) => {
      const app = await options.loadApp();
      if (opts.types !== undefined) {
        const file =
          typeof opts.types === 'string'
            ? opts.types
            : existsSync(join(io.cwd, 'src'))
              ? 'src/flagon-endpoints.d.ts'
              : 'flagon-endpoints.d.ts';
        mkdirSync(dirname(resolve(io.cwd, file)), { recursive: true });
        writeFileSync(resolve(io.cwd, file), endpointTypes(app));
        io.stdout.write(`Wrote the Endpoints of ${app.urlMap.rules().length} rules to ${file}.\n`);
        return;
      }
      io.stdout.write(`${formatRoutes(app, { sort: opts.sort, allMethods: opts.allMethods === true })}\n`);
    });

  program
    .command('shell')
    .description('Run a Node REPL in the context of the app (app, g and config in scope, top-level await).')
    .action(async () => {
      const app = await options.loadApp();
      // Loaded on demand: node:repl loads node:domain, which slows every EventEmitter in the process.
      const { runShell } = await import('./shell-command.ts');
      const code = await runShell(app, io);
      if (code !== 0) throw new CommandExit(code);
    });

  if (options.servers !== false) {
    addRunCommand(program, options);
    addServeCommand(program, options);
  }

  if (options.app)
    attachGroup(
      program,
      collectAppCommands(options.app, (name) => new AppGroup(name)),
      options.app,
      io,
    );
  return program;
}

/**
 * Parses `argv` and runs the command; resolves with the exit status. Usage errors exit with 2 and print the
 * command's usage; `CommandError` prints `Error: message`; other errors print their stack and exit with 1.
 */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  options: ProgramOptions,
): Promise<number> {
  const { io } = options;
  let current: Command = program;
  program.hook('preAction', (_self, actionCommand) => {
    current = actionCommand;
  });
  if (
    argv.filter((a) => !a.startsWith('-')).length === 0 &&
    !argv.some((a) => /^(-h|--help|-V|--version)$/.test(a))
  ) {
    // `flagon` alone: the help text, successfully, as `flask` does.
    if (options.loadError) io.stderr.write(`Error: ${describeError(options.loadError)}\n\n`);
    io.stdout.write(program.helpInformation());
    return 0;
  }
  if (options.loadError && argv.some((a) => a === '-h' || a === '--help')) {
    io.stderr.write(`Error: ${describeError(options.loadError)}\n\n`);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, current, options);
  }
}

function reportError(error: unknown, current: Command, options: ProgramOptions): number {
  const { io } = options;
  if (error instanceof CommandExit) return error.exitCode;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.unknownCommand' && options.loadError) {
      io.stderr.write(
        `\nThe app could not be loaded, so its commands are not available:\nError: ${describeError(options.loadError)}\n`,
      );
    }
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return USAGE_ERRORS.has(error.code) ? 2 : error.exitCode;
  }
  if (error instanceof UsageError) {
    const path = commandPath(current);
    io.stderr.write(
      `Usage: ${path} ${current.usage()}\nTry '${path} --help' for help.\n\nError: ${describeError(error)}\n`,
    );
    return error.exitCode;
  }
  if (error instanceof CommandError) {
    io.stderr.write(`Error: ${describeError(error)}\n`);
    return error.exitCode;
  }
  options.onException?.(error);
  io.stderr.write(`${error instanceof Error ? (error.stack ?? String(error)) : `Error: ${String(error)}`}\n`);
  return 1;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
