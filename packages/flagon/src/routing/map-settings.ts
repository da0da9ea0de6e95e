// Types shared by the map and what it holds (rules, converters, adapters), so those need not import the map.

/**
 * What a converter provides. `regex` is matched against the decoded text of one path segment (or, when
 * `partIsolating` is false, against the rest of the path). Lower `weight` is tried first among variables at the
 * same place: int/float/uuid 50, string/any 100, path 200.
 *
 * `toValue` receives the decoded text and may throw `ValidationError` to make the router try other rules.
 * `toUrl` returns text that is already percent-encoded for the URL, and may throw `ValidationError` to make the
 * builder try the endpoint's other rules.
 */
export interface Converter {
  readonly regex: string;
  readonly weight: number;
  readonly partIsolating?: boolean;
  toValue(raw: string): unknown;
  toUrl(value: unknown): string;
}

/**
 * A converter constructor, registered on a map by name (`map.converters.set('slug', SlugConverter)`).
 * `<slug(3, upper=True):s>` calls `new SlugConverter(map, 3, { upper: true })`: positional arguments in order, then
 * one null-prototype object with the named arguments when there are any.
 */
// `any` for the map: a converter's constructor may type it as `UrlMap` (what the map passes) or as this
// interface, and a parameter typed with the class would not accept the interface here.
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type ConverterClass = new (map: any, ...args: unknown[]) => Converter;

/**
 * The settings of a URL map that its rules, converters and adapters read. `UrlMap` is the implementation; the
 * others see this interface so that they need not import the map, which imports them.
 */
export interface MapSettings {
  /** Converter classes by the name rules use (`int`, `path`, …). */
  readonly converters: ReadonlyMap<string, ConverterClass>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly hostMatching: boolean;
  readonly defaultSubdomain: string;
  readonly redirectDefaults: boolean;
}
