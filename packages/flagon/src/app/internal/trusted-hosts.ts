/**
 * Whether `host` (from the Host header, port stripped) is in `trusted`. An entry starting with `.` also
 * matches every subdomain, as in Werkzeug's `host_is_trusted`.
 */
export function isHostTrusted(host: string, trusted: readonly string[]): boolean {
  const name = stripPort(host).toLowerCase();
  if (name === '') return false;
  for (const entry of trusted) {
    const ref = stripPort(entry).toLowerCase();
    if (ref.startsWith('.')) {
      if (name === ref.slice(1) || name.endsWith(ref)) return true;
    } else if (name === ref) return true;
  }
  return false;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
