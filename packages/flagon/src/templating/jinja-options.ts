import type { EnvironmentOptions } from '@flagon/templates';
import { SetupError } from '../app/errors.ts';

/**
 * Options for the app's template environment (Flask's `app.jinja_options`): any option of `@flagon/templates`'
 * `Environment`, such as `trustedClasses`, `extensions`, `trimBlocks` or `undefined`. Flagon's defaults fill
 * in what is left out: the app's loader, autoescaping by extension, reloading in debug mode.
 */
export type JinjaOptions = EnvironmentOptions;

// Every option the engine takes, so a misspelt or Python-style name (`trim_blocks`) is refused instead of being
// silently ignored; `satisfies` makes this list fail to compile when the engine gains or loses an option.
const KNOWN_OPTIONS = {
  loader: true,
  autoescape: true,
  trimBlocks: true,
  lstripBlocks: true,
  keepTrailingNewline: true,
  undefined: true,
  extensions: true,
  blockStartString: true,
  blockEndString: true,
  variableStartString: true,
  variableEndString: true,
  commentStartString: true,
  commentEndString: true,
  lineStatementPrefix: true,
  lineCommentPrefix: true,
  cache: true,
  autoReload: true,
  maxRecursion: true,
  newlineSequence: true,
  policies: true,
  trustedClasses: true,
} as const satisfies Record<keyof Required<EnvironmentOptions>, true>;

/**
 * Checks that `value` can be the app's `jinjaOptions`: a plain object whose keys are Environment options.
 * @throws SetupError naming the first unknown key (and its camelCase spelling when it was given in snake_case).
 */
export function checkJinjaOptions(value: unknown): JinjaOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SetupError(
      'app.jinjaOptions must be an object of template Environment options, such as ' +
        '{ trustedClasses: [URL], extensions: ["do"] }.',
    );
  }
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(KNOWN_OPTIONS, key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const hint = Object.hasOwn(KNOWN_OPTIONS, camel)
      ? ` Options are spelled in camelCase: use '${camel}'.`
      : ` Known options: ${Object.keys(KNOWN_OPTIONS).join(', ')}.`;
    throw new SetupError(`app.jinjaOptions has an unknown option '${key}'.${hint}`);
  }
  return value as JinjaOptions;
}

/**
 * The options an environment is made with: the app's `jinjaOptions` over Flagon's defaults, as Flask's
 * `create_jinja_environment` merges `jinja_options` over its own. A default applies only to an option left
 * out (so `autoescape: false` turns autoescaping off); `extensions` is the union of both lists, so an
 * extension the app enables and one an integration needs (Babel's `i18n`) are both on.
 */
export function mergeJinjaOptions(defaults: JinjaOptions, options: JinjaOptions): JinjaOptions {
  const merged: JinjaOptions = { ...defaults };
  for (const [key, value] of Object.entries(options) as [keyof JinjaOptions, unknown][]) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  const extensions = [...(defaults.extensions ?? []), ...(options.extensions ?? [])];
  merged.extensions = [...new Set(extensions)];
  // Copied, so later changes to the app's arrays cannot reach an environment that already exists.
  if (options.trustedClasses !== undefined) merged.trustedClasses = [...options.trustedClasses];
  return merged;
}

// The options each app's environment was made with, while that environment exists. Kept here, keyed by the app,
// because the app reads it for `jinjaOptions` and this module may not import the app (environment.ts does).
const inUse = new WeakMap<object, JinjaOptions>();

/**
 * What `app.jinjaOptions` is once the environment exists: a read-only view of the options it was made with, so
 * a late change fails with the reason instead of silently doing nothing (in Flask it does nothing).
 */
export function jinjaOptionsInUse(app: object): JinjaOptions | undefined {
  return inUse.get(app);
}

/** Records that `app`'s environment was made from `options`; from now on they can't change. */
export function markJinjaOptionsInUse(app: object, options: JinjaOptions): void {
  const snapshot: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    snapshot[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
  }
  inUse.set(
    app,
    new Proxy(Object.freeze(snapshot), {
      set: refuseLateChange,
      defineProperty: refuseLateChange,
      deleteProperty: refuseLateChange,
    }) as JinjaOptions,
  );
}

/** Forgets `app`'s options in use, when its environment is dropped (`resetTemplateEnvironment`). */
export function releaseJinjaOptions(app: object): void {
  inUse.delete(app);
}

/** @throws SetupError always: the environment exists, so changed options would have no effect. */
export function refuseLateChange(): never {
  throw new SetupError(
    "app.jinjaOptions can't be changed: the template environment already exists (it is made on the first " +
      'render, from the options as they were then), so a change would have no effect. Set jinjaOptions right ' +
      'after creating the app, before anything renders a template.',
  );
}
