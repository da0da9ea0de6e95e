/**
 * Merging a new message template into a language's catalog, as Babel's `Catalog.update` (behind
 * `pybabel update`) does: translations of messages still in the template are kept, new messages come in
 * untranslated, a new message that reads almost like an old one gets its translation marked fuzzy, and
 * messages gone from the template become obsolete.
 */

import { closestMatch } from './fuzzy-match.ts';
import { headerField, messageKey, type PoFile, type PoMessage } from './po-file.ts';

/** Options of `updateCatalog`. */
export interface CatalogUpdateOptions {
  /** The catalog's number of plural forms (its Plural-Forms `nplurals`). */
  nplurals: number;
  /** Give new messages the translation of a close old one, marked fuzzy (default true). */
  fuzzyMatching?: boolean;
}

/** What an update did, for the command's report. */
export interface CatalogUpdateResult {
  catalog: PoFile;
  added: number;
  fuzzy: number;
  obsoleted: number;
}

function clone(m: PoMessage): PoMessage {
  return {
    ...m,
    strs: [...m.strs],
    locations: [...m.locations],
    flags: [...m.flags],
    userComments: [...m.userComments],
    autoComments: [...m.autoComments],
    previous: [...m.previous],
  };
}

/** A plural entry's translations as Babel reads them: exactly `nplurals`, missing ones empty. */
function withForms(m: PoMessage, nplurals: number): PoMessage {
  if (m.idPlural === null) return m;
  return { ...m, strs: Array.from({ length: nplurals }, (_, n) => m.strs[n] ?? '') };
}

function isTranslatedForMatching(m: PoMessage): boolean {
  // Babel tests the message's string for truth: a plural entry's tuple of forms always passes.
  return m.idPlural !== null || (m.strs[0] ?? '') !== '';
}

function withHeaderField(header: PoMessage, name: string, value: string): PoMessage {
  const lines = (header.strs[0] ?? '').split('\n');
  const at = lines.findIndex((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (at >= 0) lines[at] = `${name}: ${value}`;
  else {
    // Where Babel puts it: after Report-Msgid-Bugs-To / Project-Id-Version, else first.
    const after = lines.findIndex((line) => /^(report-msgid-bugs-to|project-id-version):/i.test(line));
    lines.splice(after + 1, 0, `${name}: ${value}`);
  }
  return { ...header, strs: [lines.join('\n')] };
}

/**
 * The catalog updated from the template. Messages come in the template's order, with the template's
 * locations, extracted comments and flags; the catalog's translator comments and flags are kept. A message
 * whose key (id and context) is in the catalog keeps its translation; one that is not takes, with fuzzy
 * matching, the translation of the closest old id (lower-cased, as Babel compares them) and is marked
 * fuzzy. A plural entry whose old translation was singular (or the reverse) is fuzzy too. Old messages
 * matched by nothing become obsolete, after the catalog's obsolete entries. The header keeps the catalog's
 * fields and takes the template's POT-Creation-Date.
 */
export function updateCatalog(
  catalog: PoFile,
  template: PoFile,
  options: CatalogUpdateOptions,
): CatalogUpdateResult {
  const { nplurals } = options;
  const fuzzyMatching = options.fuzzyMatching !== false;
  const old = new Map(catalog.messages.map((m) => [messageKey(m), withForms(m, nplurals)]));
  const remaining = new Map(old);
  const candidates = new Map<string, string>();
  if (fuzzyMatching) {
    for (const [key, m] of old)
      if (m.id !== '' && isTranslatedForMatching(m)) candidates.set(m.id.toLowerCase().trim(), key);
  }
  const fuzzyMatches = new Set<string>();
  const messages: PoMessage[] = [];
  let added = 0;
  let fuzzyCount = 0;

  const merge = (message: PoMessage, oldKey: string, newKey: string) => {
    const merged = clone(message);
    const previous = old.get(oldKey) as PoMessage;
    let fuzzy = false;
    if (oldKey !== newKey) {
      fuzzy = true;
      fuzzyMatches.add(oldKey);
      merged.previous = previous.idPlural === null ? [previous.id] : [previous.id, previous.idPlural];
    } else remaining.delete(oldKey);
    merged.strs = [...previous.strs];
    merged.userComments = [...new Set(previous.userComments)];
    if (merged.idPlural !== null) {
      if (previous.idPlural === null) {
        fuzzy = true;
        merged.strs = [previous.strs[0] ?? '', ''];
      } else if (merged.strs.length !== nplurals) fuzzy = true;
    } else if (previous.idPlural !== null) {
      fuzzy = true;
      merged.strs = [previous.strs[0] ?? ''];
    }
    merged.flags = [...new Set([...merged.flags, ...previous.flags, ...(fuzzy ? ['fuzzy'] : [])])];
    if (fuzzy) fuzzyCount += 1;
    messages.push(merged);
  };

  for (const message of template.messages) {
    if (message.id === '') continue;
    const key = messageKey(message);
    if (old.has(key)) {
      merge(message, key, key);
      continue;
    }
    if (fuzzyMatching) {
      const match = closestMatch(message.id.toLowerCase().trim(), candidates.keys());
      if (match !== null) {
        merge(message, candidates.get(match) as string, key);
        continue;
      }
    }
    messages.push({ ...clone(message), previous: [] });
    added += 1;
  }

  const obsolete = new Map(catalog.obsolete.map((m) => [messageKey(m), m]));
  let obsoleted = 0;
  for (const [key, m] of remaining) {
    if (!fuzzyMatching || !fuzzyMatches.has(key)) {
      obsolete.set(key, m);
      obsoleted += 1;
    }
  }

  let header = catalog.header;
  const created = headerField(template, 'POT-Creation-Date');
  if (header !== null && created !== undefined)
    header = withHeaderField(header, 'POT-Creation-Date', created);
  return {
    catalog: { header, messages, obsolete: [...obsolete.values()] },
    added,
    fuzzy: fuzzyCount,
    obsoleted,
  };
}
