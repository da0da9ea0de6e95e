// Raw node:http: the ceiling. Routing is a hand-written lookup, the fastest a person would write by hand.
import { createServer } from 'node:http';
import { JSON_BODY, PLAINTEXT, ROUTE_COUNT } from './scenarios.ts';

const routes = new Set<string>();
for (let i = 0; i < ROUTE_COUNT; i++) routes.add(`r${i}`);

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/plaintext') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': PLAINTEXT.length });
    res.end(PLAINTEXT);
    return;
  }
  if (url === '/json') {
    const body = JSON.stringify(JSON_BODY);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (url === '/echo' && req.method === 'POST') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  const parts = url.split('/');
  if (
    parts.length === 5 &&
    parts[1] === 'api' &&
    routes.has(parts[2] ?? '') &&
    parts[3] === 'items' &&
    /^\d+$/.test(parts[4] ?? '')
  ) {
    const body = JSON.stringify({ route: parts[2], id: Number(parts[4]) });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
