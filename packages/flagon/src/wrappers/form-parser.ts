import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseOptionsHeader } from '../http/content-type.ts';
import { BadRequest, HTTPException, RequestEntityTooLarge } from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { MultiDict } from '../http/multi-dict.ts';
import { parseQuery, textDecoder } from '../http/query.ts';
import { FileStorage, type FileStorageSource, removeTempFiles } from './file-storage.ts';
import { MultipartReader } from './internal/multipart-reader.ts';

/** Limits and settings for `parseFormData`; null means "no limit". */
export type FormParserOptions = {
  /** The declared Content-Length, checked against the limits before anything is read. */
  contentLength: number | null;
  /** MAX_CONTENT_LENGTH: the most body bytes read in total. */
  maxContentLength: number | null;
  /** MAX_FORM_MEMORY_SIZE: the largest urlencoded body, or the largest non-file multipart field. */
  maxFormMemorySize: number | null;
  /** MAX_FORM_PARTS: the most fields (urlencoded) or parts (multipart). */
  maxFormParts: number | null;
  /** Uploads larger than this many bytes are spooled to a temp file. Default 500 KiB. */
  spoolThreshold?: number;
  /** Where spooled uploads go. Default: the OS temp directory. */
  tempDir?: string;
  /** The charset of field values when a part does not name one. Default `'utf-8'`. */
  charset?: string;
};

/** What `parseFormData` resolves to. */
export type ParsedFormData = {
  form: MultiDict<string>;
  files: MultiDict<FileStorage>;
  /** Removes every temp file of `files`. Call it once the request is over. */
  cleanup(): Promise<void>;
};

/** Default `spoolThreshold`: uploads up to this size stay in memory. */
export const DEFAULT_SPOOL_THRESHOLD = 500 * 1024;

/**
 * Reads a request body of type `application/x-www-form-urlencoded` or `multipart/form-data` into form
 * fields and uploaded files. Other content types give an empty result without reading anything.
 *
 * Limits are checked against the declared length first and then while reading; once one is passed the
 * source is paused (not destroyed, so a 413 can still be sent) and nothing more is buffered. A source that
 * errors or closes early rejects with BadRequest. On any failure the temp files are already removed.
 * File names are kept exactly as sent; clean them with `secureFilename` before using them as paths. A
 * file input left empty arrives as a file with filename `''`, as in Flask.
 *
 * A multipart part is a file when its Content-Disposition names a filename, as in Werkzeug. Parts are split
 * from the body as it arrives, with no stream per part: small uploads are collected in memory and only an
 * upload past `spoolThreshold` gets a temp file. MAX_FORM_PARTS counts every part, files included.
 *
 * @throws RequestEntityTooLarge when the body, a field or the number of parts exceeds its limit.
 * @throws BadRequest for a malformed body: no multipart boundary, a bad part header or Content-Disposition,
 *   a truncated body, or a client that went away.
 */
export async function parseFormData(
  stream: Readable,
  contentType: string,
  options: FormParserOptions,
): Promise<ParsedFormData> {
  const { value, params } = parseOptionsHeader(contentType);
  const mimetype = value.toLowerCase();
  // A charset label the client made up falls back to UTF-8 rather than failing the request.
  options = { ...options, charset: textDecoder(options.charset).encoding };
  if (mimetype === 'application/x-www-form-urlencoded') return parseUrlencoded(stream, options);
  if (mimetype === 'multipart/form-data') {
    if (!params.boundary) {
      throw new BadRequest(
        'The multipart/form-data body has no boundary: the Content-Type header needs a boundary=… parameter.',
      );
    }
    checkDeclaredLength(options.contentLength, options.maxContentLength, 'MAX_CONTENT_LENGTH');
    return parseMultipart(stream, params.boundary, options);
  }
  return { form: new MultiDict(), files: new MultiDict(), cleanup: async () => {} };
}

function checkDeclaredLength(length: number | null, max: number | null, setting: string): void {
  if (length !== null && max !== null && length > max) {
    throw new RequestEntityTooLarge(
      `The request body is ${length} bytes, more than the ${max} bytes this server accepts (${setting}).`,
    );
  }
}

function tooLarge(max: number, setting: string, what: string): RequestEntityTooLarge {
  return new RequestEntityTooLarge(
    `${what} is larger than the ${max} bytes this server accepts (${setting}).`,
  );
}

function asBadRequest(error: unknown, context: string): HTTPException {
  if (error instanceof HTTPException) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BadRequest(`${context}: ${detail}.`, { cause: error });
}

/**
 * Feeds `stream` into `sink` chunk by chunk with backpressure, enforcing `limit` on the total. Resolves when
 * the stream ends; rejects (after pausing and detaching from the stream) on a limit, a stream error, or a
 * close before the end. `abort` lets the caller stop reading with its own error.
 */
