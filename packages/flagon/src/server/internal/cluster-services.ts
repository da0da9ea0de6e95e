/**
 * Services that workers of `flagon serve` call in the master over IPC: shared state for one machine without an
 * external store (`@flagon/redis` keeps rate-limit counters here with `storage: 'cluster'`).
 *
 * The protocol, for extensions (which use `process.send` in the worker; nothing here is imported by them):
 * - A worker of `flagon serve` has `FLAGON_SERVE_WORKER=1` in its environment.
 * - It sends `{ type: 'flagon:service', id, service, payload }`: `service` is the `file:` URL of a module that
 *   exports `clusterService(payload)`, `id` a number the worker picks.
 * - The master imports the module once, calls `clusterService(payload)` (it may return a promise), and
 *   answers `{ type: 'flagon:service-reply', id, result }` or `{ type: 'flagon:service-reply', id, error }`
 *   (the error's message). Payloads and results travel as JSON.
 * Calls from one worker are answered in order; the master runs the module's code on its own event loop, so
 * each call is atomic with respect to the others.
 */

import type { Worker } from 'node:cluster';
import { MESSAGES } from '../serve-options.ts';

type ServiceModule = { clusterService?: (payload: unknown) => unknown };

const modules = new Map<string, Promise<ServiceModule>>();

/** Answers one service call from `worker`. */
export async function answerServiceCall(
  worker: Worker,
  message: { id?: unknown; service?: unknown; payload?: unknown },
): Promise<void> {
  const { id, service } = message;
  let reply: { type: string; id: unknown; result?: unknown; error?: string };
  try {
    if (typeof service !== 'string' || !service.startsWith('file:')) {
      throw new TypeError('A cluster service must be named by the file: URL of its module.');
    }
    let loading = modules.get(service);
    if (loading === undefined) {
      loading = import(service) as Promise<ServiceModule>;
      modules.set(service, loading);
    }
    const module = await loading;
    if (typeof module.clusterService !== 'function') {
      throw new TypeError(`${service} does not export a clusterService(payload) function.`);
    }
    reply = { type: MESSAGES.serviceReply, id, result: await module.clusterService(message.payload) };
  } catch (error) {
    reply = {
      type: MESSAGES.serviceReply,
      id,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  if (worker.isConnected()) worker.send(reply);
}
