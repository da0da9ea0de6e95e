/**
 * GNU gettext message catalogs: the binary `.mo` format (both byte orders), simple `.po` files, and the
 * translations objects the i18n extension calls, behaving as Python's `gettext.GNUTranslations`.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError, pluralFromHeader } from './plural-forms.ts';
import { unquotePoString } from './po-strings.ts';

export { CatalogError, pluralFunction } from './plural-forms.ts';

/** What `env.installGettextTranslations()` needs: Python's translations protocol, in camelCase-free names. */
export interface GettextTranslations {
  gettext(message: string): string;
  ngettext(singular: string, plural: string, n: number): string;
  pgettext?(context: string, message: string): string;
  npgettext?(context: string, singular: string, plural: string, n: number): string;
}

/** The messages of one catalog: plain entries by id (`context\x04id` with a context), plural ones by singular id. */
export interface Catalog {
  readonly messages: Map<string, string>;
  readonly plurals: Map<string, readonly string[]>;
  /** The plural id (`msgid_plural`) of each plural entry, by the same key as `plurals`. */
  readonly pluralIds: Map<string, string>;
  /** Header fields, keys lower-cased (`content-type`, `plural-forms`, `language`, …). */
  readonly info: Map<string, string>;
  /** The header as written (the translation of the empty id). */
  readonly header: string;
}

const CONTEXT_SEPARATOR = '\x04';
const LE_MAGIC = 0x950412de;
const BE_MAGIC = 0xde120495;

/**
 * Translations that translate nothing: messages come back as given, plurals pick by `n == 1`, as Python's
 * `gettext.NullTranslations`. A fallback, when added, answers instead.
 */
export class NullTranslations implements Required<GettextTranslations> {
  #fallback: GettextTranslations | null = null;

  /** Header fields of the catalog (none here). */
  info(): Map<string, string> {
    return new Map();
  }

