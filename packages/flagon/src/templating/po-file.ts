/**
 * A `.po`/`.pot` file as translators edit it, read and written back whole: the header, each message with its
 * comments, locations and flags, and the obsolete (`#~`) entries. The engine's `parsePo` keeps only what a
 * compiled catalog needs; `flagon babel update` needs everything, so it reads catalogs with this.
 */

import { CatalogError, quotePoString, unquotePoString } from '@flagon/templates';

/** One entry of a `.po` file. `strs` holds the single translation, or one per plural form. */
export interface PoMessage {
  context: string | null;
  id: string;
  idPlural: string | null;
  strs: string[];
  /** `#:` references, as written (`templates/page.html:3`). */
  locations: string[];
  /** `#,` flags (`fuzzy`, `python-format`). */
  flags: string[];
  /** `# ` translator comments. */
  userComments: string[];
  /** `#.` comments for translators, written by the extractor. */
  autoComments: string[];
  /** The msgid (and msgid_plural) this entry had before a fuzzy match, written as `#|` with `--previous`. */
  previous: string[];
}

/** A whole `.po` file: the header entry (the translation of the empty id), the messages, the obsolete ones. */
export interface PoFile {
  header: PoMessage | null;
  messages: PoMessage[];
  obsolete: PoMessage[];
}

function fail(lineno: number, what: string): never {
  throw new CatalogError(`line ${lineno}: ${what}`);
}

/** The text of a `.po` file's bytes, decoded with the charset its header names (UTF-8 when none). */
export function decodePo(bytes: Uint8Array): string {
  const ascii = new TextDecoder('latin1').decode(bytes);
  const charset = /Content-Type:[^"\\]*charset=([^\s;"\\]+)/i.exec(ascii)?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new CatalogError(`unknown charset '${charset}' in the Content-Type header`);
  }
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new CatalogError(`the file is not valid ${decoder.encoding}`);
  }
}

function emptyMessage(): PoMessage {
  return {
    context: null,
    id: '',
    idPlural: null,
    strs: [],
    locations: [],
    flags: [],
    userComments: [],
    autoComments: [],
    previous: [],
  };
}

/** The key a catalog knows a message by: its singular id, and its context when it has one. */
export function messageKey(message: Pick<PoMessage, 'context' | 'id'>): string {
  return message.context === null ? `\x00${message.id}` : `${message.context}\x04${message.id}`;
}

/**
 * Reads a `.po` or `.pot` file: comments (`#`, `#.`, `#:`, `#,`; `#|` previous ids are dropped, as the next
 * update writes them anew), `msgctxt`, `msgid`, `msgid_plural`, `msgstr` and `msgstr[N]` with continuation
 * lines and C escapes, and obsolete entries (`#~`).
 * @throws CatalogError naming the line of a malformed entry or a message defined twice.
 */
export function readPo(text: string): PoFile {
  const file: PoFile = { header: null, messages: [], obsolete: [] };
  const seen = new Set<string>();
  let entry = emptyMessage();
  let state: 'comments' | 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr' = 'comments';
  let hasId = false;
  let obsolete = false;
  let startLine = 0;
  let append: ((s: string) => void) | null = null;

  const finish = (lineno: number) => {
    if (!hasId) {
      if (state === 'msgctxt') fail(startLine, 'msgctxt without msgid');
      return;
    }
    if (state !== 'msgstr') fail(startLine, `msgid without msgstr (before line ${lineno})`);
    entry.strs = Array.from(entry.strs, (s) => s ?? '');
    if (entry.idPlural !== null && entry.strs.length === 0) fail(startLine, 'msgid_plural without msgstr[0]');
    if (entry.id === '' && entry.context === null && !obsolete) {
      if (file.header !== null || file.messages.length > 0) fail(startLine, 'the header entry is not first');
      file.header = entry;
    } else {
      const key = `${obsolete ? '~' : ''}${messageKey(entry)}`;
      if (seen.has(key)) fail(startLine, `message ${JSON.stringify(entry.id)} is defined twice`);
      seen.add(key);
      (obsolete ? file.obsolete : file.messages).push(entry);
    }
  };
  const reset = (lineno: number) => {
    finish(lineno);
    entry = emptyMessage();
    state = 'comments';
    hasId = false;
    obsolete = false;
    append = null;
  };

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineno = i + 1;
    let line = (lines[i] as string).trim();
    if (line === '') continue;
    let lineObsolete = false;
    if (line.startsWith('#~')) {
      line = line.slice(2).trim();
      lineObsolete = true;
      if (line === '' || line.startsWith('#')) continue;
    } else if (line.startsWith('#')) {
      if (state !== 'comments') reset(lineno);
      const body = line.slice(2).trim();
      if (line.startsWith('#:')) entry.locations.push(...body.split(/\s+/).filter((l) => l !== ''));
      else if (line.startsWith('#,'))
        entry.flags.push(...body.split(',').flatMap((f) => (f.trim() === '' ? [] : [f.trim()])));
      else if (line.startsWith('#.')) {
        if (body !== '') entry.autoComments.push(body);
      } else if (!line.startsWith('#|')) entry.userComments.push(line.slice(1).trim());
      continue;
    }
    if (line.startsWith('"')) {
      if (append === null) fail(lineno, 'a string outside any msgid, msgstr or msgctxt');
      append(unquotePoString(line, `line ${lineno}`));
      continue;
    }
    const match = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(.*)$/.exec(line);
    if (match === null) fail(lineno, `cannot read '${line.slice(0, 40)}'`);
    const [, keyword, index, rest] = match as unknown as [string, string, string | undefined, string];
    const value = unquotePoString(rest, `line ${lineno}`);
    if ((keyword === 'msgctxt' || keyword === 'msgid') && state === 'msgstr') reset(lineno);
    if (state === 'comments') {
      startLine = lineno;
      obsolete = lineObsolete;
    }
    const target = entry;
    if (keyword === 'msgctxt') {
      if (state !== 'comments') fail(lineno, 'msgctxt after msgid');
      state = 'msgctxt';
      target.context = value;
      append = (s) => (target.context += s);
    } else if (keyword === 'msgid') {
      if (hasId) fail(lineno, 'a second msgid in one entry');
      state = 'msgid';
      hasId = true;
      target.id = value;
      append = (s) => (target.id += s);
    } else if (keyword === 'msgid_plural') {
      if (state !== 'msgid') fail(lineno, 'msgid_plural must follow msgid');
      state = 'msgid_plural';
      target.idPlural = value;
      append = (s) => (target.idPlural += s);
    } else {
      if (!hasId) fail(lineno, 'msgstr without msgid');
      const plural = target.idPlural !== null;
      if (plural !== (index !== undefined))
        fail(
          lineno,
          plural ? 'a plural entry needs msgstr[N]' : 'msgstr[N] in an entry without msgid_plural',
        );
      const n = index === undefined ? 0 : Number(index);
      if (n >= 100) fail(lineno, `plural index ${n} is too large`);
      state = 'msgstr';
      target.strs[n] = value;
      append = (s) => {
        target.strs[n] += s;
      };
    }
  }
  reset(lines.length + 1);
  return file;
}

