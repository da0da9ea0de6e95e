import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { type CoreApp, currentFrame } from '../context/storage.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { formatHttpDate } from '../http/dates.ts';
import { generateEtag, quoteEtag } from '../http/etag.ts';
import { NotFound, PreconditionFailed, RequestedRangeNotSatisfiable } from '../http/exceptions.ts';
import { Headers } from '../http/headers.ts';
import { contentRange } from '../http/range.ts';
import type { Request } from '../wrappers/request.ts';
import { contentTypeFor, Response } from '../wrappers/response.ts';
import { evaluateConditional } from './internal/conditional.ts';
import { LazyFileStream } from './internal/lazy-file-stream.ts';
import { guessType } from './mimetypes.ts';
import { safeJoin } from './safe-join.ts';

/** Options of `sendFile` and `sendFromDirectory` (Flask's keyword arguments, camelCased). */
export interface SendFileOptions {
  /** The Content-Type to send; guessed from the file name when absent. */
  mimetype?: string;
  /** Ask the browser to save the file (`Content-Disposition: attachment`) instead of showing it. */
  asAttachment?: boolean;
  /** The file name the browser shows or saves as. Defaults to the sent file's name. */
  downloadName?: string;
  /** Answer conditional and Range requests (304, 412, 206, 416). Default true. */
  conditional?: boolean;
  /** Send an ETag: true computes one from the file (paths only), a string is used as is. Default true. */
  etag?: boolean | string;
  /** The Last-Modified time; defaults to the file's mtime. Differs from Flask: a number is milliseconds. */
  lastModified?: Date | number | null;
  /**
   * Seconds the client may cache the file, or a function of the file path giving it. Default: the current
   * app's `SEND_FILE_MAX_AGE_DEFAULT`. Null means no max age: `Cache-Control: no-cache`, so clients
   * revalidate with the ETag. Differs from Flask: an explicit null there also falls back to the config.
   */
  maxAge?: number | null | ((path: string | null) => number | null);
  /** The request to answer; defaults to the one being handled. */
  request?: Request;
}

/** `sendFile` was called in a way that cannot produce a response (no name to guess a type from, and so on). */
export class SendFileError extends TypeError {
  override get name(): string {
    return 'SendFileError';
  }
}

type Source =
  | { kind: 'path'; path: string; realPath: string; stats: Stats }
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'stream'; stream: Readable };

/**
 * Sends a file: a path, bytes, or a stream. Files are streamed, never read into memory, and opened only
 * when the body is actually sent (HEAD and 304 responses never open them).
 *
 * The Content-Type is guessed from the name (`downloadName`, else the path); `Content-Disposition` names the
 * file (`inline`, or `attachment` with `asAttachment`; non-ASCII names get `filename*`). For paths, an ETag
 * (mtime, size and path) and Last-Modified are sent, and conditional requests get 304, 412, or a 206 for a
 * single byte Range (416 when it misses the file); `Accept-Ranges: bytes` is sent whenever ranges are served.
 * A relative path is relative to the app's `rootPath`. Never pass a path a client chose: use
 * `sendFromDirectory` for that.
 *
 * Differs from Flask: `Accept-Ranges` is also sent on full responses, and a failed precondition raises
 * PreconditionFailed (an error page) where Werkzeug sends the file with status 412.
 *
 * @example
 * app.get('/report', () => sendFile('reports/latest.pdf', { asAttachment: true }));
 * @throws PreconditionFailed (412) when If-Match or If-Unmodified-Since fails.
 * @throws RequestedRangeNotSatisfiable (416) when the Range lies outside the file.
 * @throws SendFileError when bytes or a stream come with neither `mimetype` nor `downloadName`, or
 *   `asAttachment` has no name, or the path is not a regular file.
 */
export async function sendFile(
  pathOrFile: string | Uint8Array | Readable,
  options: SendFileOptions = {},
): Promise<Response> {
  let source: Source;
  if (typeof pathOrFile === 'string') {
    const path = resolve(appRoot(), pathOrFile);
    const stats = await stat(path);
    if (!stats.isFile()) {
      throw new SendFileError(
        `sendFile(${JSON.stringify(path)}): the path is not a regular file. Pass a file's path.`,
      );
    }
    source = { kind: 'path', path, realPath: path, stats };
  } else if (pathOrFile instanceof Uint8Array) {
    source = { kind: 'bytes', data: pathOrFile };
  } else if (pathOrFile instanceof Readable) {
    source = { kind: 'stream', stream: pathOrFile };
  } else {
    throw new SendFileError('sendFile() takes a file path, a Uint8Array or a Readable stream.');
  }
  return buildFileResponse(source, options);
}