function pump(
  stream: Readable,
  sink: (chunk: Buffer) => boolean | Promise<void>,
  limit: { max: number; error: () => Error } | null,
): { done: Promise<void>; abort(error: Error): void } {
  let abort: (error: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    let seen = 0;
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error === undefined) {
        resolve();
      } else {
        stream.pause();
        reject(error);
      }
    };
    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      seen += chunk.length;
      if (limit !== null && seen > limit.max) {
        finish(limit.error());
        return;
      }
      let accepted: boolean | Promise<void>;
      try {
        accepted = sink(chunk);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (accepted === false) {
        stream.pause();
      } else if (accepted !== true) {
        stream.pause();
        accepted.then(
          () => {
            if (!finished) stream.resume();
          },
          (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
        );
      }
    };
    const onEnd = (): void => finish();
    const onError = (error: Error): void => finish(asBadRequest(error, 'Reading the request body failed'));
    const onClose = (): void => {
      if (!stream.readableEnded) {
        finish(new BadRequest('The client closed the connection before sending the whole request body.'));
      }
    };
    abort = finish;
    if (stream.readableEnded) {
      finish();
      return;
    }
    if (stream.destroyed) {
      onClose();
      return;
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.resume();
  });
  return { done, abort: (error) => abort(error) };
}

async function parseUrlencoded(stream: Readable, options: FormParserOptions): Promise<ParsedFormData> {
  const { maxContentLength: maxTotal, maxFormMemorySize: maxMemory } = options;
  checkDeclaredLength(options.contentLength, maxTotal, 'MAX_CONTENT_LENGTH');
  checkDeclaredLength(options.contentLength, maxMemory, 'MAX_FORM_MEMORY_SIZE');
  const limit =
    maxMemory !== null && (maxTotal === null || maxMemory <= maxTotal)
      ? { max: maxMemory, error: () => tooLarge(maxMemory, 'MAX_FORM_MEMORY_SIZE', 'The form data') }
      : maxTotal !== null
        ? { max: maxTotal, error: () => tooLarge(maxTotal, 'MAX_CONTENT_LENGTH', 'The request body') }
        : null;
  const chunks: Buffer[] = [];
  await pump(
    stream,
    (chunk) => {
      chunks.push(chunk);
      return true;
    },
    limit,
  ).done;
  let text: string;
  try {
    text = textDecoder(options.charset).decode(Buffer.concat(chunks));
  } catch (error) {
    throw asBadRequest(error, 'The form body could not be decoded');
  }
  const form = parseQuery(text, { maxParts: options.maxFormParts, charset: options.charset ?? 'utf-8' });
  return { form, files: new MultiDict(), cleanup: async () => {} };
}

/** One part of a multipart body while it is read. */
type OpenPart = {
  name: string;
  /** null for a form field, a string (maybe `''`) for a file. */
  filename: string | null;
  headers: string[];
  chunks: Buffer[];
  size: number;
  /** The temp file a large upload is spooled into, once it passes the threshold. */
  spool: { path: string; file: WriteStream } | null;
};

