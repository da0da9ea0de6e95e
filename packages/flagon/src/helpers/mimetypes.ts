/**
 * File extension → MIME type for the files a web app commonly serves (Python's `mimetypes`, which Flask uses,
 * reads the system's table; Node has none, so Flagon carries its own).
 *
 * Keys are lower-case extensions without the dot. Text types get `; charset=utf-8` later, when the
 * Content-Type header is built, so the table holds bare types.
 */
const TYPES: ReadonlyMap<string, string> = new Map([
  // Documents and code
  ['html', 'text/html'],
  ['htm', 'text/html'],
  ['xhtml', 'application/xhtml+xml'],
  ['css', 'text/css'],
  ['js', 'text/javascript'],
  ['mjs', 'text/javascript'],
  ['cjs', 'text/javascript'],
  ['json', 'application/json'],
  ['jsonld', 'application/ld+json'],
  ['map', 'application/json'],
  ['webmanifest', 'application/manifest+json'],
  ['txt', 'text/plain'],
  ['text', 'text/plain'],
  ['log', 'text/plain'],
  ['csv', 'text/csv'],
  ['tsv', 'text/tab-separated-values'],
  ['md', 'text/markdown'],
  ['markdown', 'text/markdown'],
  ['xml', 'application/xml'],
  ['xsl', 'application/xslt+xml'],
  ['xslt', 'application/xslt+xml'],
  ['rss', 'application/rss+xml'],
  ['atom', 'application/atom+xml'],
  ['ics', 'text/calendar'],
  ['vcf', 'text/vcard'],
  ['rtf', 'application/rtf'],
  ['yaml', 'application/yaml'],
  ['yml', 'application/yaml'],
  ['wasm', 'application/wasm'],
  ['pdf', 'application/pdf'],
  ['epub', 'application/epub+zip'],
  // Images
  ['png', 'image/png'],
  ['apng', 'image/apng'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['jpe', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['avif', 'image/avif'],
  ['svg', 'image/svg+xml'],
  ['ico', 'image/vnd.microsoft.icon'],
  ['bmp', 'image/bmp'],
  ['tif', 'image/tiff'],
  ['tiff', 'image/tiff'],
  ['heic', 'image/heic'],
  ['heif', 'image/heif'],
  // Fonts
  ['woff', 'font/woff'],
  ['woff2', 'font/woff2'],
  ['ttf', 'font/ttf'],
  ['otf', 'font/otf'],
  ['eot', 'application/vnd.ms-fontobject'],
  // Audio and video
  ['mp3', 'audio/mpeg'],
  ['m4a', 'audio/mp4'],
  ['aac', 'audio/aac'],
  ['oga', 'audio/ogg'],
  ['ogg', 'audio/ogg'],
  ['opus', 'audio/ogg'],
  ['wav', 'audio/wav'],
  ['flac', 'audio/flac'],
  ['weba', 'audio/webm'],
  ['mid', 'audio/midi'],
  ['midi', 'audio/midi'],
  ['mp4', 'video/mp4'],
  ['m4v', 'video/mp4'],
  ['webm', 'video/webm'],
  ['ogv', 'video/ogg'],
  ['mov', 'video/quicktime'],
  ['avi', 'video/x-msvideo'],
  ['mkv', 'video/x-matroska'],
  ['mpeg', 'video/mpeg'],
  ['mpg', 'video/mpeg'],
  ['3gp', 'video/3gpp'],
  ['vtt', 'text/vtt'],
  ['srt', 'application/x-subrip'],
  // Archives and binaries
  ['zip', 'application/zip'],
  ['tar', 'application/x-tar'],
  ['7z', 'application/x-7z-compressed'],
  ['rar', 'application/vnd.rar'],
  ['jar', 'application/java-archive'],
  ['apk', 'application/vnd.android.package-archive'],
  ['exe', 'application/x-msdownload'],
  ['dmg', 'application/x-apple-diskimage'],
  ['iso', 'application/x-iso9660-image'],
  ['bin', 'application/octet-stream'],
  // Office formats
  ['doc', 'application/msword'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['odt', 'application/vnd.oasis.opendocument.text'],
  ['ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['odp', 'application/vnd.oasis.opendocument.presentation'],
  // 3D models
  ['gltf', 'model/gltf+json'],
  ['glb', 'model/gltf-binary'],
]);

/** Compression suffixes: the file is served with this Content-Encoding, typed by the name before it. */
const ENCODINGS: ReadonlyMap<string, string> = new Map([
  ['gz', 'gzip'],
  ['z', 'compress'],
  ['bz2', 'bzip2'],
  ['xz', 'xz'],
  ['br', 'br'],
]);

/** Shorthand suffixes that stand for a type plus a compression (`.tgz` is `.tar.gz`). */
const SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['svgz', 'svg.gz'],
  ['tgz', 'tar.gz'],
  ['taz', 'tar.gz'],
  ['tz', 'tar.gz'],
  ['tbz2', 'tar.bz2'],
  ['txz', 'tar.xz'],
]);

/** What `guessType` found: a MIME type (or null) and a compression encoding (or null). */
export interface GuessedType {
  type: string | null;
  encoding: string | null;
}

function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  // A leading dot names a hidden file (".htaccess"), not an extension.
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * Guesses a file's MIME type and compression from its name, as Python's `mimetypes.guess_type`:
 * `style.css` → `text/css`; `data.csv.gz` → `text/csv` with encoding `gzip`; `archive.tgz` →
 * `application/x-tar` with `gzip`. Unknown names give `{ type: null, encoding: null }`.
 */
export function guessType(name: string): GuessedType {
  let rest = name;
  let ext = extensionOf(rest);
  const shorthand = SHORTHANDS.get(ext);
  if (shorthand !== undefined) {
    rest = `${rest.slice(0, rest.length - ext.length)}${shorthand}`;
    ext = extensionOf(rest);
  }
  const encoding = ENCODINGS.get(ext);
  if (encoding !== undefined) {
    rest = rest.slice(0, rest.length - ext.length - 1);
    ext = extensionOf(rest);
  }
  return { type: TYPES.get(ext) ?? null, encoding: encoding ?? null };
}

/** The MIME type for a file name, or `application/octet-stream` when the extension is unknown. */
export function mimetypeFor(name: string): string {
  return guessType(name).type ?? 'application/octet-stream';
}
