import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { UsageError } from './errors.ts';

/** Options of `loadEnvFiles`. */
export interface LoadEnvFilesOptions {
  /** Where `.env` and `.flagonenv` are looked for. Default: the current directory. */
  cwd?: string;
  /** A file given with `--env-file`; it must exist, and it beats `.env` and `.flagonenv`. */
  envFile?: string | null;
  /** The environment to fill. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Loads `--env-file`, then `.env`, then `.flagonenv` with Node's own parser (`util.parseEnv`). A variable that
 * is already set is never overwritten, so the order of precedence is: command-line options, the environment,
 * `--env-file`, `.env`, `.flagonenv`. Set `FLAGON_SKIP_DOTENV=1` to skip `.env` and `.flagonenv`.
 *
 * Returns the files that were read, in order.
 *
 * Differs from Flask: the files are looked for in the current directory only (Flask searches upwards and
 * changes into the folder where it found one), and python-dotenv does not need to be installed.
 *
 * @throws UsageError when `envFile` does not exist or cannot be read.
 */
export function loadEnvFiles(options: LoadEnvFilesOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const files: string[] = [];
  if (options.envFile) {
    const path = resolve(cwd, options.envFile);
    if (!existsSync(path)) {
      throw new UsageError(
        `The env file ${JSON.stringify(options.envFile)} does not exist (looked at ${path}).`,
      );
    }
    files.push(path);
  }
  if (!isTruthy(env.FLAGON_SKIP_DOTENV)) {
    for (const name of ['.env', '.flagonenv']) {
      const path = resolve(cwd, name);
      if (existsSync(path)) files.push(path);
    }
  }
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`Could not read the env file ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    for (const [key, value] of Object.entries(parseEnv(text))) {
      if (env[key] === undefined) env[key] = value;
    }
  }
  return files;
}

/** True for `1`, `true`, `yes`, `on` (any case), as Flask reads `FLASK_DEBUG`. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on', 't', 'y'].includes(value.trim().toLowerCase());
}
