import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { parseOptionsHeader } from '../http/content-type.ts';
import { BadRequest, HTTPException, RequestEntityTooLarge } from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { MultiDict } from '../http/multi-dict.ts';
import { parseQuery, textDecoder } from '../http/query.ts';
import { createSpooledUpload, FileStorage, removeTempFiles } from './file-storage.ts';

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

// Part headers and boundaries travel with a field's value; allow this much beyond MAX_FORM_MEMORY_SIZE
// before deciding, mid-part, that a field is too large.
const PART_OVERHEAD = 64 * 1024;

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
 * Differs from Flask: a part sent as `application/octet-stream` without a filename is a file (filename
 * `''`), not a form field, because the multipart parser cannot tell it from an empty file input.
 *
 * @throws RequestEntityTooLarge when the body, a field or the number of parts exceeds its limit.
 * @throws BadRequest for a malformed body: no multipart boundary, a bad part header, a truncated body, or
 *   a client that went away.
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
    return parseMultipart(stream, contentType, options);
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

type PendingFile = { name: string; done: Promise<FileStorage> };

async function parseMultipart(
  stream: Readable,
  contentType: string,
  options: FormParserOptions,
): Promise<ParsedFormData> {
  const { maxContentLength: maxTotal, maxFormMemorySize: maxMemory, maxFormParts: maxParts } = options;
  const threshold = options.spoolThreshold ?? DEFAULT_SPOOL_THRESHOLD;
  const tempFiles: string[] = [];
  const form = new MultiDict<string>();
  const pending: PendingFile[] = [];
  const writers: Writable[] = [];
  // Bytes fed to busboy since the last part boundary it reported while no file was open: a field's value
  // plus its headers. Busboy only reports a too-long field when the part ends, so watch for it here.
  let sinceBoundary = 0;
  let partEvents = 0;
  let openFiles = 0;

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defCharset: options.charset ?? 'utf-8',
      // Browsers send UTF-8 in filename="…"; busboy would otherwise read it as Latin-1.
      defParamCharset: 'utf8',
      // Keep file names exactly as sent, as Werkzeug does; secureFilename() is the caller's choice.
      preservePath: true,
      limits: {
        fieldNameSize: maxMemory ?? Number.POSITIVE_INFINITY,
        // Busboy flags a value as truncated once it reaches fieldSize, so allow one byte more than the limit.
        fieldSize: maxMemory === null ? Number.POSITIVE_INFINITY : maxMemory + 1,
        // Busboy signals the limit once `parts` parts were seen; one more than allowed means "over".
        parts: maxParts === null ? Number.POSITIVE_INFINITY : maxParts + 1,
      },
    });
  } catch (error) {
    throw asBadRequest(error, 'The multipart/form-data body cannot be parsed');
  }

  const fieldTooLarge = (): RequestEntityTooLarge =>
    tooLarge(maxMemory ?? 0, 'MAX_FORM_MEMORY_SIZE', 'A form field');

  const reading = pump(
    stream,
    (chunk) => {
      const before = partEvents;
      const accepted = parser.write(chunk);
      // Busboy parses synchronously inside write(); if no part started or ended meanwhile, the whole chunk
      // belongs to the part in progress.
      if (partEvents === before && openFiles === 0) sinceBoundary += chunk.length;
      if (maxMemory !== null && sinceBoundary > maxMemory + PART_OVERHEAD) throw fieldTooLarge();
      if (accepted) return true;
      return new Promise<void>((resolve) => parser.once('drain', resolve));
    },
    maxTotal === null
      ? null
      : { max: maxTotal, error: () => tooLarge(maxTotal, 'MAX_CONTENT_LENGTH', 'The request body') },
  );

  const parsed = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown): void => {
      reject(error);
      reading.abort(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on('field', (name, value, info) => {
      sinceBoundary = 0;
      partEvents += 1;
      if (info.nameTruncated || info.valueTruncated) {
        fail(fieldTooLarge());
      } else if (typeof value !== 'string') {
        // Busboy yields no value when it cannot decode the part's declared charset.
        fail(
          new BadRequest(`The form field ${JSON.stringify(name)} uses a charset this server cannot decode.`),
        );
      } else {
        form.add(name, value);
      }
    });
    parser.on('file', (name, fileStream, info) => {
      sinceBoundary = 0;
      partEvents += 1;
      openFiles += 1;
      const upload = createSpooledUpload(threshold, (path) => tempFiles.push(path), options.tempDir);
      writers.push(upload.writer);
      const done = pipeline(fileStream, upload.writer).then(() => {
        openFiles -= 1;
        sinceBoundary = 0;
        partEvents += 1;
        const headers = new Headers();
        if (info.mimeType) headers.set('Content-Type', info.mimeType);
        // Busboy reports `filename=""` (an empty file input) as no filename; Werkzeug keeps it as ''.
        return new FileStorage({ ...upload.result(), name, filename: info.filename ?? '', headers });
      });
      done.catch(fail);
      pending.push({ name, done });
    });
    parser.on('partsLimit', () =>
      fail(
        new RequestEntityTooLarge(
          `The form has more than ${maxParts} parts, the most this server accepts (MAX_FORM_PARTS).`,
        ),
      ),
    );
    parser.on('error', (error) => fail(asBadRequest(error, 'The multipart/form-data body is malformed')));
    parser.on('close', () => resolve());
    reading.done.then(
      () => parser.end(),
      (error: unknown) => {
        reject(error);
        parser.destroy();
      },
    );
  });

  try {
    await parsed;
    const files = new MultiDict<FileStorage>();
    for (const { name, done } of pending) files.add(name, await done);
    return { form, files, cleanup: () => removeTempFiles(tempFiles) };
  } catch (error) {
    parser.destroy();
    await Promise.allSettled(writers.map((writer) => closed(writer)));
    await removeTempFiles(tempFiles);
    throw error;
  }
}

function closed(writer: Writable): Promise<void> {
  if (writer.closed) return Promise.resolve();
  return new Promise((resolve) => {
    writer.once('close', () => resolve());
    writer.destroy();
  });
}
