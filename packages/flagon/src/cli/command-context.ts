import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import type { App } from '../app/app.ts';
import { type CommandContext, CommandError, type TextSink } from '../app/app-group.ts';
import type { CurrentApp } from '../context/storage.ts';

/** The streams and environment one CLI invocation runs with. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: Readable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The process's own streams, environment and directory. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Thrown by `ctx.exit(code)` to end a command early; the CLI turns it into the exit status. */
export class CommandExit extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`The command exited with status ${exitCode}.`);
    this.exitCode = exitCode;
  }
}

const ioStorage = new AsyncLocalStorage<CliIo>();

/** Runs `fn` with `io` as the streams `echo` writes to. */
export function runWithIo<T>(io: CliIo, fn: () => T): T {
  return ioStorage.run(io, fn);
}

/**
 * Writes `text` and a newline to the running command's stdout (or stderr with `{ err: true }`), like
 * `click.echo`. Outside a command it writes to the process's streams.
 */
export function echo(text: unknown = '', options: { err?: boolean } = {}): void {
  const io = ioStorage.getStore();
  const sink = options.err ? (io?.stderr ?? process.stderr) : (io?.stdout ?? process.stdout);
  sink.write(`${String(text)}\n`);
}

/** Builds the context a handler receives. */
export function makeCommandContext(app: App, io: CliIo): CommandContext {
  return {
    // The CLI loads apps made with `new Flagon`, the class `CommandContext.app` is typed with.
    app: app as CurrentApp,
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    echo: (text = '', options = {}) => (options.err ? io.stderr : io.stdout).write(`${String(text)}\n`),
    readInput: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin)
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    },
    exit: (code = 0) => {
      if (!Number.isInteger(code) || code < 0 || code > 255) {
        throw new CommandError(`ctx.exit() needs an integer status from 0 to 255, not ${String(code)}.`);
      }
      throw new CommandExit(code);
    },
  };
}
