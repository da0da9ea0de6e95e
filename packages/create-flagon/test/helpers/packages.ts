// The repository's packages as `npm publish` packs them (tools/pack-packages.ts), and commands run in fresh
// projects outside the repository with the Node 24 this test runs on first on PATH (the machine's `node` may
// be older).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PackedPackages, packPackages } from '../../../../tools/pack-packages.ts';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** flagon, @flagon/templates and create-flagon must pack; the extensions are left out when they do not build. */
const REQUIRED = ['templates', 'flagon', 'create-flagon'];

/** The environment for commands in a temporary project: Node 24 first on PATH, nothing of the test runner. */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  for (const key of Object.keys(env)) {
    if (
      key === 'NODE_TEST_CONTEXT' ||
      key === 'NODE_OPTIONS' ||
      key.startsWith('FLAGON_') ||
      key.startsWith('npm_')
    )
      if (!(key in extra)) delete env[key];
  }
  return env;
}

export type Packed = PackedPackages;

/**
 * Every package packed by `npm pack` (which runs each package's `prepack` build), through the shared cache of
 * tools/pack-packages.ts: one pack per state of the sources, however many test files ask at once. The tarballs
 * are shared: read them, never change or delete them.
 */
export function packAll(): Packed {
  const packed = packPackages();
  for (const name of REQUIRED) {
    const why = packed.skipped.get(name);
    if (why !== undefined) throw new Error(`npm pack packages/${name} failed:\n${why}`);
  }
  return packed;
}

/** The file list of a tarball. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion in `cwd` (through the shell when given one string). */
export function run(command: string, args: readonly string[], cwd: string, env = projectEnv()): RunResult {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** A temporary folder outside the repository. */
export function tempDir(prefix: string): { dir: string; rm(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Node.js binary older than 24 on this machine (`which -a node`), or null. */
export function oldNode(): string | null {
  const candidates = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const major = Number(version.replace(/^v/, '').split('.')[0]);
    if (major > 0 && major < 24) return candidate;
  }
  return null;
}

/** A long-running command: waits for a line matching `ready` on its output, then can be stopped. */
export interface Served {
  readonly child: ChildProcess;
  readonly match: RegExpMatchArray;
  output(): string;
  stop(): Promise<void>;
}

export function serve(
  command: string,
  args: readonly string[],
  cwd: string,
  ready: RegExp,
  env = projectEnv(),
): Promise<Served> {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // The whole group: npm starts flagon, which starts the reloader's child.
      process.kill(-(child.pid as number), 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not get ready within 120 s:\n${text}`));
    }, 120_000);
    const look = (chunk: Buffer): void => {
      text += chunk.toString();
      const match = text.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => text, stop });
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${text}`));
    });
  });
}

/** GET over real HTTP: status and body. */
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}
