import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CliProcess, type Fixture, makeFixture, startCli } from '../cli/helpers/cli.ts';
import { rawExchange, statusLines } from './helpers/raw-http.ts';

const APP = `import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.config.MAX_CONTENT_LENGTH = 1000;
app.get('/slow', async function slow() {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return 'slow answer';
});
app.post('/upload', async function upload(_params, request) {
  return (await request.data).length + ' bytes';
});
`;

describe('flagon serve worker settings', () => {
  let fixture: Fixture;
  let cli: CliProcess;
  let port: number;
  before(async () => {
    fixture = makeFixture({ 'app.ts': APP });
    cli = startCli(['serve', '--workers', '1', '--port', '0'], { cwd: fixture.dir });
    port = Number((await cli.waitFor(/Listening at: http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    await cli.waitFor(/Booted worker/);
  });
  after(() => {
    cli.kill();
    fixture.rm();
  });

  it('answers a valid request before the malformed one pipelined behind it', async () => {
    const answer = await rawExchange(
      port,
      'GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\nNOT A REQUEST LINE\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request']);
    assert.match(answer, /slow answer/);
  });

  it('answers 413 to an oversized Expect: 100-continue request without inviting the body', async () => {
    const answer = await rawExchange(
      port,
      'POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.deepEqual(statusLines(answer), ['HTTP/1.1 413 Payload Too Large']);
  });
});
