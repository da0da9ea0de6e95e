// Multipart memory: RSS growth, requests/s and the longest event-loop stall of one Flagon process serving
// 40 concurrent requests that each upload 1,000 one-byte files (about 77 KB of body each). Server CPU time per
// request (from /proc) moves less with the machine's load than requests/s do.
// Usage: node --conditions=flagon-source bench/multipart.ts [--requests 40] [--parts 1000] [--batches 3]
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '40' },
    parts: { type: 'string', default: '1000' },
    batches: { type: 'string', default: '3' },
    port: { type: 'string', default: '3190' },
  },
});
const requests = Number(args.requests);
const parts = Number(args.parts);
const batches = Number(args.batches);
const port = Number(args.port);

const boundary = 'boundary';
const fileParts = Array.from(
  { length: parts },
  (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f${i}"\r\n\r\nx\r\n`,
);
const body = Buffer.from(`${fileParts.join('')}--${boundary}--\r\n`);

function send(method: string, path: string, payload?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method,
        path,
        agent: false,
        headers: payload
          ? { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': payload.length }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** CPU time (user + system) the server has used so far, in microseconds, from /proc/<pid>/stat. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
}
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

async function stats(): Promise<{ rss: number; maxStallMs: number }> {
  return JSON.parse((await send('GET', '/stats')).text) as { rss: number; maxStallMs: number };
}

const child = spawn(
  process.execPath,
  ['--conditions=flagon-source', join(here, 'servers', 'flagon-multipart.ts')],
  {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
try {
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  // One warm-up request, so the first batch does not count loading and compiling the multipart code.
  const warm = await send('POST', '/upload', body);
  if (warm.status !== 200 || JSON.parse(warm.text).files !== parts) throw new Error(`warm-up: ${warm.text}`);
  const start = await stats();
  console.log(
    `body ${body.length} bytes, ${parts} parts; RSS after warm-up ${(start.rss / 2 ** 20).toFixed(0)} MB`,
  );
  let peakGrowth = 0;
  for (let batch = 1; batch <= batches; batch++) {
    const cpuBefore = cpuMicros(child.pid as number);
    const began = performance.now();
    const answers = await Promise.all(Array.from({ length: requests }, () => send('POST', '/upload', body)));
    const seconds = (performance.now() - began) / 1000;
    const cpuMs = (cpuMicros(child.pid as number) - cpuBefore) / 1000 / requests;
    for (const answer of answers) {
      if (answer.status !== 200 || JSON.parse(answer.text).files !== parts) throw new Error(answer.text);
    }
    const after = await stats();
    const growth = (after.rss - start.rss) / 2 ** 20;
    peakGrowth = Math.max(peakGrowth, growth);
    console.log(
      `batch ${batch}: ${requests} requests in ${seconds.toFixed(2)} s = ${(requests / seconds).toFixed(1)} req/s, ` +
        `server CPU ${cpuMs.toFixed(1)} ms/request, RSS ${(after.rss / 2 ** 20).toFixed(0)} MB (+${growth.toFixed(0)} MB), longest stall ${after.maxStallMs.toFixed(0)} ms`,
    );
  }
  console.log(`largest RSS growth: ${peakGrowth.toFixed(0)} MB`);
} finally {
  child.kill();
}
