import { connect } from 'node:net';

/**
 * Sends raw bytes to a server and resolves with everything it answers until it closes the connection (or
 * after `waitMs` of silence), so a test can send what no HTTP client would.
 */
export function rawExchange(port: number, text: string | Buffer, waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    let timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), waitMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on('error', () => undefined);
  });
}

/**
 * The status lines of every response in a raw answer, in order (`['HTTP/1.1 200 OK', …]`). A response can
 * follow a body that does not end in a line break, so the lines are found anywhere.
 */
export function statusLines(answer: string): string[] {
  return answer.match(/HTTP\/1\.[01] \d{3} [^\r\n]*/g) ?? [];
}
