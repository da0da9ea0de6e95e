// Fastify 5 with its defaults (find-my-way router, JSON serializer without schemas).
import Fastify from 'fastify';
import { JSON_BODY, PLAINTEXT, ROUTE_COUNT } from './scenarios.ts';

const app = Fastify({ logger: false });
app.get('/plaintext', (_req, reply) => {
  reply.type('text/plain; charset=utf-8').send(PLAINTEXT);
});
app.get('/json', () => JSON_BODY);
app.post('/echo', (req) => req.body);
for (let i = 0; i < ROUTE_COUNT; i++) {
  app.get(`/api/r${i}/items/:id`, (req) => ({
    route: `r${i}`,
    id: Number((req.params as { id: string }).id),
  }));
}
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
