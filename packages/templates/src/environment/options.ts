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
  /** Enabled extensions: `loopcontrols` and `do` (also as `jinja2.ext.loopcontrols`, `jinja2.ext.do`). */
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
}

/** Which optional syntax the extensions enable. */
export interface EnabledExtensions {
  loopControls: boolean;
  doStatement: boolean;
}

const KNOWN: Record<string, keyof EnabledExtensions> = {
  loopcontrols: 'loopControls',
  'jinja2.ext.loopcontrols': 'loopControls',
  do: 'doStatement',
  'jinja2.ext.do': 'doStatement',
  'jinja2.ext.ExprStmtExtension': 'doStatement',
  'jinja2.ext.LoopControlExtension': 'loopControls',
};

/**
 * Maps extension names to the syntax they enable.
 * @throws TypeError for an unknown extension name.
 */
export function parseExtensions(names: readonly string[]): EnabledExtensions {
  const enabled: EnabledExtensions = { loopControls: false, doStatement: false };
  for (const name of names) {
    const key = Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
    if (key === undefined) {
      throw new TypeError(`Unknown template extension '${name}'. Available: loopcontrols, do.`);
    }
    enabled[key] = true;
  }
  return enabled;
}
