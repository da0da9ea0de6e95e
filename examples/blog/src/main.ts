// `npm start`: serve the blog at http://127.0.0.1:5000.
import { createApp } from './app.ts';

const app = createApp();
const server = await app.listen({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 5000),
});
console.log(` * Serving Flagon app "blog" on ${server.url} (press CTRL+C to quit)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