/** The header fields of a file, keys as written, in order. */
export function headerFields(file: PoFile): [name: string, value: string][] {
  const text = file.header?.strs[0] ?? '';
  return text.split('\n').flatMap((line) => {
    const colon = line.indexOf(':');
    return colon > 0 ? [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string]] : [];
  });
}

/** One header field's value (the name case-insensitive), or undefined. */
export function headerField(file: PoFile, name: string): string | undefined {
  return headerFields(file).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

function messageLines(m: PoMessage, nplurals: number, prefix: string): string[] {
  const field = (keyword: string, value: string) =>
    quotePoString(value)
      .split('\n')
      .map((row, i) => `${prefix}${i === 0 ? `${keyword} ` : ''}${row}`);
  const out: string[] = [];
  if (m.context !== null) out.push(...field('msgctxt', m.context));
  out.push(...field('msgid', m.id));
  if (m.idPlural === null) out.push(...field('msgstr', m.strs[0] ?? ''));
  else {
    out.push(...field('msgid_plural', m.idPlural));
    for (let n = 0; n < nplurals; n++) out.push(...field(`msgstr[${n}]`, m.strs[n] ?? ''));
  }
  return out;
}

/**
 * The text of a `.po` file: each message with its comments, locations, sorted flags (and `#|` previous ids
 * when asked), plural entries with `nplurals` translations, then the obsolete entries as `#~` lines.
 */
export function formatPo(
  file: PoFile,
  options: { nplurals: number; ignoreObsolete?: boolean; includePrevious?: boolean },
): string {
  const blocks: string[] = [];
  const entries = file.header === null ? file.messages : [file.header, ...file.messages];
  for (const m of entries) {
    const lines = m.userComments.map((c) => (c === '' ? '#' : `# ${c}`));
    lines.push(...m.autoComments.map((c) => `#. ${c}`));
    if (m.locations.length > 0) lines.push(`#: ${[...new Set(m.locations)].join(' ')}`);
    if (m.flags.length > 0) lines.push(`#, ${[...new Set(m.flags)].sort().join(', ')}`);
    if (options.includePrevious === true && m.previous.length > 0) {
      lines.push(`#| msgid ${quotePoString(m.previous[0] as string).replaceAll('\n', '\n#| ')}`);
      if (m.previous[1] !== undefined)
        lines.push(`#| msgid_plural ${quotePoString(m.previous[1]).replaceAll('\n', '\n#| ')}`);
    }
    lines.push(...messageLines(m, options.nplurals, ''));
    blocks.push(lines.join('\n'));
  }
  if (options.ignoreObsolete !== true) {
    for (const m of file.obsolete) {
      const lines = m.userComments.map((c) => (c === '' ? '#' : `# ${c}`));
      blocks.push([...lines, ...messageLines(m, options.nplurals, '#~ ')].join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
