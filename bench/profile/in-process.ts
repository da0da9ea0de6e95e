// Measures the framework's own cost per request, without sockets: a fake node:http request/response pair
// through `app.handler`. Run: node --conditions=flagon-source bench/profile/in-process.ts [--cpu-prof]
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Flagon, Response } from 'flagon';

const app = new Flagon(import.meta.url, { staticFolder: null });
app.get('/plaintext', function plaintext() {
  return new Response('Hello, World!', { mimetype: 'text/plain' });
});
app.get('/json', function json() {
  return { message: 'Hello, World!' };
});
for (let i = 0; i < 100; i++)
  app.get(`/api/r${i}/items/<int:id>`, { endpoint: `r${i}` }, ({ id }) => ({ id }));
const flagonHandler = app.handler;
// The same exchange answered by hand, to subtract what the harness itself costs.
const rawHandler = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', '13']);
  res.end('Hello, World!');
};
let handler: (req: IncomingMessage, res: ServerResponse) => void = rawHandler;

function fakeExchange(url: string): Promise<void> {
  return new Promise((resolve) => {
    const req = Object.assign(new EventEmitter(), {
      method: 'GET',
      url,
      headers: { host: 'localhost:5000', 'user-agent': 'bench', accept: '*/*' },
      rawHeaders: ['Host', 'localhost:5000', 'User-Agent', 'bench', 'Accept', '*/*'],
      socket: { remoteAddress: '127.0.0.1', encrypted: false, localAddress: '127.0.0.1', localPort: 5000 },
    }) as unknown as IncomingMessage;
    const res = {
      headersSent: false,
      writeHead() {
        return this;
      },
      end() {
        resolve();
      },
    } as unknown as ServerResponse;
    handler(req, res);
  });
}

for (const [name, h] of [
  ['raw', rawHandler],
  ['flagon', flagonHandler],
] as const) {
  if (process.env.ONLY_HANDLER && process.env.ONLY_HANDLER !== name) continue;
  handler = h;
  const paths = name === 'raw' ? ['/plaintext'] : ['/plaintext', '/json', '/api/r50/items/12345'];
  for (const path of process.env.ONLY_PATH ? [process.env.ONLY_PATH] : paths) {
    for (let i = 0; i < Number(process.env.WARMUP ?? 20_000); i++) await fakeExchange(path); // warm up
    const n = Number(process.env.N ?? process.env.REQUESTS ?? 200_000);
    const start = performance.now();
    for (let i = 0; i < n; i++) await fakeExchange(path);
    const us = ((performance.now() - start) * 1000) / n;
    console.log(`${name.padEnd(7)} ${path.padEnd(24)} ${us.toFixed(2)} µs per request in-process`);
  }
}
