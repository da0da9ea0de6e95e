/** What `Blueprint.register` does to the app's hook tables, and small helpers for names and URL prefixes. */

import type { CoreApp } from '../../context/storage.ts';
import { SetupError } from '../errors.ts';
import type { HookMap, Scaffold } from '../scaffold.ts';

/** `key` inside the blueprint registered as `name`: null (the blueprint itself) → `name`, `x` → `name.x`. */
function scoped(name: string, key: string | null): string {
  return key === null ? name : `${name}.${key}`;
}

function extend<F>(from: HookMap<F>, into: HookMap<F>, name: string): void {
  for (const [key, funcs] of from) {
    const scope = scoped(name, key);
    const list = into.get(scope);
    if (list) list.push(...funcs);
    else into.set(scope, [...funcs]);
  }
}

/**
 * Copies a blueprint's scoped hooks and error handlers into the app under the dotted name it is registered
 * as, so the request cycle finds them through the request's blueprint chain (Flask's `_merge_blueprint_funcs`).
 */
export function mergeBlueprintHooks(app: CoreApp, blueprint: Scaffold, name: string): void {
  extend(blueprint.beforeRequestFuncs, app.beforeRequestFuncs, name);
  extend(blueprint.afterRequestFuncs, app.afterRequestFuncs, name);
  extend(blueprint.teardownRequestFuncs, app.teardownRequestFuncs, name);
  extend(blueprint.urlValuePreprocessors, app.urlValuePreprocessors, name);
  extend(blueprint.urlDefaultFunctions, app.urlDefaultFunctions, name);
  extend(blueprint.templateContextProcessors, app.templateContextProcessors, name);
  for (const [key, byCode] of blueprint.errorHandlerSpec) {
    // A copy: handlers added to the blueprint later must not leak into an app it was already registered on.
    const copy = new Map([...byCode].map(([code, byClass]) => [code, new Map(byClass)] as const));
    app.errorHandlerSpec.set(scoped(name, key), copy);
  }
}

/** Joins a URL prefix and a rule as Flask does: one slash between them; an empty rule is the prefix itself. */
export function joinUrlPrefix(prefix: string | null, rule: string): string {
  if (prefix === null) return rule;
  if (rule === '') return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}

/** A nested blueprint's effective URL prefix from its parent's and its own (Flask's `Blueprint.register`). */
export function nestedUrlPrefix(parent: string | null, child: string | null): string | null {
  if (parent !== null && child !== null) return joinUrlPrefix(parent, child);
  return child ?? parent;
}

/** A nested blueprint's effective subdomain: `child.parent` when both are set (as in Flask 2.3). */
export function nestedSubdomain(parent: string | null, child: string | null): string | null {
  if (parent !== null && child !== null) return `${child}.${parent}`;
  return child ?? parent;
}

/**
 * The endpoint a blueprint rule gets before its blueprint's name is put in front: the explicit one, else the
 * view's name, else (an anonymous view) the rule, as the app derives it.
 *
 * @throws SetupError when the result is empty or contains a dot, which would break the blueprint chain.
 */
export function localEndpoint(
  blueprintName: string,
  rule: string,
  explicit: string | undefined,
  view: Function | undefined,
  methods: readonly string[],
): string {
  if (explicit !== undefined) {
    if (explicit === '' || explicit.includes('.')) {
      throw new SetupError(
        `Blueprint '${blueprintName}': the endpoint ${JSON.stringify(explicit)} of rule ${JSON.stringify(rule)} ` +
          "is empty or contains a dot '.'. Dots separate blueprint names; use a plain name such as 'list_users'.",
      );
    }
    return explicit;
  }
  const name = view?.name;
  if (name && name !== 'anonymous' && !name.startsWith('bound ')) {
    if (name.includes('.')) {
      throw new SetupError(
        `Blueprint '${blueprintName}': the view function name ${JSON.stringify(name)} contains a dot '.', which ` +
          'separates blueprint names in endpoints. Pass an "endpoint" option without dots.',
      );
    }
    return name;
  }
  const derived = methods.includes('GET') ? rule : `${methods.join(',')} ${rule}`;
  if (rule === '' || derived.includes('.')) {
    throw new SetupError(
      `Blueprint '${blueprintName}': cannot name the anonymous view of rule ${JSON.stringify(rule)}. ` +
        'Pass an "endpoint" option (without dots), or use a named function.',
    );
  }
  return derived;
}

/** The methods a rule will get, as `Flagon.addUrlRule` computes them, for the route handle returned early. */
export function expectedMethods(
  methods: readonly string[] | undefined,
  view: Function | undefined,
  provideAutomaticOptions: boolean | undefined,
): string[] {
  const fromView = (view as { methods?: unknown } | undefined)?.methods;
  const given = methods ?? (Array.isArray(fromView) ? (fromView as string[]) : undefined) ?? ['GET'];
  const all = new Set(given.map((m) => m.toUpperCase()));
  const viewOptions = (view as { provideAutomaticOptions?: unknown } | undefined)?.provideAutomaticOptions;
  const automatic =
    provideAutomaticOptions ??
    (typeof viewOptions === 'boolean' ? viewOptions : undefined) ??
    !all.has('OPTIONS');
  if (automatic) all.add('OPTIONS');
  return [...all];
}
