import { type Command, InvalidArgumentError, Option } from 'commander';
import type { App } from '../../app/app.ts';
import type { AppGroup, CommandDefinition, OptionSpec } from '../../app/app-group.ts';
import { type CliIo, makeCommandContext, runWithIo } from '../command-context.ts';

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function argumentSyntax(arg: string): string {
  if (arg.endsWith('...')) return `[${arg.slice(0, -3)}...]`;
  if (arg.endsWith('?')) return `[${arg.slice(0, -1)}]`;
  return `<${arg}>`;
}

function argumentName(arg: string): string {
  return arg.replace(/(\?|\.\.\.)$/, '');
}

function parseNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError(`'${text}' is not a number.`);
  return value;
}

function buildOption(key: string, spec: OptionSpec): Option {
  const type = spec.type ?? 'string';
  const long = type === 'boolean' && spec.default === true ? `--no-${kebab(key)}` : `--${kebab(key)}`;
  const short = spec.short ? `-${spec.short}, ` : '';
  const flags = `${short}${long}${type === 'boolean' ? '' : ' <value>'}`;
  const option = new Option(flags, spec.description ?? '');
  if (type === 'number') option.argParser(parseNumber);
  // A repeated option collects its values; the declared default is applied after parsing instead, so the
  // first value given replaces it rather than being appended to it.
  if (type === 'strings')
    option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  else if (spec.default !== undefined) option.default(spec.default);
  if (spec.choices) option.choices([...spec.choices]);
  if (spec.required) option.makeOptionMandatory();
  if (spec.env) option.env(spec.env);
  return option;
}

/** Adds one custom command to `parent`; its action runs the handler with the parsed values. */
function addCommand(parent: Command, definition: CommandDefinition, app: App, io: CliIo): void {
  const command = parent.command(definition.name).description(definition.description);
  for (const arg of definition.arguments) command.argument(argumentSyntax(arg));
  for (const [key, spec] of Object.entries(definition.options)) command.addOption(buildOption(key, spec));
  command.action(async (...actionArgs: unknown[]) => {
    const self = actionArgs.at(-1) as Command;
    const params: Record<string, unknown> = Object.create(null);
    definition.arguments.forEach((arg, index) => {
      const value = self.processedArgs[index];
      params[argumentName(arg)] = arg.endsWith('...') ? (value ?? []) : value;
    });
    for (const [key, value] of Object.entries(self.opts())) params[key] = value;
    for (const [key, spec] of Object.entries(definition.options)) {
      if (spec.type === 'boolean' && params[key] === undefined) params[key] = false;
      if (spec.type === 'strings' && params[key] === undefined)
        params[key] = [...((spec.default as string[]) ?? [])];
    }
    const ctx = makeCommandContext(app, io);
    const call = (): unknown => runWithIo(io, () => definition.handler(params, ctx));
    await (definition.withAppContext ? app.appContext().run(call) : call());
  });
}

/**
 * Adds the commands and nested groups of `group` to the commander command `parent`. Names that are already
 * taken (a built-in command) are skipped with a warning on stderr, as Flask lets built-ins win.
 */
export function attachGroup(parent: Command, group: AppGroup, app: App, io: CliIo): void {
  const taken = new Set(parent.commands.map((c) => c.name()));
  const warn = (name: string): void => {
    io.stderr.write(
      `Warning: the custom command '${name}' is hidden by a built-in command of the same name.\n`,
    );
  };
  for (const definition of group.commands.values()) {
    if (taken.has(definition.name)) warn(definition.name);
    else addCommand(parent, definition, app, io);
  }
  for (const [name, sub] of group.groups) {
    if (sub.isEmpty) continue;
    if (taken.has(name)) {
      warn(name);
      continue;
    }
    attachGroup(parent.command(name).description(sub.description), sub, app, io);
  }
}

/**
 * The app's custom commands as one group: `app.cli` (when the lead's Flagon has it) plus each blueprint's
 * `cli` group, under the blueprint's `cliGroup` name (default: its name; null merges into the top level).
 */
export function collectAppCommands(app: App, makeGroup: (name: string) => AppGroup): AppGroup {
  const root = makeGroup(app.name);
  const appCli = (app as { cli?: unknown }).cli;
  const merge = (from: AppGroup, into: AppGroup): void => {
    for (const definition of from.commands.values()) {
      into.command(definition.name, definition, definition.handler);
    }
    for (const [name, sub] of from.groups) into.addGroup(sub, name);
  };
  if (isAppGroup(appCli)) merge(appCli, root);
  for (const blueprint of app.blueprints.values()) {
    const bp = blueprint as { cli?: unknown; name?: unknown; cliGroup?: unknown };
    if (!isAppGroup(bp.cli) || bp.cli.isEmpty) continue;
    const groupName = bp.cliGroup === undefined ? bp.name : bp.cliGroup;
    if (groupName === null) merge(bp.cli, root);
    else if (typeof groupName === 'string') root.addGroup(bp.cli, groupName);
  }
  return root;
}

function isAppGroup(value: unknown): value is AppGroup {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { commands?: unknown }).commands instanceof Map &&
    (value as { groups?: unknown }).groups instanceof Map
  );
}
