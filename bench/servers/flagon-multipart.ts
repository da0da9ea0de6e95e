// Flagon reading multipart uploads, for bench/multipart.ts. GET /stats reports the process's memory and the
// longest event-loop stall seen since the last call.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Flagon } from 'flagon';

const app = new Flagon(import.meta.url);
app.config.MAX_FORM_PARTS = 2000;
app.post('/upload', async function upload(_params, request) {
  const files = await request.files;
  let count = 0;
  let bytes = 0;
  for (const [, file] of files) {
    count++;
    bytes += file.size;
  }
  return { files: count, bytes };
});
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
app.get('/stats', function stats() {
  const rss = process.memoryUsage().rss;
  const maxStallMs = delay.max / 1e6;
  delay.reset();
  return { rss, maxStallMs };
});
await app.listen({ port: Number(process.env.PORT) });
console.log('ready');
process.on('SIGTERM', () => process.exit(0));
