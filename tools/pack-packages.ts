// The repository's publishable packages as `npm publish` packs them (`npm pack`, whose `prepack` builds each
// package's dist/), packed once per state of their sources and shared by every caller: the pack-install test,
// the image test (through deploy/pack.sh) and deploy/pack.sh itself.
//
// The tarballs live in <tmpdir>/flagon-packs/<key>/, the key a hash of every file of the packages (but tests,
// dist/ and node_modules/), the shared tsconfig and the TypeScript version. Packing rewrites the packages'
// dist/ folders in the repository, so it runs under one lock per repository: a second caller (another test
// file run in parallel by `npm test`) waits for the first, then finds its tarballs in the cache.
//
//   node tools/pack-packages.ts                     packs (or finds) them all, prints the folder
//   node tools/pack-packages.ts --into <dir> <name>…  also copies the named ones (folder names) into <dir>

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDirLock } from './dir-lock.ts';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Where packed sets are kept; FLAGON_PACK_CACHE overrides it. */
export const DEFAULT_CACHE = process.env.FLAGON_PACK_CACHE ?? join(tmpdir(), 'flagon-packs');

/** Sets unused for this long are removed when a new one is packed. */
const KEEP_MS = 24 * 60 * 60_000;

export interface PackedPackages {
  /** The cache folder holding the tarballs (shared: read them, never change or delete them). */
  readonly dir: string;
  /** Tarball path by package folder name (`flagon`, `templates`, …). */
  readonly tarballs: ReadonlyMap<string, string>;
  /** Packages left out because they did not build, with npm's last words. */
  readonly skipped: ReadonlyMap<string, string>;
  /** Whether this call ran `npm pack` (false: it found the set an earlier or concurrent call packed). */
  readonly packed: boolean;
}

export interface PackOptions {
  /** Pack only these packages (folder names), in dependency order. Default: every publishable package. */
  readonly only?: readonly string[];
  /** The cache folder (default DEFAULT_CACHE). */
  readonly cache?: string;
}

interface Manifest {
  readonly tarballs: Record<string, string>;
  readonly skipped: Record<string, string>;
}

interface Workspace {
  readonly folder: string;
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/** The publishable packages (not `private`), a package after the siblings it depends on. */
export function publishablePackages(): string[] {
  const root = join(REPO, 'packages');
  const all: Workspace[] = [];
  for (const folder of readdirSync(root).sort()) {
    const file = join(root, folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      private?: boolean;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    if (manifest.private) continue;
    const dependsOn = Object.keys({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.devDependencies,
    });
    all.push({ folder, name: manifest.name, dependsOn });
  }
  const ordered: string[] = [];
  const visit = (workspace: Workspace, path: readonly string[]): void => {
    if (ordered.includes(workspace.folder)) return;
    if (path.includes(workspace.folder)) throw new Error(`packages depend in a cycle: ${path.join(' → ')}`);
    for (const name of workspace.dependsOn) {
      const sibling = all.find((other) => other.name === name);
      if (sibling) visit(sibling, [...path, workspace.folder]);
    }
    ordered.push(workspace.folder);
  };
  for (const workspace of all) visit(workspace, []);
  return ordered;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'test') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, path);
    else if (entry.isFile()) {
      hash.update(`${relative(REPO, path)}\0`);
      hash.update(readFileSync(path));
      hash.update('\0');
    }
  }
}

