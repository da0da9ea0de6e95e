/** Limits counted in this process: right for one process (`flagon run`, tests), wrong as soon as there are two. */

import { MemoryWindows } from './memory-windows.ts';
import type { LimitRequest, LimitStorage, WindowResult } from './storage.ts';

/** Flask-Limiter's `memory://` storage. */
export class MemoryStorage implements LimitStorage {
  readonly #windows = new MemoryWindows();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async acquire(request: LimitRequest): Promise<WindowResult> {
    return this.#windows.acquire(request, this.#now());
  }

  async reset(): Promise<void> {
    this.#windows.clear();
  }

  close(): void {}
}
