// Instructions the server process spends per HTTP request, counted by callgrind, for each server of the
// benchmark: unlike requests/s, the count does not move with the neighbours' load, so two servers (or two
// versions of one) compare on a shared machine. Each server runs twice under valgrind, answering
// `--small` and then `--large` requests on one keep-alive connection, one request at a time (as each wrk
// connection does); the difference of the two totals divided by the extra requests leaves out start-up,
// warm-up and exit. TurboFan still compiles late-warming functions past 10,000 requests (with 10,000 and 20,000
// the counts came out twice too high), hence the defaults. V8 runs with --predictable, so compilation and GC
// stay on the main thread and are counted. About 5 minutes per server and scenario.
// Usage: node bench/profile/http-instructions.ts [--servers flagon,fastify] [--scenarios plaintext,json]
//        [--small 20000] [--large 60000]
import { parseArgs } from 'node:util';
import { ALL_SCENARIOS, ALL_SERVERS, rawRequest, runUnderCallgrind } from './http-harness.ts';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: ALL_SERVERS },
    scenarios: { type: 'string', default: ALL_SCENARIOS },
    small: { type: 'string', default: '20000' },
    large: { type: 'string', default: '60000' },
  },
});

/** Starts a server under callgrind, sends `count` requests, stops it, and returns the instructions counted. */
async function countRun(server: string, request: string, count: number): Promise<number> {
  const { stderr } = await runUnderCallgrind({ server, request, count, outFile: '/dev/null' });
  const match = /Collected : (\d+)/.exec(stderr);
  if (!match) throw new Error(`callgrind printed no total for ${server}:\n${stderr}`);
  return Number(match[1]);
}

const small = Number(args.small);
const large = Number(args.large);
const servers = args.servers.split(',');
const scenarios = args.scenarios.split(',');
const rows: string[] = [];
for (const scenario of scenarios) {
  const request = rawRequest(scenario);
  const cells: string[] = [];
  for (const server of servers) {
    const a = await countRun(server, request, small);
    const b = await countRun(server, request, large);
    const perRequest = Math.round((b - a) / (large - small));
    console.error(`${scenario} ${server}: ${perRequest} instructions per request`);
    cells.push(String(perRequest));
  }
  rows.push(`| ${scenario} | ${cells.join(' | ')} |`);
}
console.log(`| scenario | ${servers.join(' | ')} |\n| --- | ${servers.map(() => '---:').join(' | ')} |`);
console.log(rows.join('\n'));
