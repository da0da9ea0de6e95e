import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ScaffoldError } from './errors.ts';
import { type ProjectOptions, projectFiles } from './project-files.ts';

/** What `scaffold` made. */
export interface ScaffoldResult {
  /** The absolute path of the project folder. */
  readonly root: string;
  /** The files written, relative to `root`, in order. */
  readonly files: readonly string[];
}

// Files a fresh `git init` or an editor leaves behind: a folder holding only these still counts as empty.
const HARMLESS = new Set(['.git', '.DS_Store', 'Thumbs.db', '.idea', '.vscode']);

/**
 * The npm package name for a folder: its base name, lowercased, with characters npm refuses replaced.
 *
 * @throws ScaffoldError when nothing usable is left.
 */
export function packageNameFor(folder: string): string {
  const name = basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  if (name === '' || name.length > 214) {
    throw new ScaffoldError(
      `Cannot make an npm package name from the folder ${JSON.stringify(folder)}. Pick a folder name of ` +
        'letters, digits and dashes, such as my-app.',
    );
  }
  return name;
}

/**
 * Writes a new project into `folder`, creating it. Refuses a folder that already holds files, so nothing
 * is overwritten.
 *
 * @throws ScaffoldError when `folder` is a file or is not empty.
 * @example
 * scaffold('my-app', { name: 'my-app', minimal: false, db: false, auth: false, flagonRange: '^0.1.0' });
 */
export function scaffold(folder: string, options: ProjectOptions): ScaffoldResult {
  const root = resolve(folder);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) {
      throw new ScaffoldError(`${folder} is a file. Name a new folder for the project.`);
    }
    const present = readdirSync(root).filter((entry) => !HARMLESS.has(entry));
    if (present.length > 0) {
      const shown = present.slice(0, 5).join(', ') + (present.length > 5 ? ', …' : '');
      throw new ScaffoldError(
        `The folder ${folder} is not empty (it holds ${shown}). Nothing was written: pick a new folder name, ` +
          'or empty this one first.',
      );
    }
  }
  const files = projectFiles(options);
  for (const [path, text] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    // `wx`: never overwrite, even if something appeared since the check above.
    writeFileSync(target, text, { flag: 'wx' });
  }
  return { root, files: [...files.keys()] };
}
