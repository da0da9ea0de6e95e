import cluster, { type Worker } from 'node:cluster';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { serverUrls } from './internal/banner.ts';
import { answerServiceCall } from './internal/cluster-services.ts';
import { handOff } from './internal/handoff.ts';
import {
  BOOT_FAILED,
  MESSAGES,
  SERVE_WORKER_ENV,
  type ServeOptions,
  serverLogLine,
} from './serve-options.ts';

interface WorkerState {
  readonly worker: Worker;
  ready: boolean;
  /** No new connections go to it; it is draining or about to. */
  retiring: boolean;
  lastBeat: number;
  /** Replaced on exit (false for workers retired on purpose or during shutdown). */
  replace: boolean;
}

/**
 * The master of `flagon serve`: it listens, forks the workers (node:cluster), and hands each accepted
 * connection to a ready worker in turn. It replaces workers that crash, time out (blocked event loop) or
 * reach `--max-requests`; SIGHUP starts a new set of workers and drains the old ones once the new ones are
 * ready (a rolling restart: the socket never closes, so no connection is refused); SIGTERM and SIGINT stop
 * accepting, let the workers finish their requests (up to `--graceful-timeout`), and exit with status 0.
 *
 * Differs from gunicorn: the master accepts connections itself (like Node's round-robin cluster scheduler)
 * so it decides which worker gets each one; `--timeout` watches event-loop blocking, not request duration.
 */
