import { Readable, Writable } from 'node:stream';
import type { App } from '../app/app.ts';
import type { CliIo } from './command-context.ts';

/** What `CliRunner.invoke` returns. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The error a command threw (not a usage error or `CommandError`), or null. */
  readonly exception: unknown;
}

/** Options of `CliRunner.invoke`. */
export interface InvokeOptions {
  /** What the command reads from stdin. */
  readonly input?: string | Uint8Array;
  /** Environment variables set while the command runs (undefined removes one); restored afterwards. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

class TextBuffer extends Writable {
  readonly #chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  get text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

// process.env is shared, so invocations that set variables run one after another.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the app's CLI commands in-process and captures what they print (Flask's `FlaskCliRunner`): the custom
 * commands of `app.cli` and of blueprints, and the built-in `routes` and `shell`. Get one with
 * `app.testCliRunner()`.
 *
 * Output is captured when commands write with `ctx.echo`, `ctx.stdout` or `echo()`; `console.log` goes to
 * the real stdout.
 *
 * Differs from Flask: `invoke` is async, and `run`/`serve` are not available (they start servers).
 *
 * @example
 * const result = await app.testCliRunner().invoke(['create-user', 'ada']);
 * assert.equal(result.exitCode, 0);
 * assert.match(result.stdout, /Created ada/);
 */
export class CliRunner {
  readonly app: App;

  constructor(app: App) {
    this.app = app;
  }

  /** Runs `flagon <args>` against the app and resolves with its exit status and output. */
  invoke(args: readonly string[] | string = [], options: InvokeOptions = {}): Promise<CliResult> {
    const argv = typeof args === 'string' ? args.split(/\s+/).filter((a) => a !== '') : [...args];
    const run = queue.then(() => this.#invoke(argv, options));
    queue = run.catch(() => {});
    return run;
  }

  async #invoke(argv: string[], options: InvokeOptions): Promise<CliResult> {
    const { buildProgram, runProgram } = await import('./program.ts');
    const stdout = new TextBuffer();
    const stderr = new TextBuffer();
    const input = options.input ?? '';
    const io: CliIo = {
      stdout,
      stderr,
      stdin: Readable.from(
        input.length === 0 ? [] : [typeof input === 'string' ? Buffer.from(input) : Buffer.from(input)],
      ),
      env: process.env,
      cwd: process.cwd(),
    };
    const saved = new Map<string, string | undefined>();
    for (const [key, value] of Object.entries(options.env ?? {})) {
      saved.set(key, process.env[key]);
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    let exception: unknown = null;
    try {
      const programOptions = {
        io,
        app: this.app,
        loadApp: async () => this.app,
        loadError: null,
        argv,
        servers: false,
        onException: (error: unknown) => {
          exception = error;
        },
      };
      const exitCode = await runProgram(buildProgram(programOptions), argv, programOptions);
      return { exitCode, stdout: stdout.text, stderr: stderr.text, exception };
    } finally {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }
}
