// Helpers for tests that run the real `flagon` command in a subprocess against a fixture app on disk.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = join(PACKAGE, 'bin/flagon.js');
export const NODE = process.execPath;
/** `import { AppGroup } from APP_GROUP_URL` in fixtures, until `app.cli` is part of Flagon itself. */
export const APP_GROUP_URL = pathToFileURL(join(PACKAGE, 'src/app/app-group.ts')).href;
export const SHELL_CONTEXT_URL = pathToFileURL(join(PACKAGE, 'src/cli/shell-context.ts')).href;

/** A temporary app folder with `node_modules/flagon` pointing at this package. Remove it with `rm`. */
export interface Fixture {
  readonly dir: string;
  write(path: string, text: string): void;
  rm(): void;
}

export function makeFixture(files: Record<string, string>): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-cli-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PACKAGE.replace(/\/$/, ''), join(dir, 'node_modules/flagon'), 'dir');
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment for the CLI: the test's, minus anything that would change which app is found. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (key.startsWith('FLAGON_') && !(key in extra)) delete env[key];
    if (key === 'PORT' && !(key in extra)) delete env[key];
    if (key === 'NODE_TEST_CONTEXT') delete env[key];
  }
  return env;
}

export interface CliOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `flagon …args` to completion in `cwd`. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['--conditions=flagon-source', BIN, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running `flagon` process (a server) whose output can be waited on. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** All output so far, stdout and stderr interleaved. */
  readonly output: () => string;
  /** Resolves with the first match of `pattern` in the output, waiting for it (up to `timeout` ms). */
  waitFor(pattern: RegExp, timeout?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit status once the process has exited. */
  exited(): Promise<number | null>;
  /** Kills the process (and, with a negative pid, nothing else); safe to call twice. */
  kill(signal?: NodeJS.Signals): void;
}

export function startCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): CliProcess {
  const child = spawn(NODE, ['--conditions=flagon-source', BIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    output += d.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeout = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = output.match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Timed out waiting for ${pattern} in output:\n${output}`));
        }, timeout);
        listeners.add(check);
        check();
      }),
    exited: () => exit,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** A GET over real HTTP on a fresh connection; resolves with status, headers and body. */
export function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${url} got no response in 10 s`)));
    req.end();
  });
}

/** Polls `fn` until it returns a value that is not undefined (or throws after `timeout` ms). */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Condition not met in ${timeout} ms`, { cause: lastError });
}
