import { spawn } from 'node:child_process';
import { RAW_REQUESTS, sendSequentially } from './sequential-client.ts';

const [server, scenario, pattern] = process.argv.slice(2);
const port = 3950;
const child = spawn(
  process.execPath,
  ['--trace-opt', '--trace-deopt', `/work/main/bench/servers/${server}.ts`],
  { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
child.stdout.setEncoding('utf8');
await new Promise<void>((r) =>
  child.stdout.on('data', (c: string) => {
    out += c;
    if (c.includes('ready')) r();
  }),
);
await sendSequentially(port, RAW_REQUESTS[scenario]!, 30000);
await new Promise((r) => setTimeout(r, 300));
child.kill('SIGKILL');
console.log(
  out
    .split('\n')
    .filter((l) => l.includes(pattern!))
    .map((l) => l.slice(0, 260))
    .join('\n'),
);
