/**
 * Password-hashing throughput of @flagon/auth: hashes per second on one core (the concurrency cap at 1, so one
 * thread-pool thread works at a time) and on all cores (cap = available parallelism), for the default scrypt
 * parameters and the other methods Werkzeug writes. Rounds are interleaved; medians are reported.
 *
 *   npx node --conditions=flagon-source bench/auth-hashing.ts [--rounds 3] [--ms 2000] [--markdown]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generatePasswordHash, hasArgon2, setHashConcurrency } from '@flagon/auth';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option('rounds', 3);
const ROUND_MS = option('ms', 2000);
const MARKDOWN = args.includes('--markdown');
const CORES = availableParallelism();

const METHODS = [
  'scrypt:32768:8:1',
  'pbkdf2:sha256:1000000',
  'pbkdf2:sha256:600000',
  'pbkdf2:sha256:260000',
  ...(hasArgon2() ? ['argon2id:65536:3:4'] : []),
];

/** Hashes per second with `parallel` hashes kept in flight for `ms`. */
async function measure(method: string, parallel: number, ms: number): Promise<number> {
  setHashConcurrency(parallel);
  let done = 0;
  const start = performance.now();
  const deadline = start + ms;
  async function worker(): Promise<void> {
    while (performance.now() < deadline || done === 0) {
      await generatePasswordHash('correct horse battery staple', { method });
      done++;
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return (done * 1000) / (performance.now() - start);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const results = new Map<string, { one: number[]; all: number[] }>();
for (const method of METHODS) results.set(method, { one: [], all: [] });
await generatePasswordHash('warm up', { method: 'scrypt:1024:8:1' });
for (let round = 0; round < ROUNDS; round++) {
  const order = METHODS.slice(round % METHODS.length).concat(METHODS.slice(0, round % METHODS.length));
  for (const method of order) {
    const entry = results.get(method);
    entry?.one.push(await measure(method, 1, ROUND_MS));
    entry?.all.push(await measure(method, CORES, ROUND_MS));
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `${CORES} cores (${cpu}), Node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms, load average ${loadavg()[0]?.toFixed(1)}`;
const rows = METHODS.map((method) => {
  const { one, all } = results.get(method) ?? { one: [], all: [] };
  const perCore = median(one);
  return { method, perCore, all: median(all), ms: 1000 / perCore };
});
if (MARKDOWN) {
  console.log(header);
  console.log(
    '\n| Method | Hashes/s, one core | ms per hash | Hashes/s, all cores |\n| --- | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    console.log(`| \`${r.method}\` | ${r.perCore.toFixed(1)} | ${r.ms.toFixed(1)} | ${r.all.toFixed(1)} |`);
  }
} else {
  console.log(header);
  console.table(
    rows.map((r) => ({
      method: r.method,
      'hashes/s one core': r.perCore.toFixed(1),
      'ms/hash': r.ms.toFixed(1),
      'hashes/s all cores': r.all.toFixed(1),
    })),
  );
}
