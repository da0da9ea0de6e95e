// Pin servers to one core and the load generator to the other, so both sides get a whole core each.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The core the servers run on when pinned. */
export const SERVER_CORE = 1;
/** The core the load generator runs on when pinned. */
export const LOAD_CORE = 0;

/** Whether `taskset` works here and there are two cores to pin the two sides to. */
export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
})();

/** The command and arguments that run `command` on `core`: through taskset when it can pin, else as is. */
export function onCore(core: number, command: string, args: readonly string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(core), command, ...args]] : [command, [...args]];
}