async function parseMultipart(
  stream: Readable,
  boundary: string,
  options: FormParserOptions,
): Promise<ParsedFormData> {
  const { maxContentLength: maxTotal, maxFormMemorySize: maxMemory, maxFormParts: maxParts } = options;
  const threshold = options.spoolThreshold ?? DEFAULT_SPOOL_THRESHOLD;
  const tempDir = options.tempDir ?? tmpdir();
  const tempFiles: string[] = [];
  const openSpools = new Set<WriteStream>();
  const closing: Promise<void>[] = [];
  const form = new MultiDict<string>();
  const files = new MultiDict<FileStorage>();
  let part: OpenPart | null = null;
  let parts = 0;
  // Set when a spool file asks the reader to wait; the body is paused until it drains.
  let backpressure: Promise<void> | null = null;
  let spoolError: Error | null = null;

  const spoolTo = (current: OpenPart): void => {
    const path = join(tempDir, `flagon-upload-${randomUUID()}`);
    tempFiles.push(path);
    const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    openSpools.add(file);
    closing.push(
      new Promise<void>((resolve) => {
        file.once('error', (error) => {
          spoolError ??= asBadRequest(error, 'Saving an upload to a temporary file failed');
        });
        file.once('close', () => {
          openSpools.delete(file);
          resolve();
        });
      }),
    );
    current.spool = { path, file };
    write(file, Buffer.concat(current.chunks, current.size));
    current.chunks = [];
  };
  const write = (file: WriteStream, data: Buffer): void => {
    if (!file.write(data) && backpressure === null) {
      backpressure = new Promise<void>((resolve) => file.once('drain', resolve)).then(() => {
        backpressure = null;
      });
    }
  };

  const reader = new MultipartReader(boundary, {
    partBegin(headers) {
      parts += 1;
      if (maxParts !== null && parts > maxParts) {
        throw new RequestEntityTooLarge(
          `The form has more than ${maxParts} parts, the most this server accepts (MAX_FORM_PARTS).`,
        );
      }
      const disposition = readDisposition(headerValue(headers, 'content-disposition'));
      part = { ...disposition, headers, chunks: [], size: 0, spool: null };
    },
    partData(data) {
      const current = part!;
      current.size += data.length;
      if (current.spool !== null) {
        write(current.spool.file, data);
        return;
      }
      current.chunks.push(data);
      if (current.filename === null) {
        if (maxMemory !== null && current.size > maxMemory) throw fieldTooLarge(maxMemory);
      } else if (current.size > threshold) {
        spoolTo(current);
      }
    },
    partEnd() {
      const current = part!;
      part = null;
      if (current.filename === null) {
        form.add(current.name, decodeField(current, options.charset ?? 'utf-8'));
        return;
      }
      const headers = Headers.fromNodeHeaders(current.headers);
      let source: FileStorageSource;
      if (current.spool !== null) {
        current.spool.file.end();
        source = { path: current.spool.path, size: current.size };
      } else {
        source = {
          data:
            current.chunks.length === 1 ? current.chunks[0]! : Buffer.concat(current.chunks, current.size),
        };
      }
      files.add(
        current.name,
        new FileStorage({ ...source, name: current.name, filename: current.filename, headers }),
      );
    },
  });

  try {
    await pump(
      stream,
      (chunk) => {
        if (spoolError !== null) throw spoolError;
        reader.write(chunk);
        return backpressure ?? true;
      },
      maxTotal === null
        ? null
        : { max: maxTotal, error: () => tooLarge(maxTotal, 'MAX_CONTENT_LENGTH', 'The request body') },
    ).done;
    reader.end();
    await Promise.all(closing);
    if (spoolError !== null) throw spoolError;
    return { form, files, cleanup: () => removeTempFiles(tempFiles) };
  } catch (error) {
    for (const file of openSpools) file.destroy();
    await Promise.all(closing);
    await removeTempFiles(tempFiles);
    throw error;
  }
}

function fieldTooLarge(max: number): RequestEntityTooLarge {
  return tooLarge(max, 'MAX_FORM_MEMORY_SIZE', 'A form field');
}

function headerValue(headers: string[], name: string): string | null {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return headers[i + 1]!;
  return null;
}

/**
 * The field name and file name of a part. A part is a file when its Content-Disposition has a filename
 * (even an empty one, as an empty file input sends), as in Werkzeug.
 *
 * @throws BadRequest when the header is missing, not `form-data`, has an unclosed quote, or has no name:
 *   such a part cannot be filed under any field, and dropping it would hide the client's mistake.
 */
function readDisposition(header: string | null): { name: string; filename: string | null } {
  // Browsers send Windows paths with bare backslashes (`"C:\dir\x.txt"`); as Werkzeug, only `\"` and `\\`
  // are escapes, so every other backslash is doubled before the quoted string is read.
  const parsed =
    header === null || hasUnclosedQuote(header)
      ? null
      : parseOptionsHeader(header.replace(/\\(?![\\"])/g, '\\\\'));
  if (parsed === null || parsed.value.toLowerCase() !== 'form-data' || parsed.params.name === undefined) {
    throw new BadRequest(
      `A multipart/form-data part has a Content-Disposition header that cannot be parsed (${
        header === null ? 'none was sent' : JSON.stringify(header)
      }): each part needs 'form-data; name="…"'.`,
    );
  }
  return { name: parsed.params.name, filename: parsed.params.filename ?? null };
}

function hasUnclosedQuote(header: string): boolean {
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const code = header.charCodeAt(i);
    if (code === 34) quoted = !quoted;
    else if (code === 92 && quoted) i++;
  }
  return quoted;
}

/** A field's value, decoded in the charset its part declares, else the form's. */
function decodeField(part: OpenPart, charset: string): string {
  const contentType = headerValue(part.headers, 'content-type');
  const declared = contentType === null ? undefined : parseOptionsHeader(contentType).params.charset;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? charset);
  } catch {
    throw new BadRequest(
      `The form field ${JSON.stringify(part.name)} uses a charset this server cannot decode (${declared}).`,
    );
  }
  const value = part.chunks.length === 1 ? part.chunks[0]! : Buffer.concat(part.chunks, part.size);
  return decoder.decode(value);
}