/**
 * Sends `path` from inside `directory`, where `path` may come from the client (a URL part): the safe way to
 * serve uploads or static files. A relative directory is relative to the app's `rootPath`.
 *
 * The path is checked with `safeJoin` (no `..`, absolute paths, backslashes, drive letters or NUL), and
 * the resolved file, symlinks followed, must still be inside the directory.
 *
 * Differs from Flask: Werkzeug follows symlinks out of the directory; Flagon answers 404.
 *
 * @example
 * app.get('/uploads/<path:name>', ({ name }) => sendFromDirectory(app.config.UPLOAD_FOLDER, name));
 * @throws NotFound (404) when the path is unsafe, escapes the directory, or is not an existing regular file.
 */
export async function sendFromDirectory(
  directory: string,
  path: string,
  options: SendFileOptions = {},
): Promise<Response> {
  const base = resolve(appRoot(), directory);
  const joined = safeJoin(base, path);
  if (joined === null) throw new NotFound();
  let realPath: string;
  let stats: Stats;
  try {
    const realBase = await realpath(base);
    realPath = await realpath(joined);
    // The realpath check catches symlinks (anywhere along the path) that lead out of the directory.
    if (!realPath.startsWith(realBase.endsWith(sep) ? realBase : `${realBase}${sep}`)) throw new NotFound();
    stats = await stat(realPath);
  } catch (error) {
    if (error instanceof NotFound || isMissingFileError(error)) throw new NotFound();
    throw error;
  }
  if (!stats.isFile()) throw new NotFound();
  return buildFileResponse({ kind: 'path', path: joined, realPath, stats }, options);
}

/**
 * Adds the `static` endpoint: `${app.staticUrlPath}/<path:filename>` serving `app.staticFolder` through
 * `sendFromDirectory`. Does nothing when the app has no static folder. The Flagon constructor calls it.
 */
export function registerStaticRoute(app: CoreApp): void {
  const folder = app.staticFolder;
  if (folder === null) return;
  app.addUrlRule(
    `${app.staticUrlPath}/<path:filename>`,
    app.staticHost === null ? { endpoint: 'static' } : { endpoint: 'static', host: app.staticHost },
    (params: { filename: string }) => sendFromDirectory(folder, params.filename),
  );
}

const NOT_MODIFIED_DROPS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-range',
  'accept-ranges',
];

async function buildFileResponse(source: Source, options: SendFileOptions): Promise<Response> {
  try {
    return await respond(source, options);
  } catch (error) {
    // A stream handed to us is ours to close when it will not be sent.
    if (source.kind === 'stream') source.stream.destroy();
    throw error;
  }
}

async function respond(source: Source, options: SendFileOptions): Promise<Response> {
  const frame = currentFrame();
  const app = frame?.app;
  const request = options.request ?? frame?.request;
  const path = source.kind === 'path' ? source.path : null;
  const headers = new Headers();

  const asAttachment = options.asAttachment === true;
  const downloadName = options.downloadName ?? (path === null ? undefined : basename(path));
  let mimetype = options.mimetype;
  if (mimetype === undefined) {
    if (downloadName === undefined) {
      throw new SendFileError(
        'Unable to detect the MIME type because a file name is not available. Either set "downloadName", ' +
          'pass a path instead of bytes or a stream, or set "mimetype".',
      );
    }
    const guessed = guessType(downloadName);
    mimetype = guessed.type ?? 'application/octet-stream';
    // A compressed attachment is saved as is; only an inline one is decoded by the browser.
    if (guessed.encoding !== null && !asAttachment) headers.set('Content-Encoding', guessed.encoding);
  }
  headers.set('Content-Type', contentTypeFor(mimetype));
  if (downloadName !== undefined) {
    headers.set(
      'Content-Disposition',
      contentDisposition(asAttachment ? 'attachment' : 'inline', downloadName),
    );
  } else if (asAttachment) {
    throw new SendFileError(
      'No name provided for the attachment. Set "downloadName", or pass a path instead of bytes or a stream.',
    );
  }

  const size =
    source.kind === 'path' ? source.stats.size : source.kind === 'bytes' ? source.data.byteLength : null;
  if (size !== null) headers.set('Content-Length', size);

  const lastModified = toDate(options.lastModified ?? (source.kind === 'path' ? source.stats.mtime : null));
  if (lastModified !== null) headers.set('Last-Modified', formatHttpDate(lastModified));

  setCacheHeaders(headers, resolveMaxAge(options.maxAge, path, app));

  let etag: string | null = null;
  if (typeof options.etag === 'string') etag = quoteEtag(options.etag);
  else if (options.etag !== false && source.kind === 'path') {
    etag = quoteEtag(`${generateEtag(source.stats)}-${crc32(source.path).toString(16)}`);
  }
  if (etag !== null) headers.set('ETag', etag);

  let useSendfile = false;
  if (source.kind === 'path' && app?.config.USE_X_SENDFILE === true) {
    // The front server (nginx, Apache) sends the file itself, ranges included.
    headers.set('X-Sendfile', source.realPath);
    useSendfile = true;
  }

  const isConditional =
    options.conditional !== false &&
    request !== undefined &&
    (request.method === 'GET' || request.method === 'HEAD');
  if (!isConditional) return makeResponse(source, headers, 200, null, useSendfile);

  const rangeable = size !== null && !useSendfile;
  if (rangeable) headers.set('Accept-Ranges', 'bytes');
  const outcome = evaluateConditional(request.headers, { etag, lastModified, size: rangeable ? size : null });
  switch (outcome.kind) {
    case 'precondition-failed':
      throw new PreconditionFailed(
        `The ${outcome.header} condition of the request does not hold for this file.`,
      );
    case 'unsatisfiable':
      throw new RequestedRangeNotSatisfiable(undefined, { length: size as number });
    case 'not-modified': {
      for (const name of NOT_MODIFIED_DROPS) headers.delete(name);
      headers.delete('x-sendfile');
      if (source.kind === 'stream') source.stream.destroy();
      const response = new Response(null, { status: 304, headers });
      // The Response constructor fills in a default Content-Type; a 304 has no body to describe.
      response.headers.delete('content-type');
      return response;
    }
    case 'partial':
      headers.set('Content-Length', outcome.range.end - outcome.range.start + 1);
      headers.set('Content-Range', contentRange(outcome.range, size as number));
      return makeResponse(source, headers, 206, outcome.range, false);
    case 'full':
      return makeResponse(source, headers, 200, null, useSendfile);
  }
}

