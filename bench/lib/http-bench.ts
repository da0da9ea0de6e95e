// Servers side by side on the HTTP scenarios, interleaved in rounds: each server is started (cold start
// timed), warmed up, then loaded in turn, a different one first each round, measuring requests/s and the
// server's CPU time per request; what the caller does with the rounds (tables, ratios) is its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../tools/free-port.ts';
import { onCore, SERVER_CORE } from './cpu-pinning.ts';
import { type LoadOptions, load } from './http-load.ts';
import { SCENARIOS, type Scenario } from './http-scenarios.ts';
import { cpuMicros, rssMb } from './proc-stats.ts';

/** A server to measure: a name for the tables and the arguments for `node` that run it. */
export interface BenchServer<N extends string = string> {
  name: N;
  /** A script of bench/servers/ (which listens on PORT from its environment), after any `--import`. */
  nodeArgs: readonly string[];
}

/** One server measured for one round of one scenario. */
export interface Round {
  rps: number;
  /** Server CPU time per request, µs: what the framework costs, whatever else the machine runs. */
  cpuUs: number;
}

/** How long and how hard to measure, and what to report as it goes. */
export interface RoundsOptions<N extends string> extends LoadOptions {
  rounds: number;
  /** Seconds per server per round. */
  duration: number;
  /** Called after each server's round (0-based), e.g. to print progress. */
  onRound?: (scenario: Scenario, round: number, server: N, result: Round) => void;
  /** Called once a scenario's rounds are all done. */
  onScenario?: (scenario: Scenario, perServer: Map<N, Round[]>) => void;
}

/** What a run measured. */
export interface BenchRun<N extends string> {
  /** Scenario name → server → its rounds, in the order of SCENARIOS. */
  results: Map<string, Map<N, Round[]>>;
  /** Cold start (spawn → first 200) of each server, ms. */
  startupMs: Map<N, number>;
  /** Resident memory of each server after all the load, MB. */
  rssMb: Map<N, number>;
}

interface Started {
  child: ChildProcess;
  port: number;
  startupMs: number;
}

/**
 * Starts every server, measures all SCENARIOS in interleaved rounds after a 1 s warm-up each, and stops
 * the servers (also when a load fails).
 * @throws Error when a server exits before answering, or a load gets a non-2xx answer.
 */
export async function runRounds<N extends string>(
  servers: readonly BenchServer<N>[],
  options: RoundsOptions<N>,
): Promise<BenchRun<N>> {
  const started = new Map<N, Started>();
  const server = (name: N) => started.get(name) as Started;
  try {
    for (const { name, nodeArgs } of servers) started.set(name, await startServer(name, nodeArgs));
    const results = new Map<string, Map<N, Round[]>>();
    for (const scenario of SCENARIOS) {
      // Warm every server up (JIT) before measuring.
      for (const { name } of servers) await load(server(name).port, scenario, 1, options);
      const perServer = new Map<N, Round[]>(servers.map(({ name }) => [name, []]));
      for (let round = 0; round < options.rounds; round++) {
        // Interleave: a different server goes first each round so drift hits all of them alike.
        for (let i = 0; i < servers.length; i++) {
          const { name } = servers[(i + round) % servers.length] as BenchServer<N>;
          const { child, port } = server(name);
          const cpuBefore = cpuMicros(child.pid as number);
          const { rps, requests } = await load(port, scenario, options.duration, options);
          const result = { rps, cpuUs: (cpuMicros(child.pid as number) - cpuBefore) / requests };
          perServer.get(name)?.push(result);
          options.onRound?.(scenario, round, name, result);
        }
      }
      results.set(scenario.name, perServer);
      options.onScenario?.(scenario, perServer);
    }
    return {
      results,
      startupMs: new Map(servers.map(({ name }) => [name, server(name).startupMs])),
      rssMb: new Map(servers.map(({ name }) => [name, rssMb(server(name).child.pid as number)])),
    };
  } finally {
    for (const { child } of started.values()) child.kill('SIGTERM');
  }
}

async function startServer(name: string, nodeArgs: readonly string[]): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  // Without the flagon-source condition (the child does not inherit this process's), `flagon` resolves to
  // its built dist/, as it does for anyone who installs the package; the sources would add the type
  // stripping of every module to the cold start.
  const [command, args] = onCore(SERVER_CORE, process.execPath, nodeArgs);
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Cold start: spawn until the first 200, polled every 5 ms.
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/plaintext`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { child, port, startupMs: performance.now() - began };
}

/** The median of `xs` (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
