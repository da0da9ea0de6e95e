// One URL matched again and again against 100 parametric rules and a static one: the routing cost alone.
// Meant for counting instructions: bench/profile/count-instructions.sh bench/profile/route-match.ts [P=/plaintext]
import { Rule, UrlMap } from 'flagon';

const map = new UrlMap();
for (let i = 0; i < 100; i++) {
  map.add(new Rule(`/api/r${i}/items/<int:id>`, { endpoint: `r${i}`, methods: ['GET'] }));
}
map.add(new Rule('/plaintext', { endpoint: 'plaintext', methods: ['GET'] }));
const adapter = map.bind({ serverName: 'localhost' });
const path = process.env.P ?? '/api/r50/items/12345';
const n = Number(process.env.N ?? 100_000);
for (let i = 0; i < 20_000; i++) adapter.match(path, 'GET', ''); // warm up
for (let i = 0; i < n; i++) adapter.match(path, 'GET', '');
