// flagon/cli: custom commands for the `flagon` command: groups, options, the command context, errors.
// Named re-exports only.

export {
  AppGroup,
  type ArgumentValues,
  type CommandContext,
  type CommandDefinition,
  CommandError,
  type CommandHandler,
  type CommandOptions,
  type OptionSpec,
  type OptionType,
  type OptionValues,
} from './app/app-group.ts';
export { echo } from './cli/command-context.ts';
export { NoAppException, UsageError } from './cli/errors.ts';
