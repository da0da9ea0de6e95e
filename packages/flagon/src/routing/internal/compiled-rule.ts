/**
 * A rule prepared for one map: its converters instantiated, its path cut into the parts the matcher walks, and
 * the trace the builder fills in.
 */
import { RuleSyntaxError, ValidationError } from '../errors.ts';
import type { Converter, MapSettings } from '../map-settings.ts';
import type { Rule } from '../rule.ts';
import { parseRule, type RuleToken } from './parse-rule.ts';
import { escapeRegex } from './regex.ts';
import { escapeUnsafePath, quotePath, quoteQuery } from './url-encoding.ts';

/**
 * How specific a dynamic part is; lower sorts first. Mirrors Werkzeug's weighting: more static chunks first,
 * then longer ones, then more variables, then lighter converters (int before string before path).
 */
export interface Weight {
  readonly staticCount: number;
  readonly staticWeights: readonly (readonly [number, number])[];
  readonly argumentCount: number;
  readonly argumentWeights: readonly number[];
}

export type Part =
  | { readonly isStatic: true; readonly content: string }
  | {
      readonly isStatic: false;
      /** Regex source; equal sources share one edge in the matcher. */
      readonly content: string;
      /** Consumes the rest of the path (a `path` converter is in it). */
      readonly isFinal: boolean;
      readonly weight: Weight;
      /** How many variables the part captures, as named groups `__v0`, `__v1`, … */
      readonly groups: number;
      /** The converter regex when the part is one variable and nothing else, so no capture group is needed. */
      readonly bare: string | null;
    };

type TraceItem =
  | { readonly isDynamic: false; readonly text: string }
  | { readonly isDynamic: true; readonly name: string };

/** The outcome of building one rule: the URL pieces, or why this rule cannot take the values. */
export type RuleBuild =
  | { readonly ok: true; readonly domain: string; readonly path: string }
  | { readonly ok: false; readonly reason: string };

export class CompiledRule {
  readonly rule: Rule;
  readonly parts: readonly Part[];
  /** Variable names in the order the matcher captures them (domain first, then path). */
  readonly names: readonly string[];
  readonly converters: ReadonlyMap<string, Converter>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  /** Werkzeug's build order: non-aliases first, then more arguments, then more defaults. */
  readonly buildKey: readonly [number, number, number];
  /**
   * Whether another rule of the map shares this rule's endpoint (set by `UrlMap.add`). Only then can a match
   * redirect to a sibling's defaults, so matching skips that search for the usual one-rule endpoint.
   */
  hasSiblings = false;
  readonly #ordered: readonly Converter[];
  readonly #hasDefaults: boolean;
  /** A variable or default is called `__proto__`, which only a null-prototype object keeps as a key. */
  readonly #needsNullPrototype: boolean;
  /**
   * Each variable once, in order, copied for every match: filling properties that exist costs V8 far less than
   * adding them, which changes the object's shape each time.
   */
  readonly #shape: Record<string, unknown>;
  readonly #domainTrace: readonly TraceItem[];
  readonly #pathTrace: readonly TraceItem[];

  constructor(rule: Rule, map: MapSettings) {
    this.rule = rule;
    // The rule is not bound yet (it is bound once it compiled), so settings are resolved against `map` here.
    this.strictSlashes = rule.options.strictSlashes ?? map.strictSlashes;
    this.mergeSlashes = rule.options.mergeSlashes ?? map.mergeSlashes;
    const converters = new Map<string, Converter>();
    const names: string[] = [];
    const parts: Part[] = [];
    const domainSource = map.hostMatching
      ? (rule.host ?? '')
      : (rule.options.subdomain ?? map.defaultSubdomain);
    const what = map.hostMatching ? `Host of rule '${rule.rule}'` : `Subdomain of rule '${rule.rule}'`;
    const domainTokens = domainSource === '' ? [] : parseRule(domainSource, what);
    if (domainTokens.some((token) => token.kind === 'slash')) {
      throw new RuleSyntaxError(
        `${what} '${domainSource}' contains '/'. Write a host name pattern such as '<user>'.`,
      );
    }
    let pathTokens = parseRule(rule.rule);
    if (this.mergeSlashes) {
      pathTokens = pathTokens.filter(
        (token, i) => token.kind !== 'slash' || pathTokens[i - 1]?.kind !== 'slash',
      );
    }
    const instantiate = (token: RuleToken & { kind: 'variable' }): Converter => {
      const converter = makeConverter(map, rule.rule, token);
      converters.set(token.name, converter);
      names.push(token.name);
      return converter;
    };
    if (domainTokens.length === 0) parts.push({ isStatic: true, content: '' });
    else parts.push(...cutParts(domainTokens, instantiate));
    parts.push(...cutParts(pathTokens, instantiate));
    this.parts = parts;
    this.names = names;
    this.converters = converters;
    this.#ordered = names.map((name) => converters.get(name) as Converter);
    this.#domainTrace = trace(domainTokens, (text) => text);
    this.#pathTrace = trace(pathTokens, quotePath);
    this.#hasDefaults = Object.keys(rule.defaults).length > 0;
    this.#needsNullPrototype = names.includes('__proto__') || Object.hasOwn(rule.defaults, '__proto__');
    this.#shape = this.#needsNullPrototype ? {} : Object.fromEntries(names.map((name) => [name, undefined]));
    this.buildKey = [rule.alias ? 1 : 0, -rule.arguments.size, -Object.keys(rule.defaults).length];
  }

