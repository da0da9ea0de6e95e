// The smallest useful Flagon app: `npm start` serves it at http://127.0.0.1:5000.
import { Flagon, jsonify, request, urlFor } from 'flagon';

export const app = new Flagon(import.meta.url);

app.get('/', function index() {
  const hello = urlFor('hello', { name: 'Flagon' });
  return `<h1>Hello from Flagon</h1><p>Try <a href="${hello}">${hello}</a> or <a href="/api/time">/api/time</a>.</p>`;
});

app.get('/hello/<name>', function hello({ name }) {
  // Plain text, so the name from the URL is never read as HTML.
  return [
    `Hello, ${name}! (you asked with ${request.method})`,
    { 'Content-Type': 'text/plain; charset=utf-8' },
  ];
});

app.get('/api/time', function time() {
  return jsonify({ now: new Date().toISOString() });
});

if (import.meta.main) {
  const server = await app.listen({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 5000),
  });
  console.log(`Serving Flagon example on ${server.url} (press CTRL+C to quit)`);
}
