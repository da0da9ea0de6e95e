// Where a server's garbage per HTTP request comes from: V8's sampling heap profiler (keeping collected
// objects) runs in the server while it answers `--requests` requests of one scenario, after a warm-up, and
// the allocation sites are listed by bytes per request, largest first.
// Usage: node bench/profile/http-allocations.ts [--server flagon] [--scenario plaintext] [--requests 50000]
//        [--top 25]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rawRequest, sendSequentially, serverScript, waitForOutput } from './http-harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: 'flagon' },
    scenario: { type: 'string', default: 'plaintext' },
    requests: { type: 'string', default: '50000' },
    top: { type: 'string', default: '25' },
  },
});
const request = rawRequest(args.scenario);
const output = join(tmpdir(), `flagon-allocations-${process.pid}.json`);
const port = 3500;
const child = spawn(
  process.execPath,
  [`--import=${join(here, 'allocation-sampler.ts')}`, serverScript(args.server)],
  {
    env: { ...process.env, PORT: String(port), ALLOCATION_PROFILE: output },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await waitForOutput(child, 'ready');
await sendSequentially(port, request, 20_000);
child.kill('SIGUSR2');
await waitForOutput(child, 'sampling');
const count = Number(args.requests);
await sendSequentially(port, request, count);
const exited = new Promise((resolve) => child.on('exit', resolve));
child.kill('SIGUSR2');
await exited;

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}
const { head } = JSON.parse(readFileSync(output, 'utf8')) as { head: ProfileNode };
const bySite = new Map<string, number>();
let total = 0;
(function walk(node: ProfileNode, path: string[]) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file:') ? relative(process.cwd(), fileURLToPath(url)) : url;
  const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  if (node.selfSize > 0) {
    // The caller is named too: the same allocating function (a Map, an array) serves many callers.
    const key = `${site}  ← ${path.at(-1) ?? ''}`;
    bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, [...path, site]);
})(head, []);
console.log(`${args.server} ${args.scenario}: ${Math.round(total / count)} B sampled per request`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  console.log(`${String(Math.round(bytes / count)).padStart(6)} B  ${site}`);
}
