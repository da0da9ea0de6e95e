/** @flagon/templates: a Jinja2-compatible template engine compiled to JavaScript. */

export { type AutoescapeSelector, selectAutoescape } from './environment/autoescape.ts';
export { Environment } from './environment/environment.ts';
export type { EnvironmentOptions } from './environment/options.ts';
export { Template } from './environment/template.ts';
export {
  SecurityError,
  TemplateAssertionError,
  TemplateError,
  TemplateNotFound,
  TemplateRuntimeError,
  TemplateSyntaxError,
  TemplatesNotFound,
  UndefinedError,
  ValueError,
  ZeroDivisionError,
} from './errors/errors.ts';
export { collectMessages, formatPot, type TemplateMessage, writeMo } from './ext/catalog-writer.ts';
export { type ExtractedMessage, extractFromAst, GETTEXT_FUNCTIONS } from './ext/extract.ts';
export {
  type Catalog,
  CatalogError,
  type GettextTranslations,
  GNUTranslations,
  type LoadTranslationsOptions,
  loadTranslations,
  NullTranslations,
  parseMo,
  parsePo,
  pluralFunction,
} from './ext/gettext-catalog.ts';
export type { GettextCallablesOptions, InstallTranslationsOptions } from './ext/i18n.ts';
export { quotePoString, unquotePoString } from './ext/po-strings.ts';
export type { EnvironmentLike, EvalContext, FilterFunction, TestFunction } from './filters/types.ts';
export { tokenize } from './lexer/lexer.ts';
export type { LexerOptions, Token, TokenType } from './lexer/tokens.ts';
export { ChoiceLoader } from './loaders/choice-loader.ts';
export { DictLoader } from './loaders/dict-loader.ts';
export { FileSystemLoader, type FileSystemLoaderOptions } from './loaders/file-system-loader.ts';
export { FunctionLoader, type LoadFunction } from './loaders/function-loader.ts';
export type { Loader, TemplateSource } from './loaders/loader.ts';
export { PackageLoader, type PackageLoaderOptions } from './loaders/package-loader.ts';
export { PrefixLoader } from './loaders/prefix-loader.ts';
export type * as nodes from './nodes/nodes.ts';
export { parse } from './parser/parser.ts';
export { Cycler, Namespace } from './runtime/globals.ts';
export { escape, Markup } from './runtime/markup.ts';
export { percentFormat } from './runtime/pyformat.ts';
export { TemplateModule } from './runtime/template-objects.ts';
export {
  ChainableUndefined,
  DebugUndefined,
  StrictUndefined,
  Undefined,
  type UndefinedKind,
} from './runtime/undefined.ts';