function makeResponse(
  source: Source,
  headers: Headers,
  status: number,
  range: { start: number; end: number } | null,
  useSendfile: boolean,
): Response {
  if (useSendfile) return new Response(null, { status, headers });
  switch (source.kind) {
    case 'bytes': {
      const data = range === null ? source.data : source.data.subarray(range.start, range.end + 1);
      return new Response(data, { status, headers });
    }
    case 'stream': {
      const response = new Response(source.stream, { status, headers });
      response.callOnClose(() => void source.stream.destroy());
      return response;
    }
    case 'path': {
      const size = source.stats.size;
      // An empty file needs no descriptor at all.
      if (size === 0) return new Response(new Uint8Array(0), { status, headers });
      const stream = new LazyFileStream(source.realPath, range?.start ?? 0, range?.end ?? size - 1);
      const response = new Response(stream, { status, headers });
      response.callOnClose(() => void stream.destroy());
      return response;
    }
  }
}

function setCacheHeaders(headers: Headers, maxAge: number | null): void {
  if (maxAge === null) {
    headers.set('Cache-Control', 'no-cache');
    return;
  }
  // As Werkzeug: a positive max age makes the file publicly cacheable; zero keeps no-cache beside it.
  headers.set('Cache-Control', maxAge > 0 ? `public, max-age=${maxAge}` : `no-cache, max-age=${maxAge}`);
  headers.set('Expires', formatHttpDate((Math.floor(Date.now() / 1000) + maxAge) * 1000));
}

function resolveMaxAge(
  option: SendFileOptions['maxAge'],
  path: string | null,
  app: CoreApp | undefined,
): number | null {
  let value: unknown;
  if (typeof option === 'function') value = option(path);
  else if (option !== undefined) value = option;
  else value = app?.config.SEND_FILE_MAX_AGE_DEFAULT ?? null;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SendFileError(
      `maxAge must be a number of seconds (0 or more) or null, not ${String(value)}. Check the maxAge option and ` +
        'the SEND_FILE_MAX_AGE_DEFAULT config key.',
    );
  }
  return Math.floor(value);
}

function toDate(value: Date | number | null): Date | null {
  if (value === null) return null;
  const date = typeof value === 'number' ? new Date(value) : value;
  if (Number.isNaN(date.getTime()))
    throw new SendFileError('lastModified is not a valid date; pass a Date or milliseconds.');
  return date;
}

function appRoot(): string {
  return currentFrame()?.app.rootPath ?? process.cwd();
}

function isMissingFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ENOENT' ||
    code === 'ENOTDIR' ||
    code === 'ELOOP' ||
    code === 'ENAMETOOLONG' ||
    code === 'EACCES'
  );
}
