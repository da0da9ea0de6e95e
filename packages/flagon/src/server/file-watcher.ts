import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Options of `watchFiles`. */
export interface WatchFilesOptions {
  /** Folders watched with everything under them (except node_modules, instance and dot folders). */
  readonly roots: readonly string[];
  /** Single files watched whatever their extension (`--extra-files`). */
  readonly files?: readonly string[];
  /** Which changed files count; `files` always count. */
  readonly include: (path: string) => boolean;
  /** Called once per burst of changes (editors write several events per save), with the first path. */
  readonly onChange: (path: string) => void;
  /** How long a burst lasts, in milliseconds. Default 40. */
  readonly debounce?: number;
}

// `instance` is Flask's instance folder: config and data the app writes itself (a first start writes its
// SECRET_KEY there), which must not restart the server mid-request.
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '__pycache__', 'instance']);

/**
 * Translates an fnmatch pattern (`*`, `?`, `[seq]`, `[!seq]`) to a regex over the whole path, as Werkzeug
 * applies `--exclude-patterns`: `*` also matches `/`, so `*\/tests/*` and `*.spec.ts` both work.
 */
export function fnmatchToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        source += `[${set}]`;
        i = end;
      }
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/**
 * Watches folders recursively (one `fs.watch` per folder, so new folders are picked up and nothing under
 * node_modules is touched) and single files, and reports changes in bursts. Returns a function that stops
 * watching.
 *
 * Differs from Werkzeug: it watches the project folders rather than every imported module, because an ES
 * module graph cannot be listed; a change to a file outside them needs `--extra-files`.
 */
export function watchFiles(options: WatchFilesOptions): () => void {
  const watchers = new Map<string, FSWatcher>();
  const files = new Set((options.files ?? []).map((f) => resolve(f)));
  let timer: NodeJS.Timeout | undefined;
  let first: string | null = null;
  let closed = false;
  const report = (path: string): void => {
    if (closed) return;
    first ??= path;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = first as string;
      first = null;
      options.onChange(changed);
    }, options.debounce ?? 40);
  };
  const watchFolder = (folder: string, recursive: boolean): void => {
    if (watchers.has(folder) || closed) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: true }, (_event, name) => {
        if (name === null) return;
        const path = join(folder, name.toString());
        if (recursive && isFolder(path) && !skip(basename(path))) {
          walk(path);
          return;
        }
        if (files.has(path) || (recursive && options.include(path))) report(path);
      });
    } catch {
      return; // a folder removed while walking, or one we may not read
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(folder);
    });
    watchers.set(folder, watcher);
  };
  const walk = (folder: string): void => {
    watchFolder(folder, true);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !skip(entry.name)) walk(join(folder, entry.name));
    }
  };
  for (const root of options.roots) walk(resolve(root));
  // A single file is watched through its folder, so editors that save by renaming over it are seen too.
  for (const file of files)
    if (![...watchers.keys()].includes(dirname(file))) watchFolder(dirname(file), false);
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

function skip(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
