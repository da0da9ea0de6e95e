// Names 'flagon' still exports for this release although they belong to an outer layer (flagon/testing,
// flagon/cli, the server), made to load that layer on first use rather than with 'flagon'. Named re-exports
// would load it with every app.

import type * as CliRunnerModule from './cli/cli-runner.ts';
import type * as CommandContextModule from './cli/command-context.ts';
import type * as CliErrors from './cli/errors.ts';
import { lazyClass } from './internal/lazy-class.ts';
import { loadSync } from './internal/load-sync.ts';
import type * as ProxyFix from './server/proxy-fix.ts';
import type * as TestClientModule from './testing/test-client.ts';

/**
 * Builds the request adjuster that applies the `PROXY_FIX` config (Werkzeug's ProxyFix). `app.handler`,
 * `listen` and `flagon serve` apply it already; call it only to mount the app in your own node:http server.
 *
 * @deprecated `app.handler`, `listen` and `flagon serve` apply `PROXY_FIX` themselves; this goes in the next
 * release.
 */
export const createProxyFix: typeof ProxyFix.createProxyFix = (app) =>
  loadSync<typeof ProxyFix>('server/proxy-fix').createProxyFix(app);

/** @deprecated Import `TestClient` from `flagon/testing`; this re-export goes in the next release. */
export const TestClient: typeof TestClientModule.TestClient = lazyClass(
  () => loadSync<typeof TestClientModule>('testing/test-client').TestClient,
);
/** @deprecated Import `TestClient`'s types from `flagon/testing`. */
export type TestClient = TestClientModule.TestClient;
/** @deprecated Import from `flagon/testing`. */
export type TestRequestOptions = TestClientModule.TestRequestOptions;
/** @deprecated Import from `flagon/testing`. */
export type TestResponse = TestClientModule.TestResponse;

/** @deprecated Import `CliRunner` from `flagon/testing`; this re-export goes in the next release. */
export const CliRunner: typeof CliRunnerModule.CliRunner = lazyClass(
  () => loadSync<typeof CliRunnerModule>('cli/cli-runner').CliRunner,
);
/** @deprecated Import `CliRunner`'s types from `flagon/testing`. */
export type CliRunner = CliRunnerModule.CliRunner;
/** @deprecated Import from `flagon/testing`. */
export type CliResult = CliRunnerModule.CliResult;
/** @deprecated Import from `flagon/testing`. */
export type InvokeOptions = CliRunnerModule.InvokeOptions;

/** @deprecated Import `echo` from `flagon/cli`; this re-export goes in the next release. */
export const echo: typeof CommandContextModule.echo = (...args) =>
  loadSync<typeof CommandContextModule>('cli/command-context').echo(...args);

/** @deprecated Import `UsageError` from `flagon/cli`; this re-export goes in the next release. */
export const UsageError: typeof CliErrors.UsageError = lazyClass(
  () => loadSync<typeof CliErrors>('cli/errors').UsageError,
);
/** @deprecated Import `UsageError` from `flagon/cli`. */
export type UsageError = CliErrors.UsageError;

/** @deprecated Import `NoAppException` from `flagon/cli`; this re-export goes in the next release. */
export const NoAppException: typeof CliErrors.NoAppException = lazyClass(
  () => loadSync<typeof CliErrors>('cli/errors').NoAppException,
);
/** @deprecated Import `NoAppException` from `flagon/cli`. */
export type NoAppException = CliErrors.NoAppException;
