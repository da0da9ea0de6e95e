import type { FileStorage, MultiDict } from 'flagon';

/** Submitted values a form reads: text values and uploaded files by input name. */
export interface FormInput {
  /** Every text value sent under `key`, in order; empty when none. */
  getAll(key: string): string[];
  /** Every uploaded file sent under `key`. */
  getFiles(key: string): FileStorage[];
  /** The names of all text and file inputs. */
  keys(): Iterable<string>;
}

const NO_FILES: readonly FileStorage[] = [];

/** A `FormInput` over parsed form and file multi-dicts (`await request.form`, `await request.files`). */
export function inputFromMultiDicts(form: MultiDict, files?: MultiDict<FileStorage>): FormInput {
  return {
    getAll: (key) => form.getAll(key).filter((v): v is string => typeof v === 'string'),
    getFiles: (key) => (files === undefined ? [...NO_FILES] : files.getAll(key)),
    *keys() {
      yield* form.keys();
      if (files !== undefined) yield* files.keys();
    },
  };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/**
 * A `FormInput` over a JSON document or plain object, named as HTML forms name nested inputs: `{ address:
 * { city } }` gives `address-city`; an array gives both repeated values under its name (for multiple selects)
 * and indexed names (`tags-0`, `tags-1`, for field lists). `null` counts as absent; `true`/`false` become
 * `'true'`/`'false'` so a boolean field reads them. Anything else is ignored, so a field of the wrong shape
 * reads as missing and its validators say so.
 */
export function inputFromObject(source: unknown): FormInput {
  const values = new Map<string, string[]>();
  const add = (key: string, text: string): void => {
    const list = values.get(key);
    if (list === undefined) values.set(key, [text]);
    else list.push(text);
  };
  const walk = (value: unknown, key: string, depth: number): void => {
    // Deep documents are not forms; stopping bounds the work a hostile body can cause.
    if (depth > 32) return;
    const text = scalarText(value);
    if (text !== undefined) {
      if (key !== '') add(key, text);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const itemText = scalarText(item);
        if (itemText !== undefined && key !== '') add(key, itemText);
        walk(item, key === '' ? String(i) : `${key}-${i}`, depth + 1);
      });
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value))
        walk(item, key === '' ? name : `${key}-${name}`, depth + 1);
    }
  };
  if (source instanceof Map) walk(Object.fromEntries(source), '', 0);
  else walk(source, '', 0);
  return {
    getAll: (key) => [...(values.get(key) ?? [])],
    getFiles: () => [],
    keys: () => values.keys(),
  };
}
