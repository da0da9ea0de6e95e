/**
 * Limits counted in the `flagon serve` master: right across the workers of one machine, without Redis. Each
 * acquisition is one IPC round trip to the master (the core's cluster-service protocol, see flagon's
 * `server/internal/cluster-services.ts`), where `cluster-service.ts` keeps the counters.
 */

import cluster from 'node:cluster';
import { extname } from 'node:path';
import { StoreUnavailableError } from '../errors.ts';
import type { LimitRequest, LimitStorage, WindowResult } from './storage.ts';

// The master imports the module by URL, so name it with this file's own extension (.ts in development,
// .js once built).
const SERVICE = new URL(`./cluster-service${extname(new URL(import.meta.url).pathname)}`, import.meta.url)
  .href;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Whether this process is a `flagon serve` worker, whose master answers cluster services. */
export function hasClusterMaster(): boolean {
  return process.env.FLAGON_SERVE_WORKER === '1' && cluster.isWorker && typeof process.send === 'function';
}

// Shared by every storage in the process, so each reply reaches the call that is waiting for it.
const pendingCalls = new Map<number, Pending>();
let nextId = 1;
let listening = false;

/** The 'cluster' storage. Use it only where `hasClusterMaster()` is true (the Limiter checks). */
export class ClusterStorage implements LimitStorage {
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 1000;
  }

  async acquire(request: LimitRequest): Promise<WindowResult> {
    return (await this.#call({ op: 'acquire', request })) as WindowResult;
  }

  async reset(): Promise<void> {
    await this.#call({ op: 'reset' });
  }

  close(): void {}

  #call(payload: unknown): Promise<unknown> {
    listen();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pendingCalls.delete(id);
        reject(
          new StoreUnavailableError(`The flagon serve master did not answer within ${this.#timeoutMs} ms.`),
        );
      }, this.#timeoutMs);
      pendingCalls.set(id, { resolve, reject, timer });
      try {
        process.send?.({ type: 'flagon:service', id, service: SERVICE, payload });
      } catch (error) {
        clearTimeout(timer);
        pendingCalls.delete(id);
        reject(new StoreUnavailableError('The flagon serve master cannot be reached.', { cause: error }));
      }
    });
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('message', (message: { type?: unknown; id?: unknown; result?: unknown; error?: unknown }) => {
    if (message?.type !== 'flagon:service-reply' || typeof message.id !== 'number') return;
    const pending = pendingCalls.get(message.id);
    if (pending === undefined) return;
    pendingCalls.delete(message.id);
    clearTimeout(pending.timer);
    if (typeof message.error === 'string')
      pending.reject(new StoreUnavailableError(`The flagon serve master refused the call: ${message.error}`));
    else pending.resolve(message.result);
  });
}
