// A throwaway nginx for tests: the caller's `http { … }` body inside a main configuration that keeps the pid,
// logs and temp files in a fresh temp folder (the prefix), listening on free local ports (or the ports given),
// and a stop() that shuts it down and removes the folder.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exited, freePort, tempFolder, waitForPort } from './internal/service.ts';

/** Debian's nginx; NGINX overrides it. */
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** Why nginx cannot be started here, or null when it can. */
export function nginxUnavailableReason(): string | null {
  try {
    accessSync(NGINX, constants.X_OK);
    return null;
  } catch {
    return `${NGINX} not found (install Debian's nginx: .ci/install-components, or set NGINX)`;
  }
}

/** What the configuration is written for. */
export interface NginxPrefix {
  /** The temp folder nginx runs in (`-p`); files the configuration needs can be written here by `prepare`. */
  readonly dir: string;
  /** The ports the configuration must `listen` on, on 127.0.0.1. */
  readonly ports: readonly number[];
}

export interface NginxOptions {
  /** The inside of `http { … }`: servers, upstreams, includes. Temp paths and `access_log` are set already. */
  http: (prefix: NginxPrefix) => string;
  /** Ports to listen on; without it, `freePorts` free ones are picked. */
  ports?: readonly number[];
  /** How many free ports to pick when `ports` is not given (default 1). */
  freePorts?: number;
  /** Writes what the configuration refers to (certificates, included files) into the prefix first. */
  prepare?: (dir: string) => void;
  /** Log requests to `<dir>/access.log` (read with `accessLog()`); off by default. */
  accessLog?: boolean;
  /** Default 512. */
  workerConnections?: number;
  /** How long to wait for every port to accept connections (default 10 s). */
  timeoutMs?: number;
}

/** A running throwaway nginx. */
export interface NginxService {
  readonly dir: string;
  readonly ports: readonly number[];
  /** The first of `ports`. */
  readonly port: number;
  /** The access log so far ('' unless `accessLog` was set). */
  accessLog(): string;
  /** SIGTERM, wait for the exit, remove the folder. Safe to call twice. */
  stop(): Promise<void>;
}

function mainConfig(dir: string, options: NginxOptions, http: string): string {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${options.workerConnections ?? 512}; }
http {
  access_log ${options.accessLog ? `${dir}/access.log` : 'off'};
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${http}
}
`;
}

/**
 * Starts nginx with `options.http` as its `http` block and waits until every port accepts connections.
 *
 * @example
 * const nginx = await startNginx({
 *   http: ({ ports }) => `server { listen 127.0.0.1:${ports[0]}; location / { proxy_pass ${app.url}; } }`,
 * });
 * await fetch(`http://127.0.0.1:${nginx.port}/`);
 * await nginx.stop();
 * @throws Error when the binary is missing (check `nginxUnavailableReason()` first) or nginx fails to start.
 */
export async function startNginx(options: NginxOptions): Promise<NginxService> {
  const reason = nginxUnavailableReason();
  if (reason !== null) throw new Error(`Cannot start nginx: ${reason}.`);
  const ports =
    options.ports ?? (await Promise.all(Array.from({ length: options.freePorts ?? 1 }, freePort)));
  const dir = tempFolder('flagon-nginx-');
  let child: ChildProcess | undefined;
  let stderr = '';
  try {
    options.prepare?.(dir);
    writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir, options, options.http({ dir, ports })));
    const started = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timeoutMs = options.timeoutMs ?? 10_000;
    for (const port of ports)
      await waitForPort(port, started, { name: 'nginx', timeoutMs, log: () => stderr });
  } catch (error) {
    child?.kill('SIGKILL');
    if (child) await exited(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = child;
  let stopped: Promise<void> | undefined;
  return {
    dir,
    ports,
    port: ports[0] as number,
    accessLog: () => {
      const file = join(dir, 'access.log');
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    stop() {
      stopped ??= (async () => {
        if (running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
        await exited(running);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
