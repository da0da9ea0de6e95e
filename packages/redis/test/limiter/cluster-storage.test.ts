import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  FLAGON_URL,
  freePort,
  httpGet,
  REDIS_PACKAGE_URL,
  type Served,
  startServe,
  writeFixture,
} from '../helpers/serve.ts';

const APP = `import { Flagon } from '${FLAGON_URL}';
import { Limiter } from '${REDIS_PACKAGE_URL}';
export const app = new Flagon(import.meta.url);
const limiter = new Limiter(app, { storage: 'cluster', headersEnabled: true });
app.get('/limited', limiter.limit('10 per minute')(function limited() {
  return { pid: process.pid };
}));
`;

describe("storage 'cluster' under flagon serve", () => {
  let fixture: ReturnType<typeof writeFixture>;
  let served: Served;

  before(async () => {
    fixture = writeFixture(APP);
    served = await startServe(fixture.dir, { port: await freePort(), workers: 2 });
  });

  after(async () => {
    await served?.stop();
    fixture?.rm();
  });

  it('allows exactly N requests across the workers of one machine', async () => {
    const results = [];
    for (let i = 0; i < 15; i++) results.push(await httpGet(`http://127.0.0.1:${served.port}/limited`));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 10);
    assert.equal(results.filter((r) => r.status === 429).length, 5);
    // Both workers answered, so the count was shared, not kept per worker.
    assert.equal(new Set(ok.map((r) => JSON.parse(r.body).pid)).size, 2);
    assert.equal(results[14]?.headers['x-ratelimit-remaining'], '0');
  });
});
