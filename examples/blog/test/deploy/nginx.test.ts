// The deployment the Flask article describes, run for real on this machine: a throwaway PostgreSQL (reached
// through Heroku's postgres:// URL), Redis for sessions where it is installed, the Procfile's release
// migration, its web process as `flagon serve` with two workers, and deploy/nginx.conf in front with TLS.
// Only ports and paths differ from the committed files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createClient } from 'redis';
import {
  projectEnv,
  REPO,
  run,
  type Served,
  serve,
} from '../../../../packages/create-flagon/test/helpers/packages.ts';
import { freePort } from '../../../../tools/free-port.ts';
import {
  type PostgresService,
  postgresUnavailableReason,
  startPostgres,
} from '../../../../tools/services/postgres.ts';
import { type RedisService, redisUnavailableReason, startRedis } from '../../../../tools/services/redis.ts';
import { call, cookieJar, csrfToken, type Reply } from './support/client.ts';
import { nginxUnavailableReason, type RunningNginx, SERVER_NAME, startNginx } from './support/nginx.ts';
import { readProcfile } from './support/procfile.ts';

const BLOG = join(REPO, 'examples/blog');
const MIGRATIONS = readdirSync(join(BLOG, 'src/migrations')).filter((name) => /\.[cm]?[jt]s$/.test(name));
const skip = nginxUnavailableReason() ?? postgresUnavailableReason() ?? false;
const redisSkip = redisUnavailableReason();

const MIGRATION_NAMES = MIGRATIONS.map((file) => file.replace(/\.[cm]?[jt]s$/, '')).sort();

