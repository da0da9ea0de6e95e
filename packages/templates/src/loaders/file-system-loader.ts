/** Loads templates from directories on disk, refusing names that would escape them. */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TemplateNotFound } from '../errors/errors.ts';
import { splitTemplatePath } from './internal/split-template-path.ts';
import type { Loader, TemplateSource } from './loader.ts';

/** Options of FileSystemLoader. */
export interface FileSystemLoaderOptions {
  /** Encoding of the template files (default `utf-8`). */
  encoding?: BufferEncoding;
  /** Follow symbolic links to directories when listing templates (default false). */
  followLinks?: boolean;
}

/**
 * Loads `name` from the first search path that has it. With the environment's
 * `autoReload`, a template is recompiled when its file's mtime changes.
 *
 * @example new FileSystemLoader(['templates', 'shared/templates'])
 * Differs from Jinja2: none (`..` segments are refused, as in Jinja2).
 */
export class FileSystemLoader implements Loader {
  readonly searchpath: readonly string[];
  readonly #encoding: BufferEncoding;
  readonly #followLinks: boolean;

  constructor(searchpath: string | readonly string[], options: FileSystemLoaderOptions = {}) {
    this.searchpath = typeof searchpath === 'string' ? [searchpath] : [...searchpath];
    this.#encoding = options.encoding ?? 'utf-8';
    this.#followLinks = options.followLinks ?? false;
  }

  /** @throws TemplateNotFound when no search path has the file, or the name tries to leave them. */
  getSource(_environment: unknown, template: string): TemplateSource {
    const pieces = splitTemplatePath(template);
    for (const base of this.searchpath) {
      const filename = join(base, ...pieces);
      let mtime: number;
      try {
        const stat = statSync(filename);
        if (!stat.isFile()) continue;
        mtime = stat.mtimeMs;
      } catch {
        continue;
      }
      const source = readFileSync(filename, this.#encoding);
      const uptodate = () => {
        try {
          return statSync(filename).mtimeMs === mtime;
        } catch {
          return false;
        }
      };
      return { source, filename, uptodate };
    }
    throw new TemplateNotFound(
      template,
      `Template '${template}' not found in ${this.searchpath.map((p) => `'${p}'`).join(', ')}.`,
    );
  }

  listTemplates(): string[] {
    const found = new Set<string>();
    const walk = (base: string, dir: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        const isDir =
          entry.isDirectory() || (this.#followLinks && entry.isSymbolicLink() && isDirectory(full));
        if (isDir) walk(base, full);
        else if (entry.isFile() || entry.isSymbolicLink())
          found.add(relative(base, full).split(sep).join('/'));
      }
    };
    for (const base of this.searchpath) walk(base, base);
    return [...found].sort();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
