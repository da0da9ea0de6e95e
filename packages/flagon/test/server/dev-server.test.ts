import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { type CliProcess, type Fixture, get, makeFixture, runCli, startCli } from '../cli/helpers/cli.ts';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const APP = `import { Flagon, renderTemplate } from 'flagon';
export const app = new Flagon(import.meta.url, { config: { SECRET_KEY: 'dev' } });
app.get('/', function index() { return 'ok'; });
app.get('/page', function page() { return renderTemplate('page.html', { items: [1, 2] }); });
app.get('/boom', function boom() {
  const detail = '<script>alert(1)</script>';
  throw new Error('view failed ' + detail, { cause: new TypeError('the root cause') });
});
`;
const RAISING_LINE = 7;
// Line 3 divides by zero when the template renders.
const TEMPLATE =
  '<h1>Items</h1>\n<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>\n<p>{{ items|length // 0 }}</p>\n';

async function startRun(fixture: Fixture, args: string[]): Promise<{ cli: CliProcess; url: string }> {
  const cli = startCli(['run', '--port', '0', ...args], { cwd: fixture.dir });
  const [, url] = await cli.waitFor(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: url as string };
}

describe('flagon run', { concurrency: true }, () => {
  let fixture: Fixture;
  const started: CliProcess[] = [];
  before(() => {
    fixture = makeFixture({ 'app.ts': APP, 'templates/page.html': TEMPLATE });
  });
  after(() => {
    for (const cli of started) cli.kill();
    fixture.rm();
  });

  it('serves the app, prints its URL and warns that it is a development server', async () => {
    const { cli, url } = await startRun(fixture, ['--no-reload']);
    started.push(cli);
    assert.match(
      cli.output(),
      /WARNING: This is a development server\. Do not use it in a production deployment\./,
    );
    assert.match(cli.output(), / \* Debug mode: off/);
    const response = await get(`${url}/`);
    assert.equal(response.body, 'ok');
    await cli.waitFor(/"GET \/ HTTP\/1\.1" 200/);
  });

  it('says it listens on all addresses with --host 0.0.0.0', async () => {
    const { cli, url } = await startRun(fixture, ['--host', '0.0.0.0', '--no-reload']);
    started.push(cli);
    assert.match(cli.output(), / \* Running on all addresses \(0\.0\.0\.0\)/);
    assert.equal((await get(`${url}/`)).body, 'ok');
  });

  it('exits with status 0 on Ctrl-C (SIGINT)', async () => {
    const { cli } = await startRun(fixture, ['--no-reload']);
    started.push(cli);
    cli.kill('SIGINT');
    assert.equal(await cli.exited(), 0, `signal ${cli.child.signalCode}; output:\n${cli.output()}`);
  });

  it('shows the debug page with the raising .ts line, the causes and the request, escaped', async () => {
    const { cli, url } = await startRun(fixture, ['--debug', '--no-reload']);
    started.push(cli);
    const page = await get(`${url}/boom?q=1`, { cookie: 'session=secret-session-value; theme=dark' });
    assert.equal(page.status, 500);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; style-src 'nonce-/);
    assert.match(page.body, new RegExp(`app\\.ts:${RAISING_LINE}:\\d+`));
    assert.match(page.body, /class="frame app" open><summary><span class="kind">app<\/span> <b>boom<\/b>/);
    assert.match(
      page.body,
      new RegExp(`<li value="${RAISING_LINE}" class="current"><code>.*throw new Error\\(`),
    );
    assert.match(page.body, /class="frame library"/);
    assert.match(page.body, /TypeError: the root cause/);
    assert.match(page.body, /view failed &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.body, /<script>/);
    assert.doesNotMatch(page.body, /secret-session-value/);
    assert.match(page.body, /<th>theme<\/th><td>dark<\/td>/);
    assert.match(page.body, /<th>q<\/th><td>1<\/td>/);
    assert.match(page.body, /<textarea readonly>Error: view failed/);
    assert.match(cli.output(), /Error: view failed/);
  });

  it('shows a template error at its template line, with the template source around it', async () => {
    const { cli, url } = await startRun(fixture, ['--debug', '--no-reload']);
    started.push(cli);
    const page = await get(`${url}/page`);
    assert.equal(page.status, 500);
    assert.match(page.body, /ZeroDivisionError/);
    assert.match(page.body, /<b>Template<\/b> page\.html, line 3/);
    assert.match(page.body, /<li value="3" class="current"><code>&lt;p&gt;\{\{ items\|length \/\/ 0 \}\}/);
  });

  it('shows no debug page to a request for a host that is not loopback', async () => {
    const { cli, url } = await startRun(fixture, ['--debug', '--no-reload']);
    started.push(cli);
    const page = await get(`${url}/boom`, { host: 'rebound.example' });
    assert.equal(page.status, 500);
    assert.doesNotMatch(page.body, /app\.ts|the root cause/);
  });

  it('shows no debug page without --debug', async () => {
    const { cli, url } = await startRun(fixture, ['--no-reload']);
    started.push(cli);
    const page = await get(`${url}/boom`);
    assert.equal(page.status, 500);
    assert.match(page.body, /Internal Server Error/);
    assert.doesNotMatch(page.body, /app\.ts|view failed|root cause/);
    await cli.waitFor(/Exception on \/boom/);
  });

  it('serves HTTPS with --cert and --key', {
    skip: !hasOpenssl() && 'openssl is not installed',
  }, async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
      ],
      { cwd: fixture.dir, stdio: 'ignore' },
    );
    const cli = startCli(['run', '--port', '0', '--no-reload', '--cert', 'cert.pem', '--key', 'key.pem'], {
      cwd: fixture.dir,
    });
    started.push(cli);
    const [, url] = await cli.waitFor(/Running on (https:\/\/127\.0\.0\.1:\d+)/);
    const body = await new Promise<string>((resolve, reject) => {
      httpsGet(`${url}/`, { rejectUnauthorized: false, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'ok');
  });

  it('refuses --cert without --key, with exit status 2', async () => {
    const result = await runCli(['run', '--cert', 'cert.pem'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--cert and --key must be given together/);
  });

  it('says when the port is taken', async () => {
    const { cli, url } = await startRun(fixture, ['--no-reload']);
    started.push(cli);
    const port = new URL(url).port;
    const result = await runCli(['run', '--port', port, '--no-reload'], { cwd: fixture.dir });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`Address already in use: port ${port} on 127\\.0\\.0\\.1 is taken`),
    );
  });
});
