// Runs the real `flagon serve` on a fixture app, and a real nginx in front of instances of it.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxUnavailableReason, startNginx as startNginxService } from '../../../../tools/services/nginx.ts';

export { freePort } from '../../../../tools/services/internal/service.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(REPO, 'packages/flagon/bin/flagon.js');
/** What fixture apps import, by absolute URL, so they need no node_modules of their own. */
export const FLAGON_URL = new URL('packages/flagon/src/index.ts', `file://${REPO}`).href;
export const REDIS_PACKAGE_URL = new URL('packages/redis/src/index.ts', `file://${REPO}`).href;

/** A temporary folder holding `app.ts` with `source`. */
export function writeFixture(source: string): { dir: string; rm(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-redis-app-'));
  writeFileSync(join(dir, 'app.ts'), source);
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Served {
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  isRunning(): boolean;
  stop(): Promise<void>;
}

/** Starts `flagon --app app.ts serve --workers N -p port` in `dir` and waits until every worker booted. */
export async function startServe(
  dir: string,
  options: { port: number; workers: number; env?: Record<string, string> },
): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const key of Object.keys(env))
    if (key.startsWith('FLAGON_') || key === 'NODE_TEST_CONTEXT') delete env[key];
  const child = spawn(
    process.execPath,
    [
      '--conditions=flagon-source',
      BIN,
      '--app',
      'app.ts',
      'serve',
      '--host',
      '127.0.0.1',
      '-p',
      String(options.port),
      '--workers',
      String(options.workers),
      '--graceful-timeout',
      '2',
    ],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while ((output.match(/Booted worker/g) ?? []).length < options.workers) {
    if (child.exitCode !== null) throw new Error(`flagon serve exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`flagon serve did not boot:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port: options.port,
    child,
    output: () => output,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts nginx on `port` with an upstream of `servers` (round robin). */
export function startNginx(port: number, servers: number[]): Promise<{ stop(): Promise<void> }> {
  return startNginxService({
    ports: [port],
    workerConnections: 256,
    http: () => `  upstream flagon {
${servers.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://flagon;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_next_upstream off;
    }
  }`,
  });
}

export function nginxUnavailable(): string | false {
  return nginxUnavailableReason() ?? false;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection (so flagon serve hands each to the next worker). */
export function httpGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} got no response in 10 s`)));
    req.end();
  });
}
