// A minimal HTTP/1.1 client for the profiling scripts: one keep-alive connection, one request at a time,
// each sent after the previous response has fully arrived (as each wrk connection does), so a server does
// the same work for every request and counts taken over N requests divide evenly.
import { connect } from 'node:net';
import { echoPayload, ROUTED_PATH } from '../servers/scenarios.ts';

const echoBody = echoPayload();

/** The benchmark's four scenarios as raw requests. */
export const RAW_REQUESTS: Record<string, string> = {
  plaintext: 'GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  json: 'GET /json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  routing: `GET ${ROUTED_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
  echo:
    'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(echoBody)}\r\n\r\n${echoBody}`,
};

/** Sends one request at a time on one connection, each after the previous response has fully arrived. */
export function sendSequentially(port: number, request: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    let buffered = '';
    const next = () => {
      if (sent === count) {
        socket.end();
        resolve();
        return;
      }
      sent++;
      socket.write(request);
    };
    socket.setEncoding('latin1');
    socket.on('connect', next);
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const head = buffered.slice(0, headEnd);
      if (!head.startsWith('HTTP/1.1 200')) {
        reject(new Error(`unexpected response:\n${head}`));
        return;
      }
      const length = /content-length: *(\d+)/i.exec(head);
      if (!length) {
        reject(new Error(`response without Content-Length:\n${head}`));
        return;
      }
      const end = headEnd + 4 + Number(length[1]);
      if (buffered.length < end) return;
      buffered = buffered.slice(end);
      next();
    });
  });
}
