// Flagon's public API. Named re-exports only; every concept lives in its own module.
//
// 'flagon' is what a Flask user imports: the app, Blueprint, the context locals, the helpers, the HTTP
// exceptions, views, signals, sessions, templating. The rest has its own entry: flagon/http, flagon/routing,
// flagon/signing, flagon/testing and flagon/cli. Their names are still re-exported here for this release,
// deprecated (see the README); new code imports them from their entry.

// First, so an old Node.js says which version Flagon needs before anything else fails.
import './internal/require-node.ts';

export { App, type FlagonOptions } from './app/app.ts';
export {
  AppGroup,
  type ArgumentValues,
  type CommandContext,
  type CommandDefinition,
  CommandError,
  type CommandHandler,
  type CommandOptions,
  type OptionSpec,
  type OptionType,
  type OptionValues,
} from './app/app-group.ts';
export { Blueprint, type BlueprintOptions, type BlueprintRegisterOptions } from './app/blueprint.ts';
export { type AppConfig, Config, ConfigError, type ConfigValues, type ProxyFixConfig } from './app/config.ts';
export { ResponseValueError, SetupError } from './app/errors.ts';
export { Flagon } from './app/flagon.ts';
export { JsonProvider, JsonSerializationError } from './app/json-provider.ts';
export { Logger, type LogLevel } from './app/logging.ts';
export type { Route, RouteOptions } from './app/scaffold.ts';
export type {
  AfterRequestHook,
  BeforeRequestHook,
  ErrorHandler,
  ResponseValue,
  ShellContextProcessor,
  TeardownHook,
  ViewFunction,
} from './app/types.ts';
export {
  type ClassBasedView,
  MethodView,
  View,
  type ViewClass,
  type ViewDecorator,
  type ViewResult,
} from './app/views.ts';
export { ContextError } from './context/errors.ts';
export { AppCtxGlobals, type AppGlobals, type G } from './context/globals.ts';
export { currentApp, g, hasAppContext, hasRequestContext, request, session } from './context/locals.ts';
export { callOnTeardown } from './context/teardown.ts';
// Deprecated here (see the README): flagon/testing's and flagon/cli's classes, loaded on first use.
export {
  type CliResult,
  CliRunner,
  createProxyFix,
  echo,
  type InvokeOptions,
  NoAppException,
  TestClient,
  type TestRequestOptions,
  type TestResponse,
  UsageError,
} from './deprecated.ts';
export { type FlashOptions, flash, getFlashedMessages } from './helpers/flash.ts';
export { redirect } from './helpers/redirect.ts';
export { jsonify, makeResponse } from './helpers/responses.ts';
export { safeJoin } from './helpers/safe-join.ts';
export { SendFileError, type SendFileOptions, sendFile, sendFromDirectory } from './helpers/send-file.ts';
export { streamWithContext } from './helpers/stream-with-context.ts';
export {
  type EndpointName,
  type Endpoints,
  type TypeOptions,
  type UrlForArgs,
  type UrlForOptions,
  urlFor,
} from './helpers/url-for.ts';
export { wraps } from './helpers/wraps.ts';
// Deprecated here (see the README): everything of flagon/http, flagon/routing and flagon/signing, the same
// bindings.
export * from './http.ts';
export * from './routing.ts';
export type { ListenOptions, RunningServer } from './server/listen.ts';
export { SessionConfigError, SessionUnavailableError } from './sessions/errors.ts';
export { MAX_COOKIE_SIZE, SecureCookieSessionInterface } from './sessions/secure-cookie-session-interface.ts';
export {
  NullSession,
  Session,
  type SessionData,
  type SessionInit,
  type SessionKey,
  type SessionValue,
} from './sessions/session.ts';
export {
  DEFAULT_PERMANENT_SESSION_LIFETIME,
  type SessionApp,
  SessionInterface,
  type SessionInterfaceOptions,
  type SessionRequest,
  type SessionResponse,
} from './sessions/session-interface.ts';
export {
  appcontextPopped,
  appcontextPushed,
  appcontextTearingDown,
  beforeRenderTemplate,
  gotRequestException,
  messageFlashed,
  requestFinished,
  requestStarted,
  requestTearingDown,
  templateRendered,
} from './signals/builtin-signals.ts';
export { type ConnectOptions, type Receiver, Signal } from './signals/signal.ts';
export * from './signing.ts';
export { Babel, type BabelOptions, getLocale, getTranslations } from './templating/babel.ts';
export {
  _,
  type GettextVariables,
  gettext,
  LazyString,
  lazyGettext,
  lazyNgettext,
  lazyPgettext,
  ngettext,
  npgettext,
  pgettext,
} from './templating/gettext.ts';
export type { JinjaOptions } from './templating/jinja-options.ts';
export { escape, Markup } from './templating/markup.ts';
export { renderTemplate, renderTemplateString, streamTemplate } from './templating/render.ts';
export { FileStorage } from './wrappers/file-storage.ts';
export { type GetJsonOptions, Request } from './wrappers/request.ts';
export { Response, type ResponseBody, type ResponseInit, StatusCodeError } from './wrappers/response.ts';
