/** One registration of a blueprint on an app, as Flask's `BlueprintSetupState`. Re-exported by blueprint.ts. */
import type { RouteParams } from '../../routing/params.ts';
import type { Blueprint, BlueprintRegisterOptions } from '../blueprint.ts';
import type { Flagon } from '../flagon.ts';
import type { Route, RouteOptions } from '../scaffold.ts';
import type { View } from '../types.ts';
import { expectedMethods, joinUrlPrefix, localEndpoint } from './blueprint-merge.ts';

/**
 * What one registration of a blueprint on an app is: passed to every `record` callback. Its `addUrlRule`
 * adds a rule to the app with the blueprint's prefix, subdomain, defaults and dotted endpoint name.
 */
export class BlueprintSetupState {
  readonly app: Flagon;
  readonly blueprint: Blueprint;
  readonly options: Readonly<BlueprintRegisterOptions>;
  /** False when this blueprint object was already registered on the app (under another name). */
  readonly firstRegistration: boolean;
  readonly subdomain: string | null;
  readonly urlPrefix: string | null;
  /** The name this registration uses, without the parents' names. */
  readonly name: string;
  /** The dotted name of the parent blueprint, or `''` at the top level. */
  readonly namePrefix: string;
  /** The blueprint's `urlDefaults` updated with the registration's. */
  readonly urlDefaults: Readonly<Record<string, unknown>>;

  constructor(
    blueprint: Blueprint,
    app: Flagon,
    options: BlueprintRegisterOptions,
    firstRegistration: boolean,
    namePrefix = '',
  ) {
    this.app = app;
    this.blueprint = blueprint;
    this.options = options;
    this.firstRegistration = firstRegistration;
    this.subdomain = options.subdomain ?? blueprint.subdomain;
    this.urlPrefix = options.urlPrefix ?? blueprint.urlPrefix;
    this.name = options.name ?? blueprint.name;
    this.namePrefix = namePrefix;
    this.urlDefaults = { ...blueprint.urlValuesDefaults, ...options.urlDefaults };
  }

  /** The full dotted name of this registration (`parent.child`). */
  get fullName(): string {
    return this.namePrefix === '' ? this.name : `${this.namePrefix}.${this.name}`;
  }

  /** Adds a rule to the app: prefixed path, the blueprint's subdomain and defaults, endpoint `<fullName>.<endpoint>`. */
  addUrlRule(rule: string, options: RouteOptions = {}, view?: View<never>): Route {
    const methods = options.methods?.map((m) => m.toUpperCase()) ?? expectedMethods(undefined, view, false);
    const endpoint = localEndpoint(this.blueprint.name, rule, options.endpoint, view, methods);
    const defaults = { ...this.urlDefaults, ...options.defaults };
    const subdomain = options.subdomain ?? this.subdomain ?? undefined;
    return this.app.addUrlRule(
      joinUrlPrefix(this.urlPrefix, rule),
      {
        ...options,
        endpoint: `${this.fullName}.${endpoint}`,
        defaults: Object.keys(defaults).length > 0 ? defaults : options.defaults,
        subdomain,
      },
      view as View<RouteParams<string>> | undefined,
    );
  }
}
