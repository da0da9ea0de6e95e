// An exclusive lock between processes on one machine: a folder that exists while someone holds it. The folder
// is made beside the lock with its owner inside, then renamed onto the lock's path: renaming a folder onto a
// non-empty one fails (as mkdir on an existing one does), so whoever sees the lock also sees who holds it.
// A lock whose owner's process is gone (killed test run, Ctrl-C) is stale and taken over.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

export interface LockOptions {
  /** How long to wait for another holder before giving up (default 20 minutes: a full pack takes about one). */
  readonly timeoutMs?: number;
  /** How often to look again while waiting (default 250 ms). */
  readonly pollMs?: number;
}

/** Blocks the thread (the callers are synchronous test setup and a CLI). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readOwner(dir: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as Owner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves the lock folder out of the way in one step, then deletes it: the path is never an empty folder. */
function discard(lockPath: string, expected: string): boolean {
  const trash = `${lockPath}.trash-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, trash);
  } catch {
    return false;
  }
  if (readOwner(trash)?.token !== expected) {
    // Someone else took the lock between our look and our move: give it back.
    try {
      renameSync(trash, lockPath);
    } catch {
      // Taken again meanwhile: that holder keeps it, and the one we moved loses it (a window of a few
      // system calls, between two waiters that both saw the same dead owner).
    }
    rmSync(trash, { recursive: true, force: true });
    return false;
  }
  rmSync(trash, { recursive: true, force: true });
  return true;
}

function isTaken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EISDIR';
}

/** Removes what dead processes left beside the lock: their staged lock folders and half-deleted ones. */
function sweep(lockPath: string): void {
  const prefix = `${basename(lockPath)}.`;
  for (const entry of readdirSync(dirname(lockPath))) {
    const pid = entry.startsWith(prefix)
      ? entry.slice(prefix.length).match(/^(?:new|trash)-(\d+)-/)?.[1]
      : null;
    if (pid != null && !isAlive(Number(pid)))
      rmSync(join(dirname(lockPath), entry), { recursive: true, force: true });
  }
}

/**
 * Runs `fn` while holding the lock at `lockPath`, waiting while another live process holds it and taking it
 * over when its holder's process is gone. Throws after `timeoutMs` of waiting, naming the holder.
 */
export function withDirLock<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const { timeoutMs = 20 * 60_000, pollMs = 250 } = options;
  const me: Owner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const staging = `${lockPath}.new-${me.pid}-${me.token}`;
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'owner.json'), JSON.stringify(me));
  const started = Date.now();
  try {
    for (;;) {
      try {
        renameSync(staging, lockPath);
        break;
      } catch (error) {
        if (!isTaken(error)) throw error;
      }
      const holder = readOwner(lockPath);
      if (holder !== null && holder.host === me.host && !isAlive(holder.pid)) {
        discard(lockPath, holder.token);
        continue;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `gave up waiting for ${lockPath} after ${Math.round(timeoutMs / 1000)} s: held by ` +
            (holder === null ? 'an unknown process' : `pid ${holder.pid} on ${holder.host}`),
        );
      sleep(pollMs);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  try {
    sweep(lockPath);
    return fn();
  } finally {
    if (readOwner(lockPath)?.token === me.token) discard(lockPath, me.token);
  }
}
