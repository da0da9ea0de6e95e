import type { IncomingMessage, ServerResponse } from 'node:http';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `10/Oct/2000:13:55:36 +0000`, the timestamp of Apache's log formats, in local time. */
export function logTimestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return (
    `${pad(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()}:` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`
  );
}

/** Escapes quotes, backslashes and control characters, so a client cannot forge log lines. */
export function escapeLogValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what gets escaped.
  return value.replace(/[\x00-\x1f\x7f"\\]/g, (ch) =>
    ch === '"' ? '\\"' : ch === '\\' ? '\\\\' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text ? escapeLogValue(text) : '-';
}

/**
 * One access-log line in the combined format (Apache's and nginx's default):
 * `addr - - [time] "GET /path HTTP/1.1" 200 1234 "referer" "user-agent"`. `remoteAddr` should be the
 * client as ProxyFix sees it; `bodyBytes` is the size of the body sent (`-` when 0, as Apache logs it).
 */
export function combinedLogLine(
  req: IncomingMessage,
  res: ServerResponse,
  remoteAddr: string | null,
  bodyBytes: number,
  at: Date = new Date(),
): string {
  const bytes = bodyBytes === 0 ? '-' : String(bodyBytes);
  const requestLine = escapeLogValue(`${req.method ?? '-'} ${req.url ?? '-'} HTTP/${req.httpVersion}`);
  return (
    `${escapeLogValue(remoteAddr ?? '-')} - - [${logTimestamp(at)}] "${requestLine}" ${res.statusCode} ${bytes} ` +
    `"${header(req, 'referer')}" "${header(req, 'user-agent')}"`
  );
}
