import type { Readable } from 'node:stream';
import type { CurrentApp } from '../context/storage.ts';

/** Somewhere to write text: `process.stdout`, or a buffer in the test runner. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * What a command handler gets besides its parsed arguments: the app and the invocation's streams. Write with
 * `ctx.echo` (or the `echo` function) rather than `console.log`, so `CliRunner` can capture the output.
 */
export interface CommandContext {
  readonly app: CurrentApp;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: Readable;
  /** Writes `text` and a newline to stdout (or stderr with `{ err: true }`), like `click.echo`. */
  echo(text?: unknown, options?: { err?: boolean }): void;
  /** Reads all of stdin as text (for piped input). */
  readInput(): Promise<string>;
  /** Stops the command with this exit status; 0 is success. */
  exit(code?: number): never;
}

/**
 * A command failed in a way its user can fix: the CLI prints `Error: <message>` (no stack) and exits with
 * `exitCode` (default 1), like click's `ClickException`.
 *
 * @example
 * app.cli.command('seed', {}, () => { throw new CommandError('The database is not empty; pass --force.'); });
 */
export class CommandError extends Error {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }

  override get name(): string {
    return 'CommandError';
  }
}

/** How an option's text becomes a value. `strings` collects a repeated option into an array. */
export type OptionType = 'string' | 'number' | 'boolean' | 'strings';

/** One option of a custom command; the key `dryRun` becomes the flag `--dry-run`. */
export interface OptionSpec {
  /** Default `'string'`. A boolean option is a flag; with `default: true` it gets a `--no-…` form instead. */
  readonly type?: OptionType;
  readonly description?: string;
  /** A one-letter alias: `short: 'n'` adds `-n`. */
  readonly short?: string;
  readonly default?: string | number | boolean | readonly string[];
  /** The command fails (exit status 2) when the option is missing. */
  readonly required?: boolean;
  /** The only values allowed. */
  readonly choices?: readonly string[];
  /** An environment variable that supplies the value when the option is not given. */
  readonly env?: string;
}

type OptionValue<S extends OptionSpec> = S['type'] extends 'number'
  ? number
  : S['type'] extends 'boolean'
    ? boolean
    : S['type'] extends 'strings'
      ? string[]
      : string;

/** The parsed options of a command, typed from their specs. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K] extends
    | { readonly required: true }
    | { readonly default: unknown }
    | { readonly type: 'boolean' }
    | { readonly type: 'strings' }
    ? OptionValue<O[K]>
    : OptionValue<O[K]> | undefined;
};

type ArgName<S extends string> = S extends `${infer N}...` ? N : S extends `${infer N}?` ? N : S;
type ArgValue<S extends string> = S extends `${string}...`
  ? string[]
  : S extends `${string}?`
    ? string | undefined
    : string;

/** The positional arguments of a command: `'name'` is required, `'name?'` optional, `'files...'` variadic. */
export type ArgumentValues<A extends readonly string[]> = { [S in A[number] as ArgName<S>]: ArgValue<S> };

/** What `command(name, options, handler)` takes. */
export interface CommandOptions<A extends readonly string[], O extends Record<string, OptionSpec>> {
  /** The help text; its first line is the summary `flagon --help` lists. */
  readonly description?: string;
  /** Positional arguments in order: `['name', 'email?']` or `['files...']`. */
  readonly arguments?: A;
  readonly options?: O;
  /** Run the handler inside `app.appContext()` so `currentApp` and `g` work. Default true. */
  readonly withAppContext?: boolean;
}

/** A command handler: parsed arguments and options in one object, and the command's context. */
export type CommandHandler<A extends readonly string[], O extends Record<string, OptionSpec>> = (
  params: ArgumentValues<A> & OptionValues<O>,
  ctx: CommandContext,
) => unknown;

/** A registered custom command, as stored in its group. */
export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly arguments: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly withAppContext: boolean;
  // The handler's parameter types were checked when it was registered; here it is stored type-erased.
  readonly handler: (params: Record<string, unknown>, ctx: CommandContext) => unknown;
}

const COMMAND_NAME = /^[a-z0-9][a-z0-9:_-]*$/i;
const ARGUMENT = /^[A-Za-z_$][\w$-]*(\?|\.\.\.)?$/;

