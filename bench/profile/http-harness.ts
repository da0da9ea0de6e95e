// What the HTTP profiling scripts share: the benchmark's servers and scenarios, a way to know a server is
// ready, and a minimal HTTP/1.1 client. The client uses one keep-alive connection, one request at a time,
// each sent after the previous response has fully arrived (as each wrk connection does), so a server does
// the same work for every request and counts taken over N requests divide evenly.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/free-port.ts';
import { echoPayload, ROUTED_PATH } from '../servers/scenarios.ts';

export { freePort };

/** The servers of the benchmark, as `--servers` takes them. */
export const ALL_SERVERS = 'node-raw,fastify,flagon';
/** The scenarios of the benchmark, as `--scenarios` takes them. */
export const ALL_SCENARIOS = 'plaintext,json,routing,echo';

/** The script of a benchmark server (`bench/servers/<name>.ts`). */
export function serverScript(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'servers', `${name}.ts`);
}

/** The raw request of a scenario. @throws Error for an unknown scenario. */
export function rawRequest(scenario: string): string {
  const request = RAW_REQUESTS[scenario];
  if (request === undefined) throw new Error(`unknown scenario ${scenario}; known: ${ALL_SCENARIOS}`);
  return request;
}

/** Resolves once the child prints `text` on its stdout; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  const stdout = child.stdout;
  if (stdout === null) throw new Error('the child was started without a stdout pipe');
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      if (!String(chunk).includes(text)) return;
      stop();
      resolve();
    };
    const onExit = (code: number | null) => {
      stop();
      reject(new Error(`the server exited (code ${code}) before printing "${text}"`));
    };
    const stop = () => {
      stdout.off('data', onData);
      child.off('exit', onExit);
    };
    stdout.on('data', onData);
    child.on('exit', onExit);
  });
}

const echoBody = echoPayload();

/** The benchmark's four scenarios as raw requests. */
const RAW_REQUESTS: Record<string, string> = {
  plaintext: 'GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  json: 'GET /json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
  routing: `GET ${ROUTED_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
  echo:
    'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(echoBody)}\r\n\r\n${echoBody}`,
  // The database-backed page of bench/sql-page.ts (servers sql-flagon and sql-fastify, DATABASE_URL set).
  page: 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
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

export interface CallgrindRun {
  readonly server: string;
  readonly request: string;
  readonly count: number;
  /** Where callgrind writes its profile (`/dev/null` when only the total is wanted). */
  readonly outFile: string;
  /** More options for node, before the server script. */
  readonly nodeOptions?: readonly string[];
}

/**
 * Starts a benchmark server under callgrind, sends it `count` requests, and stops it. V8 runs with
 * --predictable, so compilation and GC stay on the main thread and are counted. Resolves to callgrind's stderr
 * (which holds the total) and the pid, which names V8's perf map when `--perf-basic-prof` is among the options.
 */
export async function runUnderCallgrind(run: CallgrindRun): Promise<{ stderr: string; pid: number }> {
  const port = await freePort();
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${run.outFile}`,
      process.execPath,
      '--predictable',
      ...(run.nodeOptions ?? []),
      // Fastify's server has no SIGTERM handler of its own; exiting normally lets callgrind print its total.
      '--import=data:text/javascript,process.on("SIGTERM",()=>process.exit(0))',
      serverScript(run.server),
    ],
    { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitForOutput(child, 'ready').catch((error: Error) => {
    throw new Error(`${run.server}: ${error.message}\n${stderr}`);
  });
  await sendSequentially(port, run.request, run.count);
  child.kill('SIGTERM');
  await exited;
  return { stderr, pid: child.pid ?? 0 };
}
