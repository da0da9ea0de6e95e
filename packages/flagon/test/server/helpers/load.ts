// A bounded load loop run in its own process: GETs `url` over keep-alive connections until `total` requests
// were made or a line arrives on stdin, then prints one JSON summary. Progress lines (`ok <n>`) go to stdout
// every 100 successful requests, so the test knows when to send a signal.
import http from 'node:http';

const [url = '', totalText = '2000', concurrencyText = '8'] = process.argv.slice(2);
const total = Number(totalText);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrencyText) });
let started = 0;
let ok = 0;
let stopped = false;
const errors: Record<string, number> = {};
const pids: string[] = [];
const count = (key: string): void => {
  errors[key] = (errors[key] ?? 0) + 1;
};
process.stdin.on('data', () => {
  stopped = true;
});

function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode === 200 && body.startsWith('pid ')) {
          ok++;
          const pid = body.slice(4);
          if (!pids.includes(pid)) pids.push(pid);
          if (ok % 100 === 0) process.stdout.write(`ok ${ok}\n`);
        } else count(`status ${res.statusCode} ${body.slice(0, 40)}`);
        resolve();
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        count(`response ${error.code ?? error.message}`);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      count(error.code ?? error.message);
      resolve();
    });
  });
}

async function loop(): Promise<void> {
  while (started < total && !stopped) {
    started++;
    await once();
  }
}

await Promise.all(Array.from({ length: Number(concurrencyText) }, loop));
agent.destroy();
process.stdout.write(`${JSON.stringify({ started, ok, errors, pids })}\n`);
process.exit(0);
