// The load generator: wrk when installed, autocannon otherwise, pinned to the core the servers do not use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { LOAD_CORE, onCore } from './cpu-pinning.ts';
import type { Scenario } from './http-scenarios.ts';

/** The load generators the benchmark can drive. */
export const LOAD_TOOLS = ['wrk', 'autocannon'] as const;
export type LoadTool = (typeof LOAD_TOOLS)[number];

/** How to load a server. */
export interface LoadOptions {
  tool: LoadTool;
  connections: number;
}

/** What one load run measured. */
export interface LoadResult {
  rps: number;
  requests: number;
}

// wrk (C, from Debian) loads the server harder than autocannon (JavaScript) on the same core, so the
// server, not the load generator, is what gets measured. autocannon is the fallback.
const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
})();

/**
 * The tool a `--tool` option names, or wrk when installed and autocannon otherwise when it is not given.
 * @throws Error for a name that is not a known tool.
 */
export function loadTool(option: string | undefined): LoadTool {
  if (option === undefined) return hasWrk ? 'wrk' : 'autocannon';
  const tool = LOAD_TOOLS.find((t) => t === option);
  if (tool === undefined) throw new Error(`unknown --tool ${option}; known: ${LOAD_TOOLS.join(', ')}`);
  return tool;
}

/**
 * Loads `scenario` on the server at `port` for `seconds`.
 * @throws Error when any response is not a 2xx (or, with wrk, a socket error occurred): a server that
 * answers errors fast must not look fast.
 */
export async function load(
  port: number,
  scenario: Scenario,
  seconds: number,
  options: LoadOptions,
): Promise<LoadResult> {
  if (options.tool === 'wrk') return wrkLoad(port, scenario, seconds, options.connections);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${scenario.path}`,
    method: scenario.method,
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : undefined,
    connections: options.connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${scenario.name} on port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, requests: result.requests.total };
}

function wrkLoad(port: number, scenario: Scenario, seconds: number, connections: number): LoadResult {
  const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  if (scenario.body !== undefined) wrkArgs.push('-s', postScript(scenario.body));
  wrkArgs.push(`http://127.0.0.1:${port}${scenario.path}`);
  const [command, args] = onCore(LOAD_CORE, 'wrk', wrkArgs);
  const output = execFileSync(command, args, { encoding: 'utf8' });
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(output) ?? /Socket errors: .*/.exec(output);
  if (bad) throw new Error(`${scenario.name} on port ${port}: ${bad[0]}`);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rps || !requests) throw new Error(`could not read wrk output:\n${output}`);
  return { rps: Number(rps[1]), requests: Number(requests[1]) };
}

let luaDir: string | undefined;
const postScripts = new Map<string, string>();

/** A wrk Lua script that sends `body` as a JSON POST (wrk sends a method and body only through Lua). */
function postScript(body: string): string {
  let script = postScripts.get(body);
  if (script === undefined) {
    luaDir ??= mkdtempSync(join(tmpdir(), 'flagon-bench-'));
    script = join(luaDir, `post-${postScripts.size}.lua`);
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
    );
    postScripts.set(body, script);
  }
  return script;
}
