import { spawn } from 'node:child_process';
import { RAW_REQUESTS, sendSequentially } from '/work/main/bench/profile/sequential-client.ts';

const [server, scenario, count, out] = process.argv.slice(2);
const port = 3600 + Math.floor(Math.random() * 300);
const child = spawn(
  'valgrind',
  [
    '--tool=callgrind',
    `--callgrind-out-file=${out}`,
    process.execPath,
    '--predictable',
    ...(process.env.NODE_EXTRA ? process.env.NODE_EXTRA.split(' ') : []),
    '--import=data:text/javascript,process.on("SIGTERM",()=>process.exit(0))',
    `/work/main/bench/servers/${server}.ts`,
  ],
  { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
);
child.stderr.resume();
await new Promise<void>((r) =>
  child.stdout.on('data', (c: Buffer) => {
    if (c.toString().includes('ready')) r();
  }),
);
await sendSequentially(port, RAW_REQUESTS[scenario]!, Number(count));
const exited = new Promise((r) => child.on('exit', r));
child.kill('SIGTERM');
await exited;
