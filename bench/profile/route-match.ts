// One URL matched again and again against 100 parametric rules and a static one: the routing cost alone.
// Meant for counting instructions: bench/profile/count-instructions.sh bench/profile/route-match.ts [P=/plaintext]
// Each match gets a fresh copy of the path, as each request over HTTP does: V8 caches a string's hash on the
// string itself, so matching one string again and again would hide that cost. EMPTY=1 makes the copies and
// matches nothing, to count what the copies cost.
import { Rule, UrlMap } from 'flagon';

const map = new UrlMap();
for (let i = 0; i < 100; i++) {
  map.add(new Rule(`/api/r${i}/items/<int:id>`, { endpoint: `r${i}`, methods: ['GET'] }));
}
map.add(new Rule('/plaintext', { endpoint: 'plaintext', methods: ['GET'] }));
const adapter = map.bind({ serverName: 'localhost' });
const path = process.env.P ?? '/api/r50/items/12345';
const bytes = Buffer.from(path, 'latin1');
const match =
  process.env.EMPTY === '1'
    ? (copy: string) => copy.length
    : (copy: string) => adapter.match(copy, 'GET', '');
const n = Number(process.env.N ?? 100_000);
for (let i = 0; i < 20_000; i++) match(bytes.toString('latin1')); // warm up
for (let i = 0; i < n; i++) match(bytes.toString('latin1'));
