import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { Flagon, request, urlFor } from 'flagon';
import { createAppHandler } from '../../src/server/internal/app-handler.ts';
import { get } from '../cli/helpers/cli.ts';

function appWith(proxyFix: Flagon['config']['PROXY_FIX']): Flagon {
  const app = new Flagon('proxied', { config: { PROXY_FIX: proxyFix } });
  app.get('/where', function where() {
    return {
      remoteAddr: request.remoteAddr,
      scheme: request.scheme,
      host: request.host,
      rootPath: request.rootPath,
      external: urlFor('where', { _external: true }),
    };
  });
  return app;
}

describe('ProxyFix (PROXY_FIX)', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  async function serve(app: Flagon): Promise<string> {
    const server = createServer(createAppHandler(app));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const FORWARDED = {
    'x-forwarded-for': '203.0.113.9, 198.51.100.7',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example',
    'x-forwarded-port': '8443',
    'x-forwarded-prefix': '/store/',
  };

  it('takes the client, scheme, host, port and prefix from the trusted proxy', async () => {
    const url = await serve(appWith({ xFor: 1, xProto: 1, xHost: 1, xPort: 1, xPrefix: 1 }));
    const body = JSON.parse((await get(`${url}/where`, FORWARDED)).body);
    assert.deepEqual(body, {
      remoteAddr: '198.51.100.7',
      scheme: 'https',
      host: 'shop.example:8443',
      rootPath: '/store',
      external: 'https://shop.example:8443/store/where',
    });
  });

  it('counts proxies from the right: with two trusted, the second-last address is the client', async () => {
    const url = await serve(appWith({ xFor: 2 }));
    const body = JSON.parse((await get(`${url}/where`, FORWARDED)).body);
    assert.equal(body.remoteAddr, '203.0.113.9');
    assert.equal(body.scheme, 'http');
  });

  it('ignores forwarded headers without PROXY_FIX', async () => {
    const url = await serve(appWith(null));
    const body = JSON.parse((await get(`${url}/where`, FORWARDED)).body);
    assert.equal(body.remoteAddr, '127.0.0.1');
    assert.equal(body.scheme, 'http');
    assert.match(body.host, /^127\.0\.0\.1:\d+$/);
    assert.equal(body.rootPath, '');
  });

  it('ignores headers with fewer values than trusted proxies, and values that are not plausible', async () => {
    const url = await serve(appWith({ xFor: 3, xProto: 1, xHost: 1 }));
    const body = JSON.parse(
      (
        await get(`${url}/where`, {
          'x-forwarded-for': '1.2.3.4, 5.6.7.8',
          'x-forwarded-proto': 'javascript',
          'x-forwarded-host': 'evil.example/path',
        })
      ).body,
    );
    assert.equal(body.remoteAddr, '127.0.0.1');
    assert.equal(body.scheme, 'http');
    assert.match(body.host, /^127\.0\.0\.1:\d+$/);
  });
});