/**
 * A group of custom commands: `app.cli` (Flask's `AppGroup`). `flagon --help` lists them next to the built-in
 * `run`, `routes`, `shell` and `serve`; `app.testCliRunner()` invokes them in-process.
 *
 * @example
 * app.cli.command(
 *   'create-user',
 *   { description: 'Create a user.', arguments: ['name'], options: { admin: { type: 'boolean' } } },
 *   async ({ name, admin }, ctx) => { await createUser(name, admin); ctx.echo(`Created ${name}.`); },
 * );
 * // $ flagon create-user ada --admin
 */
export class AppGroup {
  readonly name: string;
  readonly description: string;
  readonly #commands = new Map<string, CommandDefinition>();
  readonly #groups = new Map<string, AppGroup>();

  constructor(name: string, options: { description?: string } = {}) {
    this.name = name;
    this.description = options.description ?? '';
  }

  /**
   * Adds a command. Options are typed from their specs and arguments from their names, so the handler's
   * parameter is fully typed. Registering a name again replaces the command.
   *
   * @throws TypeError for a malformed command, option or argument name.
   */
  command<const A extends readonly string[] = [], const O extends Record<string, OptionSpec> = {}>(
    name: string,
    options: CommandOptions<A, O>,
    handler: CommandHandler<A, O>,
  ): CommandDefinition;
  command(name: string, handler: CommandHandler<[], {}>): CommandDefinition;
  command(
    name: string,
    optionsOrHandler: CommandOptions<readonly string[], Record<string, OptionSpec>> | CommandHandler<[], {}>,
    maybeHandler?: Function,
  ): CommandDefinition {
    const options = typeof optionsOrHandler === 'function' ? {} : optionsOrHandler;
    const handler = (typeof optionsOrHandler === 'function' ? optionsOrHandler : maybeHandler) as
      | CommandDefinition['handler']
      | undefined;
    if (!COMMAND_NAME.test(name)) {
      throw new TypeError(
        `The command name ${JSON.stringify(name)} is not valid: use letters, digits, '-', '_' or ':'.`,
      );
    }
    if (typeof handler !== 'function')
      throw new TypeError(`The command ${JSON.stringify(name)} needs a handler function.`);
    const args = [...(options.arguments ?? [])];
    args.forEach((arg, index) => {
      if (!ARGUMENT.test(arg))
        throw new TypeError(`The argument name ${JSON.stringify(arg)} of ${name} is not valid.`);
      if (arg.endsWith('...') && index !== args.length - 1) {
        throw new TypeError(`Only the last argument of ${name} can be variadic ('${arg}' is not last).`);
      }
    });
    for (const key of Object.keys(options.options ?? {})) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
        throw new TypeError(
          `The option key ${JSON.stringify(key)} of ${name} must be a camelCase identifier.`,
        );
      }
    }
    const definition: CommandDefinition = {
      name,
      description: options.description ?? '',
      arguments: args,
      options: { ...options.options },
      withAppContext: options.withAppContext ?? true,
      handler,
    };
    this.#commands.set(name, definition);
    return definition;
  }

  /** A nested group (`flagon db migrate`). Calling it again with the same name returns the same group. */
  group(name: string, options: { description?: string } = {}): AppGroup {
    let group = this.#groups.get(name);
    if (group === undefined) {
      if (!COMMAND_NAME.test(name))
        throw new TypeError(`The group name ${JSON.stringify(name)} is not valid.`);
      group = new AppGroup(name, options);
      this.#groups.set(name, group);
    }
    return group;
  }

  /** Adds an existing group (a blueprint's `cli`) under `name` (default: its own name). */
  addGroup(group: AppGroup, name: string = group.name): void {
    this.#groups.set(name, group);
  }

  /** The commands of this group, by name. */
  get commands(): ReadonlyMap<string, CommandDefinition> {
    return this.#commands;
  }

  /** The nested groups, by name. */
  get groups(): ReadonlyMap<string, AppGroup> {
    return this.#groups;
  }

  /** True when the group holds no command, directly or in a nested group. */
  get isEmpty(): boolean {
    return this.#commands.size === 0 && [...this.#groups.values()].every((group) => group.isEmpty);
  }
}
