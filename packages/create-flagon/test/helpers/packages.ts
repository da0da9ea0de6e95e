// Packs the repository's packages as `npm publish` would, and runs commands in fresh projects outside the
// repository, with the Node 24 this test runs on first on PATH (the machine's `node` may be older).
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * flagon and @flagon/templates must pack; the extensions are packed when they build. In dependency order:
 * a package's build reads the declarations its siblings' builds wrote to their dist/.
 */
const REQUIRED = ['templates', 'flagon', 'create-flagon'];
const OPTIONAL = ['auth', 'forms', 'sql', 'redis'];

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

export interface Packed {
  readonly dir: string;
  /** Tarball path by package folder name (`flagon`, `templates`, …). */
  readonly tarballs: ReadonlyMap<string, string>;
  /** Packages left out because they did not build, with npm's last words. */
  readonly skipped: ReadonlyMap<string, string>;
  rm(): void;
}

/** `npm pack` (which runs each package's `prepack` build) for every package, into a temporary folder. */
export function packAll(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-packs-'));
  const tarballs = new Map<string, string>();
  const skipped = new Map<string, string>();
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const result = spawnSync(
      'npm',
      ['pack', '--workspace', `packages/${name}`, '--pack-destination', dir, '--json'],
      {
        cwd: REPO,
        env: projectEnv(),
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) {
      if (REQUIRED.includes(name))
        throw new Error(`npm pack packages/${name} failed:\n${result.stderr}${result.stdout}`);
      skipped.set(name, (result.stderr + result.stdout).trim().split('\n').slice(-5).join('\n'));
      continue;
    }
    // npm prints the build's output before the JSON.
    const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('\n[') + 1)) as { filename: string }[];
    tarballs.set(name, join(dir, (json[0] as { filename: string }).filename));
  }
  return { dir, tarballs, skipped, rm: () => rmSync(dir, { recursive: true, force: true }) };
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
