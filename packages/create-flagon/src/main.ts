import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ScaffoldError } from './errors.ts';
import type { ProjectOptions } from './project-files.ts';
import { packageNameFor, scaffold } from './scaffold.ts';

/** Where `main` reads and writes; `processIo()` for the real terminal. */
export interface CreateIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Ask questions for what the flags leave open (a terminal on both ends). */
  readonly isInteractive: boolean;
  readonly cwd: string;
}

/** The real terminal: interactive when stdin and stdout are TTYs. */
export function processIo(): CreateIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isInteractive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
}

const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const HELP = `Usage: npm create flagon@latest [folder] -- [options]
       npx create-flagon [folder] [options]

Creates a Flagon project in a new folder: an application factory (src/app.ts) with one blueprint, its
templates and static files, a base template, a test, .flagonenv, .gitignore, a Procfile and a Dockerfile.
In a terminal it asks for what the options leave open.

Options:
  --minimal          one app.ts instead (and its test)
  --db / --no-db     add the database extension, @flagon/sql (SQLite by default)
  --auth / --no-auth add login sessions and password hashing, @flagon/auth
  -y, --yes          ask nothing: the defaults for whatever is not given (folder my-flagon-app)
  -h, --help         show this help
  -v, --version      show the version
`;

function fail(io: CreateIo, message: string, status = 1): number {
  io.stderr.write(`create-flagon: ${message}\n`);
  return status;
}

async function ask(
  prompt: ReturnType<typeof createInterface>,
  question: string,
  fallback: boolean,
): Promise<boolean> {
  const answer = (await prompt.question(`${question} ${fallback ? '(Y/n)' : '(y/N)'} `)).trim().toLowerCase();
  if (answer === '') return fallback;
  return answer === 'y' || answer === 'yes';
}

/**
 * `npm create flagon`: parses the options, asks for the rest in a terminal, scaffolds, and says what to
 * run next. Resolves with the exit status: 0, 1 when the folder is refused, 2 for bad options.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CreateIo = processIo()): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return fail(io, `${(error as Error).message}\nTry 'npm create flagon@latest -- --help'.`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (positionals.length > 1) return fail(io, `one folder at a time (got ${positionals.join(', ')}).`, 2);
  let folder = positionals[0];
  let minimal = values.minimal;
  let db = values.db === true ? true : values['no-db'] === true ? false : undefined;
  let auth = values.auth === true ? true : values['no-auth'] === true ? false : undefined;
  if (minimal && (db || auth)) {
    return fail(io, '--minimal makes one app.ts; add --db or --auth to the full layout instead.', 2);
  }

  if (io.isInteractive && !values.yes) {
    const prompt = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
    try {
      if (folder === undefined) {
        folder = (await prompt.question('Project folder: (my-flagon-app) ')).trim() || 'my-flagon-app';
      }
      minimal ??= await ask(prompt, 'A minimal single-file app instead of the full layout?', false);
      if (!minimal) {
        db ??= await ask(prompt, 'Add a database (@flagon/sql, SQLite by default)?', false);
        auth ??= await ask(prompt, 'Add login sessions and password hashing (@flagon/auth)?', false);
      }
    } finally {
      prompt.close();
    }
  } else if (folder === undefined) {
    if (!values.yes) {
      return fail(io, 'name the folder for the project: npm create flagon@latest my-app', 2);
    }
    folder = 'my-flagon-app';
  }

  const target = resolve(io.cwd, folder);
  const options: ProjectOptions = {
    name: '',
    minimal: minimal === true,
    db: minimal !== true && db === true,
    auth: minimal !== true && auth === true,
    flagonRange: `^${VERSION}`,
  };
  try {
    const result = scaffold(target, { ...options, name: packageNameFor(target) });
    const shown = relative(io.cwd, result.root) || '.';
    io.stdout.write(
      `\nCreated ${shown} (${result.files.length} files). Next:\n\n` +
        `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n  npm install\n  npm run dev\n\n` +
        'Then open http://127.0.0.1:5000. `npm test` runs the tests. Flagon needs Node.js 24.2 or newer.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) return fail(io, error.message);
    throw error;
  }
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      minimal: { type: 'boolean' },
      db: { type: 'boolean' },
      'no-db': { type: 'boolean' },
      auth: { type: 'boolean' },
      'no-auth': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
