import { createReadStream, type ReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A readable stream of a byte span of a file that opens the file only when the first chunk is asked for.
 *
 * A file response may never be read: HEAD requests, a response an `afterRequest` hook replaced, a request
 * the client dropped. Opening lazily means none of those leaves a file descriptor behind, and `destroy()`
 * closes the file if reading had started.
 */
export class LazyFileStream extends Readable {
  readonly path: string;
  /** First byte, inclusive. */
  readonly start: number;
  /** Last byte, inclusive; bounds the read so a growing file never overruns the Content-Length sent. */
  readonly end: number;
  #inner: ReadStream | undefined;

  constructor(path: string, start: number, end: number) {
    super();
    this.path = path;
    this.start = start;
    this.end = end;
  }

  /** True once the file has been opened (reading began). */
  get isOpened(): boolean {
    return this.#inner !== undefined;
  }

  override _read(): void {
    if (this.#inner !== undefined) {
      this.#inner.resume();
      return;
    }
    const inner = createReadStream(this.path, { start: this.start, end: this.end });
    this.#inner = inner;
    inner.on('data', (chunk) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }
}
