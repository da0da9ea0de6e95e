// A throwaway PostgreSQL cluster for tests and benches: a fresh data folder in the temp directory, a free local
// port, `trust` authentication for the local user `postgres`, and a stop() that shuts the server down and
// removes the folder. PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user
// (setpriv execs it in place, so the child's pid is the server's own and signals reach it directly).

import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempFolder, waitForOutput } from './internal/service.ts';

/** Where Debian's postgresql-15 puts the server binaries; POSTGRES_BIN overrides it. */
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running throwaway cluster. */
export interface PostgresService {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Creates an empty database and returns its URL (one per test file keeps suites independent). */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown, then the data folder is removed. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why PostgreSQL cannot be started here (binaries or the `postgres` user missing), or null when it can. */
export function postgresUnavailableReason(): string | null {
  for (const name of ['initdb', 'postgres']) {
    try {
      accessSync(join(POSTGRES_BIN, name), constants.X_OK);
    } catch {
      return `PostgreSQL server binaries not found in ${POSTGRES_BIN} (install Debian's postgresql-15, or set POSTGRES_BIN)`;
    }
  }
  if (isRoot() && postgresIds() === null)
    return 'running as root and there is no `postgres` user to run the server';
  return null;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

let ids: { uid: number; gid: number } | null | undefined;
function postgresIds(): { uid: number; gid: number } | null {
  if (ids !== undefined) return ids;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    ids = { uid, gid };
  } catch {
    ids = null;
  }
  return ids;
}

/** The command line that runs `binary` as a user PostgreSQL accepts. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
  const path = join(POSTGRES_BIN, binary);
  if (!isRoot()) return [path, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', path, ...args]];
}

/**
 * Starts a throwaway PostgreSQL 15 cluster on a free port of 127.0.0.1.
 *
 * @example
 * const pg = await startPostgres();
 * const url = await pg.createDatabase('blog_test');
 * // ... DATABASE_URL = url ...
 * await pg.stop();
 * @throws Error when the binaries are missing (check `postgresUnavailableReason()` first) or the server fails.
 */
export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<PostgresService> {
  const reason = postgresUnavailableReason();
  if (reason !== null) throw new Error(`Cannot start PostgreSQL: ${reason}.`);
  const root = tempFolder('flagon-pg-');
  const dataDir = join(root, 'data');
  const ids = isRoot() ? postgresIds() : null;
  if (ids !== null) chownSync(root, ids.uid, ids.gid);
  const [initCommand, initArgs] = asServerUser('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--locale=C',
  ]);
  try {
    execFileSync(initCommand, initArgs, { stdio: 'pipe', cwd: root });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || (error as Error).message}`, { cause: error });
  }
  const port = await freePort();
  const [command, args] = asServerUser('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForOutput(child, {
      name: 'PostgreSQL',
      stream: 'stderr',
      marker: 'database system is ready to accept connections',
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  // Keep draining the log so the server never blocks on a full pipe.
  child.stderr?.resume();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    dataDir,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`Not a plain database name: ${name}`);
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // SIGINT is PostgreSQL's fast shutdown: open sessions are disconnected, no checkpoint wait.
        child.kill('SIGINT');
      }).then(() => rmSync(root, { recursive: true, force: true }));
      return stopped;
    },
  };
}
