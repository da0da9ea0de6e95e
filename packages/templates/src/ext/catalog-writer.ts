/**
 * Writing catalogs: a message template (`.pot`) from extracted strings, and the binary `.mo` that
 * `GNUTranslations` and GNU gettext read, compiled from a parsed `.po`.
 */

import type { ExtractedMessage } from './extract.ts';
import type { Catalog } from './gettext-catalog.ts';
import { quotePoString } from './po-strings.ts';

/** One message of a template catalog, with where it was found. */
export interface TemplateMessage {
  readonly context: string | null;
  readonly id: string;
  readonly idPlural: string | null;
  readonly locations: [file: string, line: number][];
}

// Which argument holds what, per function, as Babel's default keywords say.
const KEYWORDS: Readonly<Record<string, { context?: number; id: number; plural?: number }>> = {
  _: { id: 0 },
  gettext: { id: 0 },
  ngettext: { id: 0, plural: 1 },
  pgettext: { context: 0, id: 1 },
  npgettext: { context: 0, id: 1, plural: 2 },
};

/**
 * Collects extracted calls into messages: one per (context, id), with every location it appears at. Calls
 * whose id is not a string constant (`_(variable)`) are left out, as Babel leaves them out.
 */
export function collectMessages(
  found: Iterable<{ file: string; messages: readonly ExtractedMessage[] }>,
): TemplateMessage[] {
  const byKey = new Map<string, TemplateMessage>();
  for (const { file, messages } of found) {
    for (const [lineno, funcname, message] of messages) {
      const spec = Object.hasOwn(KEYWORDS, funcname) ? KEYWORDS[funcname] : { id: 0 };
      const args = Array.isArray(message) ? message : [message];
      const id = args[spec?.id ?? 0];
      if (typeof id !== 'string' || id === '') continue;
      const context = spec?.context === undefined ? null : (args[spec.context] ?? null);
      const plural = spec?.plural === undefined ? null : (args[spec.plural] ?? null);
      const key = `${context ?? ''}\x04${context === null ? 0 : 1}\x04${id}`;
      const known = byKey.get(key);
      if (known === undefined) byKey.set(key, { context, id, idPlural: plural, locations: [[file, lineno]] });
      else known.locations.push([file, lineno]);
    }
  }
  return [...byKey.values()];
}

/** The `.pot` text of the messages: a header, then each message with its locations and empty translations. */
export function formatPot(messages: readonly TemplateMessage[], options: { project?: string } = {}): string {
  const header = [
    `Project-Id-Version: ${options.project ?? 'PROJECT VERSION'}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    'Generated-By: flagon',
  ];
  const out = [`msgid ""\nmsgstr ""\n${header.map((h) => `"${h}\\n"`).join('\n')}\n`];
  for (const m of messages) {
    const lines = [`#: ${m.locations.map(([file, line]) => `${file}:${line}`).join(' ')}`];
    if (/%(\([^)]*\))?[#0 +-]*\d*(\.\d+)?[sdifeEgGxXor%]/.test(m.id)) lines.push('#, python-format');
    if (m.context !== null) lines.push(`msgctxt ${quotePoString(m.context)}`);
    lines.push(`msgid ${quotePoString(m.id)}`);
    if (m.idPlural !== null)
      lines.push(`msgid_plural ${quotePoString(m.idPlural)}`, 'msgstr[0] ""', 'msgstr[1] ""');
    else lines.push('msgstr ""');
    out.push(lines.join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

/**
 * The `.mo` bytes of a catalog (UTF-8, little-endian unless asked), as msgfmt writes them: the header, then the
 * messages sorted by id, without a hash table (readers then search the sorted table).
 */
export function writeMo(catalog: Catalog, options: { bigEndian?: boolean } = {}): Uint8Array {
  const encoder = new TextEncoder();
  const pairs: [Uint8Array, Uint8Array][] = [[new Uint8Array(0), encoder.encode(catalog.header)]];
  for (const [id, str] of catalog.messages) pairs.push([encoder.encode(id), encoder.encode(str)]);
  for (const [id, forms] of catalog.plurals) {
    const plural = catalog.pluralIds.get(id) ?? id;
    pairs.push([encoder.encode(`${id}\0${plural}`), encoder.encode(forms.join('\0'))]);
  }
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const n = pairs.length;
  const idsAt = 28;
  const strsAt = idsAt + n * 8;
  let offset = strsAt + n * 8;
  const size = offset + pairs.reduce((sum, [id, str]) => sum + id.length + str.length + 2, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const le = options.bigEndian !== true;
  const u32 = (at: number, value: number) => view.setUint32(at, value, le);
  u32(0, 0x950412de);
  u32(4, 0);
  u32(8, n);
  u32(12, idsAt);
  u32(16, strsAt);
  u32(20, 0);
  u32(24, offset);
  const place = (data: Uint8Array, at: number) => {
    u32(at, data.length);
    u32(at + 4, offset);
    bytes.set(data, offset);
    offset += data.length + 1;
  };
  for (const [i, [id]] of pairs.entries()) place(id, idsAt + i * 8);
  for (const [i, [, str]] of pairs.entries()) place(str, strsAt + i * 8);
  return bytes;
}
