import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from '../app/app.ts';
import { type AppSpec, type FactoryArgument, parseAppSpec } from './app-spec.ts';
import { NoAppException } from './errors.ts';

/** The files tried, in order, when neither `--app` nor `FLAGON_APP` names the app. */
export const DEFAULT_APP_FILES: readonly string[] = [
  'app.ts',
  'app.mts',
  'app.js',
  'app.mjs',
  'src/app.ts',
  'src/app.mts',
  'src/app.js',
  'src/app.mjs',
  'wsgi.ts',
  'wsgi.js',
];

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const EXPORT_NAMES = ['app', 'application'];
const FACTORY_NAMES = ['createApp', 'makeApp'];

/** An app found by `locateApp`, and the file it came from. */
export interface LocatedApp {
  readonly app: App;
  /** Absolute path of the module the app was imported from. */
  readonly modulePath: string;
}

/**
 * True for a Flagon application. Checked by shape rather than `instanceof`, because the CLI and the app may
 * have loaded two copies of flagon (its `src` and its `dist`).
 */
export function isFlagonApp(value: unknown): value is App {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<'handleRequest' | 'appContext' | 'urlMap' | 'config', unknown>>;
  return (
    typeof candidate.handleRequest === 'function' &&
    typeof candidate.appContext === 'function' &&
    typeof candidate.urlMap === 'object' &&
    typeof candidate.config === 'object'
  );
}

/**
 * Finds and imports the application, as `flask --app` does.
 *
 * With a spec (`--app` or `FLAGON_APP`, see `parseAppSpec`): imports the module (a path relative to `cwd`,
 * with or without its extension, or a package specifier), then takes the named export, calling it when it is
 * a function. Without a name it takes the export `app` or `application`, else the default export, else the
 * one export that is an app, else calls a `createApp` or `makeApp` factory without arguments (optional
 * parameters are left out, as Flask calls `create_app(test_config=None)`). Async
 * factories are awaited.
 *
 * Without a spec it tries `DEFAULT_APP_FILES` in `cwd`.
 *
 * @throws NoAppException when no module or app is found, the module fails to import (the import error is its
 *   `cause`), or the factory fails.
 */
export async function locateApp(
  specText: string | null | undefined,
  cwd: string = process.cwd(),
): Promise<LocatedApp> {
  if (specText === null || specText === undefined || specText.trim() === '') {
    for (const file of DEFAULT_APP_FILES) {
      const path = join(cwd, file);
      if (existsSync(path))
        return { app: await findApp({ module: file, name: null, args: null }, path), modulePath: path };
    }
    throw new NoAppException(
      "Could not locate a Flagon application. Use the 'flagon --app' option, the 'FLAGON_APP' environment " +
        "variable, or an 'app.ts', 'src/app.ts' or 'app.js' file in the current directory.",
    );
  }
  const spec = parseAppSpec(specText);
  const path = resolveModule(spec.module, cwd);
  return { app: await findApp(spec, path), modulePath: path };
}

function resolveModule(module: string, cwd: string): string {
  const base = resolve(cwd, module);
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => base + ext),
    ...EXTENSIONS.map((ext) => join(base, `index${ext}`)),
  ];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  const looksLikePath = module.startsWith('.') || isAbsolute(module) || /\.[cm]?[jt]s$/.test(module);
  if (!looksLikePath) {
    try {
      return createRequire(join(cwd, 'noop.js')).resolve(module);
    } catch {
      // Fall through to the error below, which names the files that were tried.
    }
  }
  const tried = candidates.slice(0, 1 + EXTENSIONS.length).map((c) => relative(cwd, c) || c);
  throw new NoAppException(
    `Could not import ${JSON.stringify(module)}: no such file (tried ${tried.join(', ')})` +
      (looksLikePath ? '.' : ', and no package of that name can be resolved from the current directory.'),
  );
}

async function findApp(spec: AppSpec, path: string): Promise<App> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new NoAppException(`While importing ${JSON.stringify(spec.module)}, an error was raised:`, {
      cause: error,
    });
  }
  const where = JSON.stringify(spec.module);
  if (spec.name === null) return findDefaultApp(namespace, where);
  if (!Object.hasOwn(namespace, spec.name)) {
    throw new NoAppException(`Failed to find attribute ${JSON.stringify(spec.name)} in ${where}.`);
  }
  const value = namespace[spec.name];
  if (spec.args !== null && typeof value !== 'function') {
    throw new NoAppException(
      `${JSON.stringify(spec.name)} in ${where} is not a function, so it cannot be called with arguments.`,
    );
  }
  const app =
    typeof value === 'function' ? await callFactory(value, spec.args ?? [], spec.name, where) : value;
  if (!isFlagonApp(app)) {
    throw new NoAppException(
      `A valid Flagon application was not obtained from ${where}:${spec.name}` +
        (typeof value === 'function' ? ' (the function returned something else).' : '.'),
    );
  }
  return app;
}

async function findDefaultApp(namespace: Record<string, unknown>, where: string): Promise<App> {
  for (const name of [...EXPORT_NAMES, 'default']) {
    const value = namespace[name];
    if (isFlagonApp(value)) return value;
  }
  const apps = Object.entries(namespace).filter(([, value]) => isFlagonApp(value));
  if (apps.length === 1) return (apps[0] as [string, App])[1];
  if (apps.length > 1) {
    throw new NoAppException(
      `Detected multiple Flagon applications in module ${where} (${apps.map(([n]) => n).join(', ')}). ` +
        `Use '${JSON.parse(where)}:name' to pick one.`,
    );
  }
  for (const name of FACTORY_NAMES) {
    const factory = namespace[name];
    if (typeof factory !== 'function') continue;
    // As Flask calls `create_app(test_config=None)`: optional and default parameters count in a function's
    // `length` once compiled, so the factory is called, and blamed for its arguments only if that fails.
    let app: unknown;
    try {
      app = await factory();
    } catch (error) {
      const hint =
        factory.length > 0
          ? ` It takes ${factory.length} parameter${factory.length === 1 ? '' : 's'}: if it needs arguments, use ` +
            `"${JSON.parse(where)}:${name}(args)" to give them.`
          : '';
      throw new NoAppException(
        `Detected factory ${JSON.stringify(name)} in module ${where}, but calling it without arguments raised ` +
          `an error.${hint}`,
        { cause: error },
      );
    }
    if (isFlagonApp(app)) return app;
    throw new NoAppException(
      `The factory ${JSON.stringify(name)} in module ${where} did not return a Flagon application.`,
    );
  }
  throw new NoAppException(
    `Failed to find a Flagon application or factory in module ${where}. Export 'app' or 'createApp', or use ` +
      `'${JSON.parse(where)}:name' to name it.`,
  );
}

async function callFactory(
  factory: Function,
  args: readonly FactoryArgument[],
  name: string,
  where: string,
): Promise<unknown> {
  try {
    return await factory(...args);
  } catch (error) {
    throw new NoAppException(`Calling ${JSON.stringify(name)} from ${where} raised an error:`, {
      cause: error,
    });
  }
}
