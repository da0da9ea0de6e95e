// Bytes each server allocates per HTTP request, from its scavenges: with the young generation fixed at
// 16 MB, V8 scavenges each time about 16 MB have been allocated, so scavenges × 16 MB ÷ requests gives the
// garbage a request leaves. Garbage costs twice: the scavenges themselves, and the cache misses of touching
// fresh memory, which an instruction count does not show. Counted after a warm-up, over `--requests`
// requests sent one at a time on one keep-alive connection.
// Usage: node bench/profile/http-garbage.ts [--servers flagon,fastify] [--scenarios plaintext,json]
//        [--requests 200000]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  ALL_SCENARIOS,
  ALL_SERVERS,
  freePort,
  rawRequest,
  sendSequentially,
  serverScript,
  waitForOutput,
} from './http-harness.ts';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: ALL_SERVERS },
    scenarios: { type: 'string', default: ALL_SCENARIOS },
    requests: { type: 'string', default: '200000' },
  },
});
const SEMI_SPACE_MB = 16;
const WARM_UP = 20_000;

async function bytesPerRequest(server: string, request: string, count: number): Promise<number> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--trace-gc',
      `--min-semi-space-size=${SEMI_SPACE_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      serverScript(server),
    ],
    { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let scavenges = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    scavenges += chunk.split('Scavenge').length - 1;
  });
  await waitForOutput(child, 'ready');
  await sendSequentially(port, request, WARM_UP);
  const before = scavenges;
  await sendSequentially(port, request, count);
  // --trace-gc prints after the collection; give the last lines a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const counted = scavenges - before;
  child.kill('SIGKILL');
  return (counted * SEMI_SPACE_MB * 1024 * 1024) / count;
}

const count = Number(args.requests);
const servers = args.servers.split(',');
console.log(`| scenario | ${servers.join(' | ')} |\n| --- | ${servers.map(() => '---:').join(' | ')} |`);
for (const scenario of args.scenarios.split(',')) {
  const request = rawRequest(scenario);
  const cells: string[] = [];
  for (const server of servers) cells.push(`${Math.round(await bytesPerRequest(server, request, count))} B`);
  console.log(`| ${scenario} | ${cells.join(' | ')} |`);
}
