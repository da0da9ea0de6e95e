// Where one benchmark server spends its instructions per HTTP request, by function: callgrind's self cost of
// each function, with V8's compiled JavaScript named from its perf map (callgrind sees JIT code only as
// addresses). The server runs twice, answering --small and then --large requests, and each function's cost is
// the difference of the two runs divided by the extra requests, so start-up and warm-up drop out, as in
// http-instructions.ts. About 5 minutes.
// Usage: node bench/profile/http-functions.ts [--server flagon] [--scenario plaintext] [--rows 40]
//        [--small 20000] [--large 60000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rawRequest, runUnderCallgrind } from './http-harness.ts';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: 'flagon' },
    scenario: { type: 'string', default: 'plaintext' },
    rows: { type: 'string', default: '40' },
    small: { type: 'string', default: '20000' },
    large: { type: 'string', default: '60000' },
  },
});

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** V8's perf map (`/tmp/perf-<pid>.map`): one line per code object, `start size name`, addresses in hex. */
function readPerfMap(pid: number): CodeRange[] {
  const path = `/tmp/perf-${pid}.map`;
  const ranges = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [start = '0', size = '0', ...name] = line.split(' ');
      const from = Number.parseInt(start, 16);
      return { start: from, end: from + Number.parseInt(size, 16), name: name.join(' ') };
    })
    .sort((a, b) => a.start - b.start);
  rmSync(path);
  return ranges;
}

function nameAt(ranges: readonly CodeRange[], address: number): string {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle] as CodeRange;
    if (address < range.start) high = middle - 1;
    else if (address >= range.end) low = middle + 1;
    else return range.name.replace(/^JS:[*~+^]?'?/, 'JS ').replace('file://', '');
  }
  return 'JIT code without a name';
}

/** Self instructions by function name, JIT addresses named. */
function selfCosts(profile: string, ranges: readonly CodeRange[]): Map<string, number> {
  const text = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', profile], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const costs = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (match === null || line.includes('PROGRAM TOTALS')) continue;
    const count = Number((match[1] as string).replaceAll(',', ''));
    let name = (match[2] as string).replace(/^\?\?\?:/, '');
    const address = /^0x([0-9a-f]+)('\d+)? /.exec(name);
    if (address !== null) name = nameAt(ranges, Number.parseInt(address[1] as string, 16));
    else name = name.replace(/ \[\/.*\]$/, '').replace(/^v8::internal::/, '');
    costs.set(name, (costs.get(name) ?? 0) + count);
  }
  return costs;
}

async function profileRun(count: number, directory: string): Promise<Map<string, number>> {
  const outFile = join(directory, `callgrind.${count}`);
  const { pid } = await runUnderCallgrind({
    server: args.server,
    request: rawRequest(args.scenario),
    count,
    outFile,
    nodeOptions: ['--perf-basic-prof'],
  });
  return selfCosts(outFile, readPerfMap(pid));
}

const small = Number(args.small);
const large = Number(args.large);
const directory = mkdtempSync(join(tmpdir(), 'http-functions-'));
try {
  const before = await profileRun(small, directory);
  const after = await profileRun(large, directory);
  const perRequest = [...after]
    .map(([name, cost]) => [name, (cost - (before.get(name) ?? 0)) / (large - small)] as const)
    .sort((a, b) => b[1] - a[1]);
  const total = perRequest.reduce((sum, [, cost]) => sum + cost, 0);
  console.log(`${args.server}, ${args.scenario}: ${Math.round(total)} instructions per request`);
  for (const [name, cost] of perRequest.slice(0, Number(args.rows))) {
    console.log(`${Math.round(cost).toString().padStart(7)}  ${name}`);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
