// An HTTPS (or HTTP) client for the deployment: it names the site (Host and TLS server name), trusts the test's
// self-signed certificate, and can connect from another loopback address so the client's address differs
// from the proxy's.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { type Agent, request as httpsRequest } from 'node:https';
import { SERVER_NAME } from './nginx.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface Call {
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A form body, sent as application/x-www-form-urlencoded. */
  readonly form?: Record<string, string>;
  /** Plain HTTP instead of HTTPS. */
  readonly plain?: boolean;
  readonly ca?: string;
  /** The client's own address (a 127.x.y.z on loopback). */
  readonly localAddress?: string;
  readonly agent?: Agent;
}

export function call(options: Call): Promise<Reply> {
  const body = options.form === undefined ? undefined : new URLSearchParams(options.form).toString();
  const headers: Record<string, string> = { Host: SERVER_NAME, ...options.headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const common = {
    host: '127.0.0.1',
    port: options.port,
    path: options.path,
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    localAddress: options.localAddress,
    timeout: 15_000,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage): void => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    };
    const req = options.plain
      ? httpRequest({ ...common, agent: false }, onResponse)
      : httpsRequest(
          { ...common, servername: SERVER_NAME, ca: options.ca, agent: options.agent ?? false },
          onResponse,
        );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${common.method} ${options.path}: no response in 15 s`)));
    req.end(body);
  });
}

/** The `name=value` of each Set-Cookie, to send back as one Cookie header (later ones replace earlier). */
export function cookieJar(): { readonly header: () => string; take(reply: Reply): void } {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    take(reply: Reply) {
      const setCookie = reply.headers['set-cookie'] ?? [];
      for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
        const pair = line.split(';')[0] ?? '';
        const at = pair.indexOf('=');
        if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
  };
}

/** The CSRF token of the form on a page. */
export function csrfToken(page: string): string {
  const token = /name="csrf_token"[^>]*value="([^"]+)"/.exec(page)?.[1];
  if (token === undefined) throw new Error(`No csrf_token field on the page:\n${page.slice(0, 2000)}`);
  return token;
}