export async function runMaster(options: ServeOptions): Promise<number> {
  const log = (level: 'INFO' | 'WARNING' | 'ERROR', message: string): void => {
    options.stderr.write(serverLogLine(level, message));
  };
  const listener = createServer({ pauseOnConnect: true });
  await new Promise<void>((done, fail) => {
    listener.once('error', fail);
    listener.listen(options.port, options.host, 1024, () => {
      listener.off('error', fail);
      done();
    });
  });
  const port = (listener.address() as AddressInfo).port;
  log('INFO', `Starting flagon serve for '${options.appLabel}'`);
  for (const line of serverUrls(options.host, port, 'http'))
    log('INFO', line.replace('Running on', 'Listening at:'));
  log('INFO', `Using ${options.workers} worker${options.workers === 1 ? '' : 's'}`);
  if (options.debug) log('WARNING', 'Debug mode is on (FLAGON_DEBUG). Never run debug mode in production.');

  cluster.setupPrimary({ exec: process.argv[1] as string, args: [...options.argv] });
  const states = new Map<number, WorkerState>();
  const waiting: Socket[] = [];
  let next = 0;
  let stopping = false;
  let everReady = false;
  let exitCode = 0;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const readyWorkers = (): WorkerState[] => [...states.values()].filter((s) => s.ready && !s.retiring);
  const dispatch = (socket: Socket): void => {
    const ready = readyWorkers();
    if (ready.length === 0) {
      if (stopping) socket.destroy();
      else waiting.push(socket);
      return;
    }
    const state = ready[next++ % ready.length] as WorkerState;
    handOff(state.worker, socket).catch(() => {
      if (!socket.destroyed) dispatch(socket);
    });
  };
  const flush = (): void => {
    for (const socket of waiting.splice(0)) if (!socket.destroyed) dispatch(socket);
  };
  listener.on('connection', dispatch);

  const fork = (): WorkerState => {
    const worker = cluster.fork({ [SERVE_WORKER_ENV]: '1' });
    const state: WorkerState = { worker, ready: false, retiring: false, lastBeat: Date.now(), replace: true };
    states.set(worker.id, state);
    worker.on('message', (message: { type?: unknown; reason?: unknown } | null) => {
      if (message?.type === MESSAGES.beat) state.lastBeat = Date.now();
      else if (message?.type === MESSAGES.service)
        void answerServiceCall(worker, message as { id?: unknown });
      else if (message?.type === MESSAGES.ready) {
        state.ready = true;
        state.lastBeat = Date.now();
        everReady = true;
        log('INFO', `Booted worker with pid: ${worker.process.pid}`);
        flush();
        onWorkerReady();
      } else if (message?.type === MESSAGES.retire) {
        log('INFO', `Worker ${worker.process.pid} is retiring (${String(message.reason)})`);
        retire(state, !stopping);
      }
    });
    return state;
  };

  /** Stops sending connections to a worker and tells it to drain; `replace` forks a successor. */
  const retire = (state: WorkerState, replace: boolean): void => {
    if (state.retiring) return;
    state.retiring = true;
    state.replace = false;
    if (replace) fork();
    // Sent after every connection already handed to it (IPC keeps order), so it drains those too.
    if (state.worker.isConnected()) state.worker.send({ type: MESSAGES.drain });
    setTimeout(
      () => {
        if (!state.worker.isDead()) state.worker.process.kill('SIGKILL');
      },
      (options.gracefulTimeout + 5) * 1000,
    ).unref();
  };

  // Rolling restart: each new worker that becomes ready lets one old worker go.
  let oldGeneration: WorkerState[] = [];
  const onWorkerReady = (): void => {
    const old = oldGeneration.shift();
    if (old) retire(old, false);
  };

  cluster.on('exit', (worker, code, signal) => {
    const state = states.get(worker.id);
    states.delete(worker.id);
    if (state === undefined) return;
    oldGeneration = oldGeneration.filter((s) => s !== state);
    const how = signal ? `signal ${signal}` : `status ${code}`;
    if (stopping) {
      if (states.size === 0) finish(exitCode);
      return;
    }
    if (!state.ready && code === BOOT_FAILED) {
      if (!everReady || readyWorkers().length === 0) {
        log('ERROR', 'Worker failed to boot; shutting down (the error is above).');
        exitCode = BOOT_FAILED;
        void shutdown();
        return;
      }
      log('ERROR', `A new worker failed to boot; keeping the ${readyWorkers().length} running worker(s).`);
      oldGeneration = [];
      return;
    }
    if (!state.replace) {
      log('INFO', `Worker ${worker.process.pid} stopped after draining`);
      return;
    }
    log('WARNING', `Worker ${worker.process.pid} exited with ${how}; starting a new one`);
    fork();
  });

  const watchdog = setInterval(() => {
    const limit = options.timeout * 1000;
    for (const state of states.values()) {
      if (state.ready && Date.now() - state.lastBeat > limit && !state.worker.isDead()) {
        log(
          'ERROR',
          `WORKER TIMEOUT (pid:${state.worker.process.pid}): no heartbeat for ${options.timeout}s; killing it`,
        );
        state.worker.process.kill('SIGKILL');
      }
    }
  }, 500);
  watchdog.unref();

  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('INFO', 'Shutting down: no new connections; finishing in-flight requests');
    listener.close();
    // Connections accepted but not yet handed over still get served.
    flush();
    for (const socket of waiting.splice(0)) socket.destroy();
    for (const state of states.values()) {
      state.retiring = true;
      state.replace = false;
      if (state.worker.isConnected()) state.worker.send({ type: MESSAGES.drain });
    }
    if (states.size === 0) finish(exitCode);
    const timer = setTimeout(() => {
      log('WARNING', 'Graceful timeout reached; killing the remaining workers');
      for (const state of states.values()) state.worker.process.kill('SIGKILL');
    }, options.gracefulTimeout * 1000);
    timer.unref();
  };

  const onStop = (): void => {
    if (stopping) {
      // A second Ctrl-C does not wait.
      for (const state of states.values()) state.worker.process.kill('SIGKILL');
      return;
    }
    void shutdown();
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', () => {
    if (stopping) return;
    log('INFO', 'Hang up: starting new workers, then draining the old ones');
    oldGeneration = [...states.values()].filter((s) => !s.retiring);
    for (let i = 0; i < options.workers; i++) fork();
  });

  for (let i = 0; i < options.workers; i++) fork();
  const code = await finished;
  clearInterval(watchdog);
  log('INFO', 'Shutdown complete');
  return code;
}
