import { type Server, Socket } from 'node:net';

/** The IPC message that carries an accepted connection from the listening process to a serving one. */
export const HANDOFF_MESSAGE = 'flagon:connection';

/** Something that can receive a socket over IPC: a child process or a cluster worker. */
export interface HandoffTarget {
  send(
    message: unknown,
    handle: Socket,
    options: { keepOpen: boolean },
    callback: (error: Error | null) => void,
  ): boolean;
}

/**
 * Sends an accepted socket (from a `pauseOnConnect` server, so no byte has been read) to another process.
 * Resolves once it is sent (this process's copy is then closed); rejects when the target is gone, and the
 * caller may hand the socket to someone else.
 */
export function handOff(target: HandoffTarget, socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      target.send({ type: HANDOFF_MESSAGE }, socket, { keepOpen: false }, (error) =>
        error ? reject(error) : resolve(),
      );
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Feeds the connections this process receives over IPC into `server`, which never listens itself. Returns a
 * function that stops listening for them.
 */
export function receiveConnections(server: Server, onConnection?: (socket: Socket) => void): () => void {
  // Node starts an HTTP server's header and request timeouts when it emits 'listening'; a server fed over IPC
  // never listens, so announce it once to get the same slowloris protection.
  server.emit('listening');
  const listener = (message: unknown, handle: unknown): void => {
    if ((message as { type?: unknown } | null)?.type !== HANDOFF_MESSAGE || !(handle instanceof Socket))
      return;
    onConnection?.(handle);
    // As node:http does for sockets it accepts itself: small responses must not wait for Nagle's algorithm.
    handle.setNoDelay(true);
    server.emit('connection', handle);
    handle.resume();
  };
  process.on('message', listener);
  return () => process.off('message', listener);
}