/** A hash of everything that goes into the tarballs of `folders`. */
export function sourceKey(folders: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${folders.join(',')}\0`);
  hash.update(readFileSync(join(REPO, 'tsconfig.base.json')));
  const typescript = join(REPO, 'node_modules/typescript/package.json');
  if (existsSync(typescript)) hash.update(JSON.parse(readFileSync(typescript, 'utf8')).version);
  for (const folder of folders) hashTree(hash, join(REPO, 'packages', folder));
  return hash.digest('hex').slice(0, 16);
}

/** npm with the Node.js this runs on first on PATH, and nothing of a test runner or an enclosing npm. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  for (const key of Object.keys(env))
    if (key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS' || key.startsWith('npm_')) delete env[key];
  return env;
}

function packInto(dir: string, folders: readonly string[]): Manifest {
  const tarballs: Record<string, string> = {};
  const skipped: Record<string, string> = {};
  for (const folder of folders) {
    const result = spawnSync(
      'npm',
      ['pack', '--workspace', `packages/${folder}`, '--pack-destination', dir, '--json'],
      { cwd: REPO, env: npmEnv(), encoding: 'utf8' },
    );
    if (result.status !== 0) {
      const words = `${result.error?.message ?? ''}${result.stderr ?? ''}${result.stdout ?? ''}`;
      skipped[folder] = words.trim().split('\n').slice(-5).join('\n');
      continue;
    }
    // npm prints the build's output before the JSON.
    const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('\n[') + 1)) as { filename: string }[];
    tarballs[folder] = (json[0] as { filename: string }).filename;
  }
  return { tarballs, skipped };
}

function readSet(dir: string, packed: boolean): PackedPackages | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'packages.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  const tarballs = new Map(Object.entries(manifest.tarballs).map(([name, file]) => [name, join(dir, file)]));
  if (![...tarballs.values()].every((path) => existsSync(path))) return null;
  return { dir, tarballs, skipped: new Map(Object.entries(manifest.skipped)), packed };
}

/** Removes sets and leftovers nobody has used for a day (called under the lock). */
function prune(cache: string, keep: string): void {
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}

/** The lock for this repository's dist/ folders (whatever the cache folder: they are what packing rewrites). */
function lockPath(): string {
  const repo = createHash('sha256').update(REPO).digest('hex').slice(0, 12);
  return join(tmpdir(), `flagon-pack-${repo}.lock`);
}

/**
 * The packages' tarballs, packed once for the current state of their sources: the first caller packs under
 * the lock, every later or concurrent one (other processes included) gets the same files.
 */
export function packPackages(options: PackOptions = {}): PackedPackages {
  const all = publishablePackages();
  const folders = options.only ? all.filter((folder) => options.only?.includes(folder)) : all;
  for (const name of options.only ?? [])
    if (!all.includes(name)) throw new Error(`packages/${name} is not a publishable package`);
  const cache = options.cache ?? DEFAULT_CACHE;
  mkdirSync(cache, { recursive: true });
  const found = readSet(join(cache, sourceKey(folders)), false);
  if (found) return touched(found);
  return withDirLock(lockPath(), () => {
    // Sources may change while they build (several people share a working tree): pack again until the key
    // read after packing is the one read before it, three tries at most.
    for (let attempt = 1; ; attempt++) {
      const key = sourceKey(folders);
      const dir = join(cache, key);
      const ready = readSet(dir, false);
      if (ready) return touched(ready);
      const staging = join(cache, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
      mkdirSync(staging);
      try {
        const manifest = packInto(staging, folders);
        writeFileSync(join(staging, 'packages.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        const after = sourceKey(folders);
        if (after !== key && attempt < 3) continue;
        const target = join(cache, after);
        rmSync(target, { recursive: true, force: true });
        renameSync(staging, target);
        prune(cache, target);
        const set = readSet(target, true);
        if (set === null) throw new Error(`the packed set in ${target} cannot be read back`);
        return set;
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
  });
}

/** Marks a set as used now (prune keeps it a day longer). */
function touched(set: PackedPackages): PackedPackages {
  const now = new Date();
  try {
    utimesSync(set.dir, now, now);
  } catch {
    // Someone else's folder or gone meanwhile: the files this caller holds are still valid.
  }
  return set;
}

function main(args: string[]): number {
  let into: string | null = null;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--into') into = args[++i] ?? null;
    else names.push(arg);
  }
  if (names.length > 0 && into === null) {
    process.stderr.write('usage: node tools/pack-packages.ts [--into <dir> <package folder>…]\n');
    return 2;
  }
  const set = packPackages();
  if (into === null) {
    process.stdout.write(`${set.dir}\n`);
    return 0;
  }
  mkdirSync(into, { recursive: true });
  for (const name of names) {
    const tarball = set.tarballs.get(name);
    if (tarball === undefined) {
      const why = set.skipped.get(name) ?? 'not a publishable package';
      process.stderr.write(`packages/${name} did not pack:\n${why}\n`);
      return 1;
    }
    copyFileSync(tarball, join(into, basename(tarball)));
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
