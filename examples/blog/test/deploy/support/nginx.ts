// deploy/nginx.conf run by a real nginx: the site file with only its ports, certificate and folder changed
// (each change must find its text, so an edited site file fails here instead of being tested half), inside a
// main configuration that keeps nginx's pid, logs and temp files in a temporary folder.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
export const OPENSSL = '/usr/bin/openssl';
/** The site's public name in deploy/nginx.conf; requests send it as Host (and TLS server name). */
export const SERVER_NAME = 'blog.example.com';

/** Why nginx with TLS cannot run here, or null. */
export function nginxUnavailableReason(): string | null {
  if (!existsSync(NGINX)) return `${NGINX} not found (install Debian's nginx: .ci/install-components)`;
  if (!existsSync(OPENSSL)) return `${OPENSSL} not found (install Debian's openssl: .ci/install-components)`;
  return null;
}

export interface SitePorts {
  /** Where `flagon serve` listens (the upstream). */
  readonly app: number;
  readonly http: number;
  readonly https: number;
}

export interface RunningNginx {
  readonly dir: string;
  /** The self-signed certificate nginx serves, for clients to trust. */
  readonly certificate: string;
  /** nginx's own access log so far. */
  accessLog(): string;
  stop(): Promise<void>;
}

/** The site file with ports, certificate folder and app folder replaced. */
export function renderSite(site: string, ports: SitePorts, certDir: string, appDir: string): string {
  const changes: [string, string][] = [
    ['server 127.0.0.1:8000;', `server 127.0.0.1:${ports.app};`],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`],
    [`/etc/letsencrypt/live/${SERVER_NAME}/`, `${certDir}/`],
    ['/srv/blog/', `${appDir}/`],
  ];
  let text = site;
  for (const [from, to] of changes) {
    if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer contains ${JSON.stringify(from)}`);
    text = text.split(from).join(to);
  }
  return text;
}

function waitForPort(port: number, nginx: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        if (nginx.exitCode !== null || Date.now() > deadline)
          return reject(new Error(`nginx did not start:\n${stderr()}`));
        setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** Starts nginx with `siteFile` (deploy/nginx.conf) for the app folder `appDir`. */
export async function startNginx(siteFile: string, ports: SitePorts, appDir: string): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'flagon-deploy-nginx-'));
  const cert = spawnSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${SERVER_NAME}`,
      '-addext',
      `subjectAltName=DNS:${SERVER_NAME}`,
      '-keyout',
      join(dir, 'privkey.pem'),
      '-out',
      join(dir, 'fullchain.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (cert.status !== 0) throw new Error(`openssl could not make a certificate:\n${cert.stderr}`);
  writeFileSync(join(dir, 'site.conf'), renderSite(readFileSync(siteFile, 'utf8'), ports, dir, appDir));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
  );
  const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
  try {
    await waitForPort(ports.https, nginx, () => stderr);
  } catch (error) {
    nginx.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    certificate: readFileSync(join(dir, 'fullchain.pem'), 'utf8'),
    accessLog: () =>
      existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : '',
    async stop() {
      if (nginx.exitCode === null && nginx.signalCode === null) nginx.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
