import type { Readable } from 'node:stream';
import { BadRequest, RequestEntityTooLarge } from '../../http/exceptions.ts';

/**
 * Reads a whole body into one Buffer, failing with RequestEntityTooLarge as soon as it passes `max` bytes
 * (the rest is not read). Listens to the stream's events directly: `for await` over a Readable costs an
 * async iterator and a promise per chunk, which is most of the time spent on a small JSON body.
 */
export function readBody(stream: Readable, max: number | null): Promise<Buffer> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    // Most bodies arrive in one chunk: the array is made only for a second one.
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    const cleanUp = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (max !== null && size > max) {
        cleanUp();
        stream.pause();
        reject(
          new RequestEntityTooLarge(
            `The request body is larger than the ${max} bytes this server accepts (MAX_CONTENT_LENGTH).`,
          ),
        );
        return;
      }
      if (first === undefined) first = buffer;
      else if (chunks === undefined) chunks = [first, buffer];
      else chunks.push(buffer);
    };
    const onEnd = () => {
      cleanUp();
      resolve(chunks !== undefined ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0)));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(
        error instanceof BadRequest || error instanceof RequestEntityTooLarge
          ? error
          : new BadRequest(`The request body could not be read: ${error.message}`, { cause: error }),
      );
    };
    const onClose = () => {
      cleanUp();
      reject(new BadRequest('The client closed the connection before sending the whole body.'));
    };
    // `on` rather than `once`: cleanUp removes all four anyway, and `once` makes a wrapper for each.
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
