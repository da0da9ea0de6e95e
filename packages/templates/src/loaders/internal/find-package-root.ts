/** Finds the folder of an installed npm package the way Node resolves a bare specifier. */

import { realpathSync, statSync } from 'node:fs';
// A namespace import: a named one of an export Node 20 lacks would fail to link, before flagon can say which
// Node it needs.
import * as nodeModule from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValueError } from '../../errors/errors.ts';

// `name` or `@scope/name`: what may stand before the first subpath of a bare specifier.
const PACKAGE_NAME = /^(?:@[^/\\:@.][^/\\:]*\/)?[^/\\:@.][^/\\:]*$/;

/**
 * The real path of the root folder of `packageName`, looked up from `from` (a
 * file URL or path; a directory counts as the place to look from, any other
 * path as the module doing the looking) as `import`/`require` there would.
 * @throws ValueError when `packageName` is not a package name or no such package is installed there.
 */
export function findPackageRoot(packageName: string, from: string | URL): string {
  if (!PACKAGE_NAME.test(packageName)) {
    throw new ValueError(
      `'${packageName}' is not an npm package name ('name' or '@scope/name'). Name the folder inside ` +
        "the package as packagePath (new PackageLoader('name', 'sub/templates')), or load a plain folder with FileSystemLoader.",
    );
  }
  const base = toResolutionBase(from);
  let packageJson: string | undefined;
  try {
    packageJson = nodeModule.createRequire(base).resolve(`${packageName}/package.json`);
  } catch (error) {
    try {
      // An `exports` map that leaves out ./package.json is common. findPackageJSON
      // reads the package's root package.json without going through `exports`, so it
      // also finds packages that `require` cannot load at all (only an `import`
      // condition, or templates and no entry point).
      if (hasCode(error, 'ERR_PACKAGE_PATH_NOT_EXPORTED'))
        packageJson = nodeModule.findPackageJSON(packageName, base);
    } catch {
      // Reported below, with the first error as the cause.
    }
    if (packageJson === undefined) {
      const notFound = new ValueError(
        `Package '${packageName}' was not found from '${base}'. Install it, or pass the \`from\` option ` +
          '(the importing module’s import.meta.url) so it is looked up where the code that depends on it lives.',
      );
      notFound.cause = error;
      throw notFound;
    }
  }
  // require() answers with the real path and findPackageJSON does not; Node loads
  // modules by their real path, so template filenames in errors match it.
  return realpathSync(dirname(packageJson));
}

/** An absolute path to hand to Node's resolvers; a directory gets a trailing separator so lookup starts inside it. */
function toResolutionBase(from: string | URL): string {
  const path = from instanceof URL || from.startsWith('file:') ? fileURLToPath(from) : resolve(from);
  if (path.endsWith(sep)) return path;
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? path + sep : path;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
