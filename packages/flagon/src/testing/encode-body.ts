import { randomBytes } from 'node:crypto';

/** A file to upload with the test client. */
export interface TestFile {
  /** The file's content. */
  content: string | Uint8Array;
  filename?: string;
  contentType?: string;
}

/** Form fields: a record of strings (or lists of strings) or `[name, value]` pairs. */
export type FormInput =
  | Record<string, string | number | boolean | readonly (string | number)[]>
  | Iterable<readonly [string, string]>;

function pairsOf(input: FormInput): Array<[string, string]> {
  if (Symbol.iterator in input)
    return [...(input as Iterable<readonly [string, string]>)].map(([k, v]) => [k, String(v)]);
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([key, String(item)]);
    else pairs.push([key, String(value)]);
  }
  return pairs;
}

/** Encodes fields as `application/x-www-form-urlencoded`. */
export function encodeUrlencoded(input: FormInput): string {
  return new URLSearchParams(pairsOf(input)).toString();
}

function quoteParam(value: string): string {
  return value.replace(
    /[\r\n"\\]/g,
    (ch) => ({ '\r': '%0D', '\n': '%0A', '"': '%22', '\\': '\\\\' })[ch] as string,
  );
}

/** Encodes fields and files as `multipart/form-data`; returns the body and its Content-Type. */
export function encodeMultipart(
  fields: FormInput,
  files: Record<string, TestFile | readonly TestFile[]>,
): { body: Buffer; contentType: string } {
  const boundary = `----FlagonTestBoundary${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of pairsOf(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(name)}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const [name, entry] of Object.entries(files)) {
    const list = Array.isArray(entry) ? entry : [entry as TestFile];
    for (const file of list) {
      const filename = file.filename ?? name;
      const type = file.contentType ?? 'application/octet-stream';
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(name)}"; filename="${quoteParam(filename)}"\r\n` +
            `Content-Type: ${type}\r\n\r\n`,
        ),
        typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content),
        Buffer.from('\r\n'),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
