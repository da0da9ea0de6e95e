import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer, session } from 'flagon';
import { rawExchange } from '../server/helpers/raw-http.ts';

function makeApp(): Flagon {
  const app = new Flagon('cookies', { staticFolder: null });
  app.config.SECRET_KEY = 'k';
  app.logger.sink = () => {};
  app.get('/login', () => {
    session.set('user', 'ada');
    return 'ok';
  });
  app.get('/', (_params, request) => ({
    theme: request.cookies.get('theme') ?? null,
    user: session.get('user', null),
  }));
  return app;
}

/** The session cookie the app sets, as `session=…`. */
async function sessionCookie(app: Flagon): Promise<string> {
  const res = await app.testClient().get('/login');
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('several Cookie header lines', () => {
  it('reads cookies from every line, the session in the second one included', async () => {
    const app = makeApp();
    const cookie = await sessionCookie(app);
    const res = await app.testClient().get('/', {
      headers: [
        ['Cookie', 'theme=dark'],
        ['Cookie', cookie],
      ],
    });
    assert.deepEqual(res.json, { theme: 'dark', user: 'ada' });
  });
});

describe('several Cookie header lines over real HTTP', () => {
  let server: RunningServer;
  let cookie: string;
  before(async () => {
    const app = makeApp();
    cookie = await sessionCookie(app);
    server = await app.listen({ port: 0 });
  });
  after(() => server.close());

  it('keeps the session sent in the second line', async () => {
    const answer = await rawExchange(
      server.port,
      `GET / HTTP/1.1\r\nHost: localhost\r\nCookie: theme=dark\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(answer, /\{"theme":"dark","user":"ada"\}/);
    assert.doesNotMatch(answer, /Set-Cookie/i);
  });
});
