/** Flask-Login's session identifier: a SHA-512 of the client's address and user agent. */
import { createHash } from 'node:crypto';
import type { Request } from 'flagon';

/**
 * The identifier Flask-Login 0.6 stores in `_id`, byte for byte: sha512 of `"{addr}|{agent}"` where each
 * part is Python's `repr` of the UTF-8 bytes (`b'127.0.0.1'`), or `None` when absent. The address is the
 * first `X-Forwarded-For` entry when that header is present, as Flask-Login reads it.
 */
export function createSessionIdentifier(request: Request): string {
  const forwarded = request.headers.get('X-Forwarded-For');
  const address = forwarded ?? request.remoteAddr;
  let addressPart = 'None';
  if (address !== null && address !== undefined) {
    const bytes = Buffer.from(address, 'utf8');
    const comma = bytes.indexOf(0x2c);
    addressPart = pythonBytesRepr(stripAsciiSpace(comma === -1 ? bytes : bytes.subarray(0, comma)));
  }
  const agent = request.headers.get('User-Agent');
  const agentPart =
    agent === null || agent === undefined ? 'None' : pythonBytesRepr(Buffer.from(agent, 'utf8'));
  return createHash('sha512').update(`${addressPart}|${agentPart}`, 'utf8').digest('hex');
}

function stripAsciiSpace(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  const isSpace = (b: number | undefined) => b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);
  while (start < end && isSpace(bytes[start])) start++;
  while (end > start && isSpace(bytes[end - 1])) end--;
  return bytes.subarray(start, end);
}

/** Python's `repr(bytes)`: `b'…'`, or `b"…"` when the bytes hold `'` but no `"`. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}${quote}`;
}
