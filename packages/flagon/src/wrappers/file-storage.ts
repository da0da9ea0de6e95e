import { createReadStream } from 'node:fs';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseOptionsHeader } from '../http/content-type.ts';
import { Headers } from '../http/headers.ts';

/** Where a FileStorage's bytes live: in memory, or in a temporary file. */
export type FileStorageSource = { data: Buffer | string } | { path: string; size: number };

/** What `new FileStorage(init)` takes. */
export type FileStorageInit = FileStorageSource & {
  /** The form field name. */
  name: string;
  /** The file name the client sent, exactly as sent (may contain `../`; see `secureFilename`). */
  filename?: string | null;
  /** Defaults to the part's Content-Type header, else null (the part had none). */
  contentType?: string | null;
  /** The part's own headers. */
  headers?: Headers;
};

/**
 * An uploaded file from a `multipart/form-data` body (`(await request.files).get('avatar')`).
 *
 * Small files are held in memory; larger ones were spooled to a temporary file, which is removed when the
 * request ends. Read it with `bytes()`, `text()` or `stream`, or copy it with `save()`.
 *
 * @example
 * const upload = (await request.files).get('avatar');
 * if (upload?.filename) await upload.save(join(UPLOADS, secureFilename(upload.filename)));
 */
export class FileStorage {
  readonly name: string;
  readonly filename: string | null;
  /** The part's Content-Type header, or null when it sent none (Werkzeug's `content_type`). */
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly #data: Buffer | null;
  readonly #path: string | null;
  readonly #size: number;

  constructor(init: FileStorageInit) {
    this.name = init.name;
    this.filename = init.filename ?? null;
    this.headers = init.headers ?? new Headers();
    this.contentType = init.contentType !== undefined ? init.contentType : this.headers.get('content-type');
    if ('data' in init) {
      this.#data = typeof init.data === 'string' ? Buffer.from(init.data) : init.data;
      this.#path = null;
      this.#size = this.#data.length;
    } else {
      this.#data = null;
      this.#path = init.path;
      this.#size = init.size;
    }
  }

  /** The media type without parameters, lowercased: `'image/png'`; `''` when the part had no Content-Type. */
  get mimetype(): string {
    return parseOptionsHeader(this.contentType).value.toLowerCase();
  }

  /** The Content-Type parameters (e.g. `charset`), as a null-prototype object. */
  get mimetypeParams(): Record<string, string> {
    return parseOptionsHeader(this.contentType).params;
  }

  /** The size in bytes. */
  get size(): number {
    return this.#size;
  }

  /** The temporary file holding the upload, or null when it is in memory. Removed after the request. */
  get tempPath(): string | null {
    return this.#path;
  }

  /** A new readable stream of the contents on each access, so the file can be read more than once. */
  get stream(): Readable {
    return this.#path === null ? Readable.from([this.#data!]) : createReadStream(this.#path);
  }

  /** The whole contents. */
  async bytes(): Promise<Buffer> {
    return this.#path === null ? this.#data! : readFile(this.#path);
  }

  /** The contents decoded as text (UTF-8 unless told otherwise). */
  async text(encoding: BufferEncoding = 'utf8'): Promise<string> {
    return (await this.bytes()).toString(encoding);
  }

  /**
   * Copies the contents to a file path (created or replaced) or into a writable stream (which is ended).
   *
   * Differs from Flask: the file name is not cleaned for you; pass it through `secureFilename` first.
   */
  async save(destination: string | Writable): Promise<void> {
    if (typeof destination !== 'string') {
      await pipeline(this.stream, destination);
    } else if (this.#path === null) {
      await writeFile(destination, this.#data!);
    } else {
      await copyFile(this.#path, destination);
    }
  }
}

/** Removes temporary upload files, ignoring ones already gone. */
export async function removeTempFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}
