import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Flagon, type RunningServer, urlFor } from 'flagon';
import { type NginxService, nginxUnavailableReason, startNginx } from '../../../../tools/services/nginx.ts';

const skip = nginxUnavailableReason() ?? false;

/** GET with any headers (fetch may not set Host); resolves to the parsed JSON body. */
function getJson(port: number, path: string, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(new Error(`status ${res.statusCode}: ${body}`, { cause: error }));
        }
      });
    }).on('error', reject);
  });
}

/** An app that reports what it believes about the request, behind `PROXY_FIX`. */
function reportingApp(): Flagon {
  const app = new Flagon('behind-nginx', { staticFolder: null });
  app.config.PROXY_FIX = { xFor: 1, xProto: 1, xHost: 1, xPrefix: 1 };
  app.get('/info', function info(_params, request) {
    return {
      remoteAddr: request.remoteAddr,
      scheme: request.scheme,
      host: request.host,
      rootPath: request.rootPath,
      external: urlFor('info', { _external: true }),
    };
  });
  return app;
}

describe('behind a real nginx', { skip }, () => {
  let nginx: NginxService;
  let server: RunningServer;
  let proxyPort: number;

  before(async () => {
    server = await reportingApp().listen({ port: 0 });
    // As in the README's deployment snippet: the app mounted under /shop, TLS terminated in front of nginx
    // (so the scheme is passed on as https), the client's address and host forwarded.
    nginx = await startNginx({
      workerConnections: 64,
      http: ({ ports }) => `  server {
    listen 127.0.0.1:${ports[0]};
    location /shop/ {
      proxy_pass http://127.0.0.1:${server.port}/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Prefix /shop;
    }
  }`,
    });
    proxyPort = nginx.port;
  });

  after(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it("sees the client's address, the https scheme, the public host and the mount prefix", async () => {
    const info = await getJson(proxyPort, '/shop/info', { Host: 'shop.example' });
    assert.deepEqual(info, {
      external: 'https://shop.example/shop/info',
      host: 'shop.example',
      remoteAddr: '127.0.0.1',
      rootPath: '/shop',
      scheme: 'https',
    });
  });

  it('ignores forwarded headers a client sends straight to the app beyond the trusted count', async () => {
    // One trusted proxy: of two X-Forwarded-For entries, only the one nginx added (the last) counts.
    const info = await getJson(proxyPort, '/shop/info', {
      Host: 'shop.example',
      'X-Forwarded-For': '203.0.113.9',
    });
    assert.equal((info as { remoteAddr: string }).remoteAddr, '127.0.0.1');
  });
});

describe('without PROXY_FIX', () => {
  it('ignores X-Forwarded-* headers entirely', async () => {
    const app = new Flagon('direct', { staticFolder: null });
    app.get('/', (_p, request) => ({ remoteAddr: request.remoteAddr, scheme: request.scheme }));
    const server = await app.listen({ port: 0 });
    try {
      const res = await fetch(`${server.url}/`, {
        headers: { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' },
      });
      assert.deepEqual(await res.json(), { remoteAddr: '127.0.0.1', scheme: 'http' });
    } finally {
      await server.close();
    }
  });
});
