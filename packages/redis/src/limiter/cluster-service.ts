/**
 * The part of the 'cluster' storage that runs in the `flagon serve` master: one set of counters for all the
 * workers of the machine. The master imports this module and calls `clusterService` for each call a worker
 * sends (see `ClusterStorage`); each call runs to completion before the next, so acquisitions are atomic.
 */

import { MemoryWindows } from './memory-windows.ts';
import { type LimitRequest, STRATEGIES } from './storage.ts';

const windows = new MemoryWindows();

/** Answers one call: `{ op: 'acquire', request }` or `{ op: 'reset' }`. */
export function clusterService(payload: unknown): unknown {
  const call = payload as { op?: unknown; request?: unknown } | null;
  if (call?.op === 'reset') {
    windows.clear();
    return null;
  }
  if (call?.op === 'acquire' && isLimitRequest(call.request))
    return windows.acquire(call.request, Date.now());
  throw new TypeError('Unknown rate-limit call.');
}

function isLimitRequest(value: unknown): value is LimitRequest {
  const r = value as Partial<Record<keyof LimitRequest, unknown>> | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    STRATEGIES.includes(r.strategy as never) &&
    typeof r.key === 'string' &&
    Number.isSafeInteger(r.amount) &&
    Number.isSafeInteger(r.expiryMs) &&
    Number.isSafeInteger(r.cost) &&
    typeof r.dryRun === 'boolean'
  );
}
