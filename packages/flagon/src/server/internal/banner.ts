import { networkInterfaces } from 'node:os';

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The first non-internal address of this machine in the given family, to show a LAN URL. */
function lanAddress(family: 'IPv4' | 'IPv6'): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!info.internal && info.family === family) return info.address;
  }
  return null;
}

/**
 * The "Running on" lines of the banner. A wildcard host (`0.0.0.0`, `::`) says it listens on all addresses
 * and shows the loopback URL and this machine's LAN URL, as Werkzeug does.
 */
export function serverUrls(host: string, port: number, scheme: 'http' | 'https'): string[] {
  if (host === '0.0.0.0' || host === '::') {
    const loopback = host === '::' ? '[::1]' : '127.0.0.1';
    const lan = lanAddress(host === '::' ? 'IPv6' : 'IPv4');
    return [
      `Running on all addresses (${host})`,
      `Running on ${scheme}://${loopback}:${port}`,
      ...(lan ? [`Running on ${scheme}://${hostForUrl(lan)}:${port}`] : []),
    ];
  }
  return [`Running on ${scheme}://${hostForUrl(host)}:${port}`];
}
