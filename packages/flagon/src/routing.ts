// flagon/routing: the URL map on its own (Werkzeug's routing): rules, converters, matching and building.
// Named re-exports only.

export type { MapAdapter, MatchResult } from './routing/adapter.ts';
export {
  AnyConverter,
  BaseConverter,
  FloatConverter,
  IntegerConverter,
  PathConverter,
  StringConverter,
  UuidConverter,
} from './routing/converters.ts';
export { BuildError, RuleSyntaxError, ValidationError } from './routing/errors.ts';
export { UrlMap } from './routing/map.ts';
export type { Converter, ConverterClass, MapSettings } from './routing/map-settings.ts';
export type { CheckedRule, ConverterTypes, RouteParams, UnknownConverters } from './routing/params.ts';
export { Rule, type RuleOptions } from './routing/rule.ts';
