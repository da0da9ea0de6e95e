// What every throwaway service in tools/services shares: a temp folder, a free local port, waiting until the
// server says (or shows) it is ready, and waiting for its exit.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../free-port.ts';

export { freePort };

/** A fresh folder in the temp directory, named `<prefix>XXXXXX`. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Resolves once `child` writes `marker` on `stream`; rejects, with what it wrote, when it exits first or
 * `timeoutMs` passes.
 */
export function waitForOutput(
  child: ChildProcess,
  options: { name: string; stream: 'stdout' | 'stderr'; marker: string; timeoutMs: number },
): Promise<void> {
  const { name, marker, timeoutMs } = options;
  const stream = child[options.stream];
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes(marker)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`${name} exited (${code}) while starting:\n${log}`));
    function cleanup(): void {
      clearTimeout(timer);
      stream?.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    stream?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Resolves once 127.0.0.1:`port` accepts a connection; rejects when `child` exits first or `timeoutMs` passes,
 * with `log()` (what the server wrote) in the message.
 */
export function waitForPort(
  port: number,
  child: ChildProcess,
  options: { name: string; timeoutMs: number; log: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (child.exitCode !== null || child.signalCode !== null)
          return reject(
            new Error(`${options.name} exited (${child.exitCode}) while starting:\n${options.log()}`),
          );
        if (Date.now() > deadline)
          return reject(
            new Error(
              `${options.name} did not listen on ${port} within ${options.timeoutMs} ms:\n${options.log()}`,
            ),
          );
        setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
