// deploy/nginx.conf run by a real nginx: the site file with only its ports, certificate and folder changed
// (each change must find its text, so an edited site file fails here instead of being tested half), inside a
// main configuration that keeps nginx's pid, logs and temp files in a temporary folder.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  nginxUnavailableReason as nginxMissing,
  startNginx as startNginxService,
} from '../../../../../tools/services/nginx.ts';

export const OPENSSL = '/usr/bin/openssl';
/** The site's public name in deploy/nginx.conf; requests send it as Host (and TLS server name). */
export const SERVER_NAME = 'blog.example.com';

/** Why nginx with TLS cannot run here, or null. */
export function nginxUnavailableReason(): string | null {
  const missing = nginxMissing();
  if (missing !== null) return missing;
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

/** Starts nginx with `siteFile` (deploy/nginx.conf) for the app folder `appDir`. */
export async function startNginx(siteFile: string, ports: SitePorts, appDir: string): Promise<RunningNginx> {
  const nginx = await startNginxService({
    // The site listens on both; startNginx waits until each accepts connections.
    ports: [ports.http, ports.https],
    accessLog: true,
    prepare: (dir) => {
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
    },
    http: ({ dir }) => `  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  include ${dir}/site.conf;`,
  });
  return {
    dir: nginx.dir,
    certificate: readFileSync(join(nginx.dir, 'fullchain.pem'), 'utf8'),
    accessLog: () => nginx.accessLog(),
    stop: () => nginx.stop(),
  };
}
