/** A small GNU .mo writer for the tests, so catalogs are made here and read by both Flagon and Python. */

/** One message of a catalog to write. */
export interface MoEntry {
  context?: string;
  id: string;
  idPlural?: string;
  /** One translation, or one per plural form. */
  strs: string[];
}

/** The `.mo` bytes of a catalog: header entry first, then messages sorted by id as msgfmt sorts them. */
export function writeMo(
  entries: readonly MoEntry[],
  options: { header?: string; bigEndian?: boolean; charset?: 'utf-8' | 'latin1' } = {},
): Uint8Array {
  const encode = (s: string): Buffer => Buffer.from(s, options.charset === 'latin1' ? 'latin1' : 'utf8');
  const pairs: [Buffer, Buffer][] = [];
  const header =
    options.header ?? 'Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n';
  pairs.push([Buffer.alloc(0), encode(header)]);
  for (const e of entries) {
    const id =
      (e.context === undefined ? '' : `${e.context}\x04`) +
      e.id +
      (e.idPlural === undefined ? '' : `\0${e.idPlural}`);
    pairs.push([encode(id), encode(e.strs.join('\0'))]);
  }
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const n = pairs.length;
  const idsAt = 28;
  const strsAt = idsAt + n * 8;
  let offset = strsAt + n * 8;
  const table = Buffer.alloc(offset);
  const le = !options.bigEndian;
  const u32 = (value: number, at: number) =>
    le ? table.writeUInt32LE(value, at) : table.writeUInt32BE(value, at);
  u32(0x950412de, 0);
  u32(0, 4);
  u32(n, 8);
  u32(idsAt, 12);
  u32(strsAt, 16);
  u32(0, 20);
  u32(offset, 24);
  const blobs: Buffer[] = [];
  const place = (bytes: Buffer, at: number) => {
    u32(bytes.length, at);
    u32(offset, at + 4);
    blobs.push(bytes, Buffer.alloc(1));
    offset += bytes.length + 1;
  };
  for (const [i, [id]] of pairs.entries()) place(id, idsAt + i * 8);
  for (const [i, [, str]] of pairs.entries()) place(str, strsAt + i * 8);
  return new Uint8Array(Buffer.concat([table, ...blobs]));
}
