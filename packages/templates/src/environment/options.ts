/** Options of an Environment and the extension names it understands. */

import type { Loader } from '../loaders/loader.ts';
import type { Undefined, UndefinedKind } from '../runtime/undefined.ts';
import type { AutoescapeSelector } from './autoescape.ts';

/** Everything `new Environment(options)` accepts; all optional. */
export interface EnvironmentOptions {
  /** Where `getTemplate` finds templates. */
  loader?: Loader | null;
  /** Autoescape everything, nothing, or decide per template name (see `selectAutoescape`). */
  autoescape?: boolean | AutoescapeSelector;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
  /** What missing values are: `default` (print ''), `strict` (fail on use), `chainable`, `debug`, or a class. */
  undefined?: UndefinedKind | typeof Undefined;
  /**
   * Enabled extensions: `loopcontrols`, `do` and `i18n` (also by their Jinja2 names, `jinja2.ext.loopcontrols`,
   * `jinja2.ext.do`, `jinja2.ext.i18n`).
   */
  extensions?: readonly string[];
  blockStartString?: string;
  blockEndString?: string;
  variableStartString?: string;
  variableEndString?: string;
  commentStartString?: string;
  commentEndString?: string;
  lineStatementPrefix?: string | null;
  lineCommentPrefix?: string | null;
  /** How many compiled templates to keep (default 400); 0 or false disables the cache. */
  cache?: number | boolean;
  /** Recompile a cached template when its loader says the source changed (default true). */
  autoReload?: boolean;
  /** Deepest nesting of macro calls, includes, extends and recursive loops (default 500). */
  maxRecursion?: number;
  /** Newline sequence used by filters such as `wordwrap` (default `\n`). */
  newlineSequence?: string;
  /** Jinja2 policies (`truncate.leeway`, `urlize.rel`, `json.dumps_kwargs`, …). */
  policies?: Record<string, unknown>;
  /**
   * Classes of the JS runtime or of Node.js whose getters and methods templates may use, such as
   * `[URL, URLSearchParams]`. Without it, templates read the own data of such objects but call none of
   * their methods (see the README's security model); the application's own classes need no entry.
   */
  trustedClasses?: readonly (abstract new (
    ...args: never[]
  ) => unknown)[];
}

/** Which optional syntax the extensions enable. */
export interface EnabledExtensions {
  loopControls: boolean;
  doStatement: boolean;
  i18n: boolean;
}

const KNOWN: Record<string, keyof EnabledExtensions> = {
  loopcontrols: 'loopControls',
  'jinja2.ext.loopcontrols': 'loopControls',
  do: 'doStatement',
  'jinja2.ext.do': 'doStatement',
  'jinja2.ext.ExprStmtExtension': 'doStatement',
  'jinja2.ext.LoopControlExtension': 'loopControls',
  i18n: 'i18n',
  'jinja2.ext.i18n': 'i18n',
  'jinja2.ext.InternationalizationExtension': 'i18n',
};

/**
 * Maps extension names to the syntax they enable.
 * @throws TypeError for an unknown extension name.
 */
export function parseExtensions(names: readonly string[]): EnabledExtensions {
  const enabled: EnabledExtensions = { loopControls: false, doStatement: false, i18n: false };
  for (const name of names) {
    const key = Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
    if (key === undefined) {
      throw new TypeError(`Unknown template extension '${name}'. Available: loopcontrols, do, i18n.`);
    }
    enabled[key] = true;
  }
  return enabled;
}
