/** What a rate-limit storage does: take (or test) `cost` hits from a window, atomically, and say what is left. */

/** How windows are counted (Flask-Limiter's strategies). */
export type Strategy = 'fixed-window' | 'moving-window' | 'sliding-window-counter';

export const STRATEGIES: readonly Strategy[] = ['fixed-window', 'moving-window', 'sliding-window-counter'];

/** One acquisition: `cost` hits against `amount` per `expiryMs` under `key`. */
export interface LimitRequest {
  readonly strategy: Strategy;
  readonly key: string;
  readonly amount: number;
  readonly expiryMs: number;
  readonly cost: number;
  /** Only test whether the hits would fit; count nothing. */
  readonly dryRun: boolean;
}

/** The window after an acquisition. */
export interface WindowResult {
  /** Whether the hits fitted (and, unless a dry run, were counted). */
  readonly allowed: boolean;
  /** Hits left in the window after this one. */
  readonly remaining: number;
  /** When the window (or, for a moving window, its oldest hit) expires: milliseconds since the epoch. */
  readonly resetAt: number;
}

/** A place where limits are counted: process memory, the `flagon serve` master, or Redis. */
export interface LimitStorage {
  /** Takes the hits if they fit. Atomic: concurrent callers never both take the last hit. */
  acquire(request: LimitRequest): Promise<WindowResult>;
  /** Forgets every counter (tests, or an operator's reset). */
  reset(): Promise<void>;
  /** Releases connections. */
  close(): void;
}
