// Flagon with its defaults, on its own node:http server.
import { Flagon, Response } from 'flagon';
import { JSON_BODY, PLAINTEXT, ROUTE_COUNT } from './scenarios.ts';

const app = new Flagon(import.meta.url);
app.get('/plaintext', function plaintext() {
  return new Response(PLAINTEXT, { mimetype: 'text/plain' });
});
app.get('/json', function json() {
  return JSON_BODY;
});
app.post('/echo', async function echo(_params, request) {
  return (await request.json) as object;
});
for (let i = 0; i < ROUTE_COUNT; i++) {
  app.get(`/api/r${i}/items/<int:id>`, { endpoint: `r${i}` }, ({ id }) => ({ route: `r${i}`, id }));
}
await app.listen({ port: Number(process.env.PORT) });
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
