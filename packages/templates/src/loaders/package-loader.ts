/** Loads templates from a folder inside an installed npm package, so libraries can ship templates. */

import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ValueError } from '../errors/errors.ts';
import { FileSystemLoader, type FileSystemLoaderOptions } from './file-system-loader.ts';
import { findPackageRoot } from './internal/find-package-root.ts';
import type { Loader, TemplateSource } from './loader.ts';

/** Options of PackageLoader. */
export interface PackageLoaderOptions extends FileSystemLoaderOptions {
  /**
   * Where the package is looked up from, as `import` would there: a file URL or
   * path of a module (pass `import.meta.url`), or a directory. Default: the
   * current working directory.
   */
  from?: string | URL;
}

/**
 * Loads templates from the `packagePath` folder of the npm package
 * `packageName`, which is found when the loader is made. Inside that folder it
 * behaves exactly like a FileSystemLoader: names cannot climb out, and with the
 * environment's `autoReload` a template is recompiled when its file's mtime changes.
 *
 * @example new PackageLoader('flagon-admin', 'templates', { from: import.meta.url })
 * Differs from Jinja2: the package is an npm package, looked up from `from`;
 * `packagePath` must stay inside it.
 * @throws ValueError when the package is not installed, or has no such folder.
 */
export class PackageLoader implements Loader {
  readonly packageName: string;
  readonly packagePath: string;
  /** Absolute path of the folder the templates are read from. */
  readonly templateRoot: string;
  // Delegating keeps one implementation of safe path handling, reading and listing.
  readonly #files: FileSystemLoader;

  constructor(packageName: string, packagePath = 'templates', options: PackageLoaderOptions = {}) {
    const packageRoot = findPackageRoot(packageName, options.from ?? process.cwd());
    const templateRoot = resolve(packageRoot, packagePath);
    const inside = relative(packageRoot, templateRoot);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new ValueError(
        `PackageLoader packagePath '${packagePath}' leaves package '${packageName}'. ` +
          'Give a folder inside the package, relative to its root.',
      );
    }
    if (!statSync(templateRoot, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ValueError(
        `Package '${packageName}' (at '${packageRoot}') has no folder '${packagePath}'. ` +
          'Check that the package ships it (its package.json "files"), or pass the folder that holds its templates as packagePath.',
      );
    }
    this.packageName = packageName;
    this.packagePath = packagePath;
    this.templateRoot = templateRoot;
    this.#files = new FileSystemLoader(templateRoot, options);
  }

  /** @throws TemplateNotFound when the folder has no such file, or the name tries to leave it. */
  getSource(environment: unknown, template: string): TemplateSource {
    return this.#files.getSource(environment, template);
  }

  listTemplates(): string[] {
    return this.#files.listTemplates();
  }
}