/** The names in the migrator's table, in order. */
async function appliedMigrations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the deployment: nginx in front of flagon serve --workers 2 on PostgreSQL', { skip }, () => {
  const procfile = readProcfile(join(BLOG, 'Procfile'));
  let postgres: PostgresService;
  let redis: RedisService | null = null;
  let databaseUrl: string;
  let env: NodeJS.ProcessEnv;
  const releases: { stdout: string; stderr: string; code: number | null }[] = [];
  let web: Served;
  let nginx: RunningNginx;
  let https: number;
  let http: number;

  before(async () => {
    postgres = await startPostgres();
    // Heroku's form of the URL, as its PostgreSQL add-on sets DATABASE_URL.
    databaseUrl = (await postgres.createDatabase('blog_deploy')).replace(/^postgresql:/, 'postgres:');
    if (redisSkip === null) redis = await startRedis();
    const app = await freePort();
    [http, https] = [await freePort(), await freePort()];
    // What the platform (or a systemd unit, or docker run -e) sets. FLAGON_SERVE_HOST keeps the test on
    // loopback; NODE_OPTIONS lets this checkout run the packages' TypeScript sources (no dist here).
    env = projectEnv({
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('hex'),
      DATABASE_URL: databaseUrl,
      PROXY_FIX: '1',
      PORT: String(app),
      FLAGON_SERVE_HOST: '127.0.0.1',
      FLAGON_WORKERS: '2',
      NODE_OPTIONS: '--conditions=flagon-source',
      ...(redis === null ? {} : { REDIS_URL: redis.url }),
    });
    env.PATH = `${join(REPO, 'node_modules/.bin')}${delimiter}${env.PATH}`;
    const release = procfile.get('release');
    assert.ok(release, 'the Procfile has a release process');
    // Every deploy runs the release phase; the second finds nothing to do.
    for (let i = 0; i < 2; i++) releases.push(run('sh', ['-c', release], BLOG, env));
    const command = procfile.get('web');
    assert.ok(command, 'the Procfile has a web process');
    // The access log is how this test sees what reached the app.
    web = await serve(
      'sh',
      ['-c', `exec ${command} --access-log`],
      BLOG,
      /Listening at: (http:\/\/\S+)/,
      env,
    );
    await until(() => (web.output().match(/Booted worker/g) ?? []).length >= 2, 'two workers');
    nginx = await startNginx(join(REPO, 'deploy/nginx.conf'), { app, http, https }, BLOG);
  });

  after(async () => {
    await nginx?.stop();
    await web?.stop();
    await redis?.stop();
    await postgres?.stop();
  });

  const get = (path: string, extra: Partial<Parameters<typeof call>[0]> = {}): Promise<Reply> =>
    call({ port: https, path, ca: nginx.certificate, ...extra });

  /** The app's access-log lines that mention `marker`, once one has been written. */
  async function appLog(marker: string): Promise<string[]> {
    await until(() => web.output().includes(marker), `the app to log ${marker}`);
    return web
      .output()
      .split('\n')
      .filter((line) => line.includes(marker));
  }

  describe('release: flagon db upgrade', () => {
    it("applies every migration on the first deploy, through Heroku's postgres:// URL", () => {
      const [first] = releases;
      assert.equal(first?.code, 0, `${first?.stderr}${first?.stdout}`);
      assert.equal((first?.stdout.match(/^Upgraded to /gm) ?? []).length, MIGRATIONS.length, first?.stdout);
    });

    it('applies nothing on the next deploy', () => {
      const second = releases[1];
      assert.equal(second?.code, 0, second?.stderr);
      assert.doesNotMatch(second?.stdout ?? '', /Upgraded to/);
    });

    it("records each migration once in the migrator's table", async () => {
      assert.deepEqual(await appliedMigrations(databaseUrl), MIGRATION_NAMES);
    });

    it('applies each migration once when two releases start at the same moment', async () => {
      // Two deploys racing (or a release retried while the first still runs): the migrator's lock serializes them.
      const url = (await postgres.createDatabase('blog_race')).replace(/^postgresql:/, 'postgres:');
      const release = procfile.get('release') as string;
      const outputs = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<string>((resolve, reject) => {
              execFile(
                'sh',
                ['-c', release],
                { cwd: BLOG, env: { ...env, DATABASE_URL: url } },
                (error, stdout) => (error ? reject(error) : resolve(stdout)),
              );
            }),
        ),
      );
      const upgrades = outputs.join('').match(/^Upgraded to .*$/gm) ?? [];
      assert.equal(upgrades.length, MIGRATIONS.length, outputs.join('\n---\n'));
      assert.deepEqual(await appliedMigrations(url), MIGRATION_NAMES);
    });
  });

  describe('nginx', () => {
    it('redirects plain HTTP to HTTPS', async () => {
      const reply = await call({ port: http, path: '/auth/login?next=%2F', plain: true });
      assert.equal(reply.status, 301);
      assert.equal(reply.headers.location, `https://${SERVER_NAME}/auth/login?next=%2F`);
    });

    it('serves /static/ from disk with a 30-day cache, and the app logs no request for it', async () => {
      const css = await get('/static/style.css?from=nginx');
      assert.equal(css.status, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.match(String(css.headers['cache-control']), /max-age=2592000/);
      assert.ok(css.headers.expires, 'an Expires header');
      assert.equal(css.body, readFileSync(join(BLOG, 'src/static/style.css'), 'utf8'));
      // A proxied request after it: once the app has logged that one, it would have logged the first.
      await get('/?after=static');
      await appLog('/?after=static');
      assert.doesNotMatch(web.output(), /\/static\//);
    });

    it("passes the client's address to the app, not its own, and drops the one a client claims", async () => {
      const reply = await get('/?from=client-7', {
        localAddress: '127.0.0.7',
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      assert.equal(reply.status, 200);
      const [line] = await appLog('/?from=client-7');
      assert.match(line ?? '', /^127\.0\.0\.7 - - \[/);
    });

    it("passes the client's scheme: the app checks an HTTPS form's Origin against https://", async () => {
      // Flask-WTF's strict check runs only on requests the app believes secure, and compares the Origin with
      // the scheme and host it believes: an https:// origin passes, the http:// one does not.
      const outcomes: number[] = [];
      for (const origin of [`https://${SERVER_NAME}`, `http://${SERVER_NAME}`]) {
        const jar = cookieJar();
        const page = await get('/auth/register');
        jar.take(page);
        const posted = await get('/auth/register', {
          headers: { Cookie: jar.header(), Origin: origin },
          form: {
            csrf_token: csrfToken(page.body),
            username: `scheme${outcomes.length}`,
            password: 'a long enough password',
            confirm: 'a long enough password',
          },
        });
        outcomes.push(posted.status);
      }
      assert.deepEqual(outcomes, [302, 400]);
    });
  });

  describe('sessions', { skip: redisSkip ?? false }, () => {
    it('keeps a logged-in session in Redis, read by both workers', async () => {
      const jar = cookieJar();
      const form = async (path: string, fields: Record<string, string>): Promise<Reply> => {
        const page = await get(path, { headers: { Cookie: jar.header() } });
        jar.take(page);
        const reply = await get(path, {
          headers: { Cookie: jar.header(), Origin: `https://${SERVER_NAME}` },
          form: { csrf_token: csrfToken(page.body), ...fields },
        });
        jar.take(reply);
        return reply;
      };
      const password = 'correct horse battery';
      assert.equal(
        (await form('/auth/register', { username: 'ada', password, confirm: password })).status,
        302,
      );
      assert.equal((await form('/auth/login', { username: 'ada', password })).status, 302);
      const pages = await Promise.all(
        Array.from({ length: 8 }, (_, i) => get(`/?session=${i}`, { headers: { Cookie: jar.header() } })),
      );
      for (const page of pages) assert.match(page.body, /\bada\b/);
      const client = createClient({ url: redis?.url });
      await client.connect();
      try {
        assert.ok((await client.keys('session:*')).length > 0, 'session keys in Redis');
      } finally {
        await client.quit();
      }
    });
  });

  describe('flagon serve', () => {
    it('serves 2,000 requests through nginx across a SIGHUP rolling restart, failing none', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: nginx.certificate });
      const statuses = new Map<number | string, number>();
      let sent = 0;
      let hungUp = false;
      const worker = async (): Promise<void> => {
        while (sent < 2000) {
          sent++;
          if (!hungUp && sent >= 300) {
            hungUp = true;
            process.kill(web.child.pid as number, 'SIGHUP');
          }
          const key = await get('/', { agent }).then(
            (reply) => reply.status,
            (error: Error) => error.message,
          );
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      agent.destroy();
      assert.deepEqual([...statuses], [[200, 2000]]);
      // The restart really happened: new workers booted and both old ones drained.
      await until(() => (web.output().match(/stopped after draining/g) ?? []).length >= 2, 'the old workers');
      assert.match(web.output(), /Hang up: starting new workers/);
      assert.ok((web.output().match(/Booted worker/g) ?? []).length >= 4);
    });
  });
});
