import { type Readable, Transform } from 'node:stream';
import { RequestEntityTooLarge } from '../../http/exceptions.ts';

/**
 * Passes a body through until `max` bytes, then fails with RequestEntityTooLarge and stops reading the source,
 * so an over-long body is never buffered.
 */
export function limitStream(source: Readable, max: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) {
        source.unpipe(limiter);
        source.pause();
        callback(
          new RequestEntityTooLarge(
            `The request body is larger than the ${max} bytes this server accepts (MAX_CONTENT_LENGTH).`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
  source.on('error', (error) => limiter.destroy(error));
  return source.pipe(limiter);
}