  /**
   * Converts captured text into the params a view gets (defaults added), or null when a converter throws
   * `ValidationError`.
   */
  convert(raw: readonly string[]): Record<string, unknown> | null {
    const { names } = this;
    const params = this.#newParams(names.length);
    // `raw` may be longer than the rule's variables (the matcher makes it at the size of the path).
    for (let i = 0; i < names.length; i++) {
      try {
        params[names[i] as string] = (this.#ordered[i] as Converter).toValue(raw[i] as string);
      } catch (error) {
        if (error instanceof ValidationError) return null;
        throw error;
      }
    }
    return this.#hasDefaults ? Object.assign(params, this.rule.defaults) : params;
  }

  #newParams(variables: number): Record<string, unknown> {
    // A plain object: V8 makes a null-prototype one in its slow dictionary form, about three times the size.
    if (this.#needsNullPrototype) return Object.create(null);
    // Copying an empty shape costs more than a literal.
    return variables === 0 ? {} : { ...this.#shape };
  }

  /** Werkzeug's `suitable_for`: the method fits, every argument is given or defaulted, given defaults agree. */
  suitableFor(values: Readonly<Record<string, unknown>>, method: string | undefined): boolean {
    const { methods, defaults } = this.rule;
    if (method !== undefined && methods !== null && !methods.has(method)) return false;
    for (const name of this.rule.arguments) {
      if (!(name in defaults) && !(name in values)) return false;
    }
    if (!this.#hasDefaults) return true;
    for (const [name, value] of Object.entries(defaults)) {
      if (name in values && !sameValue(values[name], value)) return false;
    }
    return true;
  }

  /** Werkzeug's `provides_defaults_for`: this rule is the canonical URL for `other`'s default values. */
  providesDefaultsFor(other: CompiledRule): boolean {
    const { rule } = this;
    return (
      !rule.buildOnly &&
      Object.keys(rule.defaults).length > 0 &&
      rule.endpoint === other.rule.endpoint &&
      this !== other &&
      sameSet(rule.arguments, other.rule.arguments)
    );
  }

  /** Writes the values into the rule; leftovers go to the query string when `appendUnknown`. */
  build(values: Readonly<Record<string, unknown>>, appendUnknown: boolean): RuleBuild {
    try {
      const domain = this.#fill(this.#domainTrace, values);
      let path = this.#fill(this.#pathTrace, values);
      if (appendUnknown) {
        const query = encodeQuery(values, this.rule.arguments);
        if (query !== '') path += `?${query}`;
      }
      return { ok: true, domain, path };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { ok: false, reason: error.message };
    }
  }

  #fill(items: readonly TraceItem[], values: Readonly<Record<string, unknown>>): string {
    let out = '';
    for (const item of items) {
      if (!item.isDynamic) {
        out += item.text;
        continue;
      }
      const { defaults } = this.rule;
      const value = item.name in defaults ? defaults[item.name] : values[item.name];
      try {
        // Converter output should be encoded already; escaping what is left keeps '?', '#' and spaces out of URLs.
        out += escapeUnsafePath((this.converters.get(item.name) as Converter).toUrl(value));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const why = error.message === '' ? 'the converter rejected it' : error.message;
        throw new ValidationError(`Rule '${this.rule.rule}' cannot take ${item.name}: ${why}.`, {
          cause: error,
        });
      }
    }
    return out;
  }
}

function makeConverter(map: MapSettings, rule: string, token: RuleToken & { kind: 'variable' }): Converter {
  const Class = map.converters.get(token.converter);
  if (Class === undefined) {
    const known = [...map.converters.keys()].sort().join(', ');
    throw new RuleSyntaxError(
      `Rule '${rule}' uses the converter '${token.converter}' in '${token.source}', which the map does not know. Known converters: ${known}. Register custom ones with map.converters.set('${token.converter}', Class).`,
    );
  }
  const { positional, named } = token.args;
  const args = Object.keys(named).length > 0 ? [...positional, named] : [...positional];
  let converter: Converter;
  try {
    converter = new Class(map, ...args);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new RuleSyntaxError(`Rule '${rule}' has bad converter arguments in '${token.source}': ${why}`, {
      cause: error,
    });
  }
  if (typeof converter.regex !== 'string' || typeof converter.weight !== 'number') {
    throw new RuleSyntaxError(
      `Rule '${rule}': the '${token.converter}' converter must have a string 'regex' and a number 'weight'.`,
    );
  }
  return converter;
}

// Cuts tokens into slash-separated parts the way Werkzeug does: once a converter that is not part-isolating
// appears, the rest of the rule becomes one final part.
function cutParts(
  tokens: readonly RuleToken[],
  instantiate: (token: RuleToken & { kind: 'variable' }) => Converter,
): Part[] {
  const parts: Part[] = [];
  let text = ''; // static text while `isStatic`, regex source afterwards
  let isStatic = true;
  let isFinal = false;
  let groups = 0;
  let bare: string | null = null;
  let hasStaticText = false;
  let staticWeights: [number, number][] = [];
  let argumentWeights: number[] = [];
  const flush = (): void => {
    if (isStatic) {
      parts.push({ isStatic: true, content: text });
    } else {
      const weight = {
        staticCount: staticWeights.length,
        staticWeights,
        argumentCount: argumentWeights.length,
        argumentWeights,
      };
      const bareRegex = groups === 1 && !hasStaticText ? bare : null;
      parts.push({ isStatic: false, content: text, isFinal, weight, groups, bare: bareRegex });
    }
    text = '';
    isStatic = true;
    isFinal = false;
    groups = 0;
    bare = null;
    hasStaticText = false;
    staticWeights = [];
    argumentWeights = [];
  };
  for (const token of tokens) {
    if (token.kind === 'static') {
      staticWeights.push([staticWeights.length, -token.text.length]);
      hasStaticText = true;
      text += isStatic ? token.text : escapeRegex(token.text);
    } else if (token.kind === 'variable') {
      const converter = instantiate(token);
      if (isStatic) text = escapeRegex(text);
      isStatic = false;
      if (converter.partIsolating === false) isFinal = true;
      text += `(?<__v${groups}>${converter.regex})`;
      bare = converter.regex;
      groups++;
      argumentWeights.push(converter.weight);
    } else if (isFinal) {
      text += '\\/';
      hasStaticText = true;
    } else {
      flush();
    }
  }
  flush();
  return parts;
}

function trace(tokens: readonly RuleToken[], encode: (text: string) => string): TraceItem[] {
  return tokens.map((token) => {
    if (token.kind === 'variable') return { isDynamic: true, name: token.name };
    return { isDynamic: false, text: token.kind === 'slash' ? '/' : encode(token.text) };
  });
}

/** Form-encodes the values whose keys are not in `skip`. Arrays repeat the key; null and undefined are dropped. */
export function encodeQuery(values: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): string {
  const pairs: string[] = [];
  for (const key of Object.keys(values)) {
    if (skip.has(key)) continue;
    const value = values[key];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      pairs.push(`${quoteQuery(key)}=${quoteQuery(String(item))}`);
    }
  }
  return pairs.join('&');
}

/** Compares two weights; negative when `a` should be tried first. */
export function compareWeights(a: Weight, b: Weight): number {
  return (
    b.staticCount - a.staticCount ||
    compareLists(a.staticWeights, b.staticWeights, (x, y) => x[0] - y[0] || x[1] - y[1]) ||
    b.argumentCount - a.argumentCount ||
    compareLists(a.argumentWeights, b.argumentWeights, (x, y) => x - y)
  );
}

function compareLists<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compare(a[i] as T, b[i] as T);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

// Python's `==` for the values that occur in URLs: equal primitives, equal numbers across number/bigint.
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isInteger(b) && BigInt(b) === a;
  if (typeof a === 'number' && typeof b === 'bigint') return Number.isInteger(a) && BigInt(a) === b;
  return false;
}
