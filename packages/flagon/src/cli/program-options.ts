// Its own module so that the server commands, which program.ts adds, need not import program.ts back.
import type { App } from '../app/app.ts';
import type { CliIo } from './command-context.ts';

/** What the program needs to know besides argv. */
export interface ProgramOptions {
  readonly io: CliIo;
  /** Loads (once) and returns the app, applying `--debug`; throws NoAppException when it cannot. */
  readonly loadApp: () => Promise<App>;
  /** The app when it was loaded before parsing (so its commands are listed), else null. */
  readonly app: App | null;
  /** Why loading the app before parsing failed, shown with the help text. */
  readonly loadError: unknown;
  /** The original arguments, for the reloader's child and the cluster's workers. */
  readonly argv: readonly string[];
  /** Include `run` and `serve` (false in the in-process test runner). */
  readonly servers?: boolean;
  /** Told about an unexpected error a command threw (the test runner keeps it). */
  readonly onException?: (error: unknown) => void;
}
