/**
 * The three strategies over plain in-process state. Used by the 'memory' storage and, in the `flagon serve`
 * master, by the 'cluster' storage, so both count exactly alike.
 */

import type { LimitRequest, WindowResult } from './storage.ts';

interface Counter {
  count: number;
  expiresAt: number;
}

// Sweeping every N acquisitions keeps memory bounded by the keys seen within one window.
const SWEEP_EVERY = 4096;

/** Counters and hit logs keyed by limit key; every method is synchronous, so each acquisition is atomic. */
export class MemoryWindows {
  readonly #counters = new Map<string, Counter>();
  readonly #logs = new Map<string, { hits: number[]; expiryMs: number }>();
  #operations = 0;

  acquire(request: LimitRequest, now: number): WindowResult {
    if (++this.#operations % SWEEP_EVERY === 0) this.#sweep(now);
    switch (request.strategy) {
      case 'fixed-window':
        return this.#fixed(request, now);
      case 'moving-window':
        return this.#moving(request, now);
      case 'sliding-window-counter':
        return this.#sliding(request, now);
    }
  }

  clear(): void {
    this.#counters.clear();
    this.#logs.clear();
  }

  /** A window that starts at its first hit and lasts `expiryMs` (the `limits` fixed window). */
  #fixed({ key, amount, expiryMs, cost, dryRun }: LimitRequest, now: number): WindowResult {
    let counter = this.#counters.get(key);
    if (counter === undefined || counter.expiresAt <= now) {
      counter = { count: 0, expiresAt: now + expiryMs };
      if (!dryRun) this.#counters.set(key, counter);
    }
    if (counter.count + cost > amount) {
      return { allowed: false, remaining: Math.max(0, amount - counter.count), resetAt: counter.expiresAt };
    }
    if (!dryRun) counter.count += cost;
    const used = dryRun ? counter.count + cost : counter.count;
    return { allowed: true, remaining: Math.max(0, amount - used), resetAt: counter.expiresAt };
  }

  /** A log of hit times: allowed while fewer than `amount` fall within the last `expiryMs`. */
  #moving({ key, amount, expiryMs, cost, dryRun }: LimitRequest, now: number): WindowResult {
    let entry = this.#logs.get(key);
    if (entry === undefined) {
      entry = { hits: [], expiryMs };
      if (!dryRun) this.#logs.set(key, entry);
    }
    const log = entry.hits;
    const since = now - expiryMs;
    let start = 0;
    while (start < log.length && (log[start] as number) <= since) start++;
    if (start > 0) log.splice(0, start);
    if (log.length + cost > amount) {
      const oldest = log[Math.max(0, log.length + cost - amount - 1)] ?? now;
      return { allowed: false, remaining: Math.max(0, amount - log.length), resetAt: oldest + expiryMs };
    }
    if (!dryRun) for (let i = 0; i < cost; i++) log.push(now);
    const used = log.length + (dryRun ? cost : 0);
    return { allowed: true, remaining: Math.max(0, amount - used), resetAt: (log[0] ?? now) + expiryMs };
  }

  /** Clock-aligned windows, the previous one weighted by how much of it still overlaps the last `expiryMs`. */
  #sliding({ key, amount, expiryMs, cost, dryRun }: LimitRequest, now: number): WindowResult {
    const index = Math.floor(now / expiryMs);
    const currentKey = `${key}/${index}`;
    const current = this.#counters.get(currentKey)?.count ?? 0;
    const previous = this.#counters.get(`${key}/${index - 1}`)?.count ?? 0;
    const elapsed = now - index * expiryMs;
    const weighted = Math.floor((previous * (expiryMs - elapsed)) / expiryMs) + current;
    const resetAt = (index + 1) * expiryMs;
    if (weighted + cost > amount) {
      return { allowed: false, remaining: Math.max(0, amount - weighted), resetAt };
    }
    if (!dryRun) {
      const counter = this.#counters.get(currentKey);
      if (counter === undefined)
        this.#counters.set(currentKey, { count: cost, expiresAt: (index + 2) * expiryMs });
      else counter.count += cost;
    }
    return { allowed: true, remaining: Math.max(0, amount - weighted - cost), resetAt };
  }

  #sweep(now: number): void {
    for (const [key, counter] of this.#counters) if (counter.expiresAt <= now) this.#counters.delete(key);
    for (const [key, { hits, expiryMs }] of this.#logs) {
      const newest = hits[hits.length - 1];
      if (newest === undefined || newest <= now - expiryMs) this.#logs.delete(key);
    }
  }
}