  /** Chains another translations object that answers for messages this one lacks. */
  addFallback(fallback: GettextTranslations): void {
    if (this.#fallback instanceof NullTranslations) this.#fallback.addFallback(fallback);
    else if (this.#fallback === null) this.#fallback = fallback;
  }

  protected get fallback(): GettextTranslations | null {
    return this.#fallback;
  }

  gettext(message: string): string {
    return this.#fallback ? this.#fallback.gettext(message) : message;
  }

  ngettext(singular: string, plural: string, n: number): string {
    if (this.#fallback) return this.#fallback.ngettext(singular, plural, n);
    return n === 1 ? singular : plural;
  }

  pgettext(context: string, message: string): string {
    if (this.#fallback?.pgettext) return this.#fallback.pgettext(context, message);
    return message;
  }

  npgettext(context: string, singular: string, plural: string, n: number): string {
    if (this.#fallback?.npgettext) return this.#fallback.npgettext(context, singular, plural, n);
    return n === 1 ? singular : plural;
  }
}

/**
 * A compiled catalog's translations, as Python's `gettext.GNUTranslations`: looks messages up by id (and
 * context), chooses plural forms with the catalog's `Plural-Forms` expression, and falls back to the
 * untranslated text (or the fallback) when a message or form is missing.
 *
 * @example
 * const de = GNUTranslations.fromMo(readFileSync('translations/de/LC_MESSAGES/messages.mo'));
 * env.installGettextTranslations(de, { newstyle: true });
 */
export class GNUTranslations extends NullTranslations {
  readonly #catalog: Catalog;
  readonly #plural: (n: number) => number;

  constructor(catalog: Catalog) {
    super();
    this.#catalog = catalog;
    const forms = catalog.info.get('plural-forms');
    this.#plural = forms === undefined ? (n) => (n === 1 ? 0 : 1) : pluralFromHeader(forms);
  }

  /**
   * Reads a binary `.mo` catalog.
   * @throws CatalogError for a bad magic number, version or table, or text invalid in the catalog's charset.
   */
  static fromMo(bytes: Uint8Array): GNUTranslations {
    return new GNUTranslations(parseMo(bytes));
  }

  /**
   * Reads a `.po` catalog (fuzzy and obsolete entries and empty translations are left out, as msgfmt does).
   * @throws CatalogError naming the line of a malformed entry.
   */
  static fromPo(source: string | Uint8Array): GNUTranslations {
    return new GNUTranslations(parsePo(source));
  }

  override info(): Map<string, string> {
    return new Map(this.#catalog.info);
  }

  /** The plural form index for `n` under this catalog's rule. */
  pluralIndex(n: number): number {
    return this.#plural(n);
  }

  override gettext(message: string): string {
    const found = this.#catalog.messages.get(message);
    if (found !== undefined) return found;
    return super.gettext(message);
  }

  override ngettext(singular: string, plural: string, n: number): string {
    const found = this.#catalog.plurals.get(singular)?.[this.#plural(n)];
    if (found !== undefined) return found;
    return super.ngettext(singular, plural, n);
  }

  override pgettext(context: string, message: string): string {
    const found = this.#catalog.messages.get(context + CONTEXT_SEPARATOR + message);
    if (found !== undefined) return found;
    return super.pgettext(context, message);
  }

  override npgettext(context: string, singular: string, plural: string, n: number): string {
    const found = this.#catalog.plurals.get(context + CONTEXT_SEPARATOR + singular)?.[this.#plural(n)];
    if (found !== undefined) return found;
    return super.npgettext(context, singular, plural, n);
  }
}

// ---------------------------------------------------------------- headers

function parseHeader(text: string): Map<string, string> {
  const info = new Map<string, string>();
  let last: string | null = null;
  for (const raw of text.split('\n')) {
    const item = raw.trim();
    if (item === '' || (item.startsWith('#-#-#-#-#') && item.endsWith('#-#-#-#-#'))) continue;
    const colon = item.indexOf(':');
    if (colon >= 0) {
      last = item.slice(0, colon).trim().toLowerCase();
      info.set(last, item.slice(colon + 1).trim());
    } else if (last !== null) {
      info.set(last, `${info.get(last) ?? ''}\n${item}`);
    }
  }
  return info;
}

function charsetOf(header: string): string {
  return /charset=([^\s;]+)/i.exec(header)?.[1] ?? 'utf-8';
}

function decoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    throw new CatalogError(`Unknown charset '${charset}' in the catalog's Content-Type header.`);
  }
}

function decode(decoder: TextDecoder, bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CatalogError(`The catalog's ${what} is not valid ${decoder.encoding}.`);
  }
}

// ---------------------------------------------------------------- .mo

/**
 * Parses a GNU `.mo` file (little- or big-endian, major version 0 or 1).
 * @throws CatalogError when the file is not a catalog or a string lies outside it.
 */
export function parseMo(bytes: Uint8Array): Catalog {
  if (bytes.byteLength < 20)
    throw new CatalogError('Not a .mo catalog: the file is shorter than its header.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== LE_MAGIC && magic !== BE_MAGIC)
    throw new CatalogError('Not a .mo catalog: bad magic number.');
  const le = magic === LE_MAGIC;
  const version = view.getUint32(4, le);
  if (version >>> 16 > 1) throw new CatalogError(`Unsupported .mo major version ${version >>> 16}.`);
  const count = view.getUint32(8, le);
  const idsAt = view.getUint32(12, le);
  const strsAt = view.getUint32(16, le);
  const slice = (table: number, index: number): Uint8Array => {
    const at = table + index * 8;
    if (at + 8 > bytes.byteLength)
      throw new CatalogError('The .mo catalog is corrupt: its table is cut short.');
    const length = view.getUint32(at, le);
    const offset = view.getUint32(at + 4, le);
    if (offset + length > bytes.byteLength)
      throw new CatalogError('The .mo catalog is corrupt: a string lies outside it.');
    return bytes.subarray(offset, offset + length);
  };
  const raw: [Uint8Array, Uint8Array][] = [];
  let info = new Map<string, string>();
  let header = '';
  let decoder = decoderFor('utf-8');
  for (let i = 0; i < count; i++) {
    const id = slice(idsAt, i);
    const str = slice(strsAt, i);
    if (id.byteLength === 0) {
      header = decode(decoderFor('utf-8'), str, 'header');
      info = parseHeader(header);
      decoder = decoderFor(charsetOf(info.get('content-type') ?? ''));
    }
    raw.push([id, str]);
  }
  const catalog: Catalog = { messages: new Map(), plurals: new Map(), pluralIds: new Map(), info, header };
  for (const [id, str] of raw) {
    const nul = id.indexOf(0);
    if (nul >= 0) {
      const singular = decode(decoder, id.subarray(0, nul), 'message id');
      catalog.plurals.set(singular, decode(decoder, str, 'translation').split('\0'));
      catalog.pluralIds.set(
        singular,
        decode(decoder, id.subarray(nul + 1), 'message id').split('\0')[0] ?? '',
      );
    } else {
      catalog.messages.set(decode(decoder, id, 'message id'), decode(decoder, str, 'translation'));
    }
  }
  return catalog;
}

// ---------------------------------------------------------------- .po

interface PoEntry {
  context: string | null;
  id: string | null;
  idPlural: string | null;
  strs: string[];
  fuzzy: boolean;
}

/**
 * Parses a `.po` catalog: `msgctxt`, `msgid`, `msgid_plural`, `msgstr` and `msgstr[N]` with continuation
 * lines and C escapes. Fuzzy entries, obsolete (`#~`) ones and empty translations are left out, as msgfmt does.
 * A byte array is decoded with the charset its header names.
 * @throws CatalogError naming the line of a malformed entry.
 */
export function parsePo(source: string | Uint8Array): Catalog {
  let text: string;
  if (typeof source === 'string') {
    text = source;
  } else {
    const ascii = new TextDecoder('latin1').decode(source);
    text = decode(decoderFor(charsetOf(/Content-Type:[^\\"]*/i.exec(ascii)?.[0] ?? '')), source, 'text');
  }
  const entries: PoEntry[] = [];
  let entry: PoEntry = { context: null, id: null, idPlural: null, strs: [], fuzzy: false };
  let field: { set: (s: string) => void } | null = null;
  const finish = () => {
    if (entry.id !== null) entries.push(entry);
    entry = { context: null, id: null, idPlural: null, strs: [], fuzzy: false };
    field = null;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineno = i + 1;
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#,') && /\bfuzzy\b/.test(line)) {
        if (entry.id !== null) finish();
        entry.fuzzy = true;
      }
      continue;
    }
    if (line.startsWith('"')) {
      if (field === null)
        throw new CatalogError(`Line ${lineno} of the .po catalog: a string outside any entry.`);
      (field as { set: (s: string) => void }).set(unquotePoString(line, `Line ${lineno} of the .po catalog`));
      continue;
    }
    const match = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$/.exec(line);
    if (match === null)
      throw new CatalogError(`Line ${lineno} of the .po catalog: cannot read '${line.slice(0, 40)}'.`);
    const [, keyword, index, rest] = match as unknown as [string, string, string | undefined, string];
    const value = unquotePoString(rest, `Line ${lineno} of the .po catalog`);
    const current = entry;
    if (keyword === 'msgctxt' || (keyword === 'msgid' && current.strs.length > 0)) {
      if (current.id !== null) finish();
    }
    const target = entry;
    if (keyword === 'msgctxt') {
      target.context = value;
      field = { set: (s) => (target.context += s) };
    } else if (keyword === 'msgid') {
      target.id = value;
      field = { set: (s) => (target.id += s) };
    } else if (keyword === 'msgid_plural') {
      target.idPlural = value;
      field = { set: (s) => (target.idPlural += s) };
    } else {
      const n = index === undefined ? 0 : Number(index);
      if (n > 100)
        throw new CatalogError(`Line ${lineno} of the .po catalog: plural index ${n} is too large.`);
      target.strs[n] = value;
      field = { set: (s) => (target.strs[n] += s) };
    }
  }
  finish();
  return catalogFromEntries(entries);
}

function catalogFromEntries(entries: PoEntry[]): Catalog {
  let catalog: Catalog = {
    messages: new Map(),
    plurals: new Map(),
    pluralIds: new Map(),
    info: new Map(),
    header: '',
  };
  for (const e of entries) {
    const id = e.id as string;
    if (id === '' && e.context === null) {
      const header = e.strs[0] ?? '';
      catalog = { ...catalog, info: parseHeader(header), header };
      continue;
    }
    const strs = Array.from(e.strs, (s) => s ?? '');
    if (e.fuzzy || strs.length === 0 || strs.every((s) => s === '')) continue;
    const key = e.context === null ? id : e.context + CONTEXT_SEPARATOR + id;
    if (e.idPlural !== null) {
      catalog.plurals.set(key, strs);
      catalog.pluralIds.set(key, e.idPlural);
    } else catalog.messages.set(key, strs[0] as string);
  }
  return catalog;
}

// ---------------------------------------------------------------- finding catalogs

/** `de_DE.UTF-8@euro` → `de_DE.UTF-8@euro`, `de_DE@euro`, `de_DE`, `de`: the names gettext tries, most specific first. */
function expandLocale(locale: string): string[] {
  const m = /^([A-Za-z]{2,8})(?:[_-]([A-Za-z0-9]+))?(?:\.([A-Za-z0-9_-]+))?(?:@([A-Za-z0-9]+))?$/.exec(
    locale,
  );
  if (m === null) return [];
  const [, lang, territory, codeset, modifier] = m as unknown as [string, string, string?, string?, string?];
  const names: string[] = [];
  for (const t of territory ? [`_${territory}`, ''] : ['']) {
    for (const c of codeset ? [`.${codeset}`, ''] : ['']) {
      for (const mod of modifier ? [`@${modifier}`, ''] : ['']) names.push(lang + t + c + mod);
    }
  }
  return [...new Set(names)];
}

/** Options of `loadTranslations`. */
export interface LoadTranslationsOptions {
  /** The catalog's file name without `.mo` (default `messages`). */
  domain?: string;
}

/**
 * Finds and reads `<directory>/<locale>/LC_MESSAGES/<domain>.mo` as Babel's `Translations.load` does: the first
 * locale in `locales` with a catalog wins, each tried from most specific (`de_DE`) to its language (`de`); with
 * several directories, the first one's catalog answers first and the others are its fallbacks. Answers
 * NullTranslations when nothing is found. A locale that is not a plain locale name is ignored (never a path).
 * @throws CatalogError for a catalog that exists but cannot be read.
 */
export function loadTranslations(
  directories: string | readonly string[],
  locales: string | readonly string[],
  options: LoadTranslationsOptions = {},
): NullTranslations {
  const domain = options.domain ?? 'messages';
  if (!/^[\w.-]+$/.test(domain) || domain.startsWith('.'))
    throw new CatalogError(`Invalid catalog domain '${domain}'.`);
  const names = (typeof locales === 'string' ? [locales] : locales).flatMap(expandLocale);
  let result: NullTranslations | null = null;
  for (const directory of typeof directories === 'string' ? [directories] : directories) {
    for (const name of names) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(join(directory, name, 'LC_MESSAGES', `${domain}.mo`));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
          continue;
        throw e;
      }
      const found = GNUTranslations.fromMo(bytes);
      if (result === null) result = found;
      else result.addFallback(found);
      break;
    }
  }
  return result ?? new NullTranslations();
}
