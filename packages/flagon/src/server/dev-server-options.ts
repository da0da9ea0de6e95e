// What the dev server and its reloader share; its own module so that neither imports the other back.
import type { AddressInfo } from 'node:net';
import type { App } from '../app/app.ts';
import type { TextSink } from '../app/app-group.ts';
import { serverUrls } from './internal/banner.ts';

/** Options of `flagon run`. */
export interface DevServerOptions {
  readonly host: string;
  readonly port: number;
  readonly debug: boolean;
  readonly reload: boolean;
  /** Files that restart the server when they change, besides the project's sources. */
  readonly extraFiles: readonly string[];
  /** fnmatch patterns of paths whose changes are ignored. */
  readonly excludePatterns: readonly string[];
  readonly cert: string | null;
  readonly key: string | null;
  /** Show the debug page to clients that are not on this machine. Dangerous; off by default. */
  readonly allowRemoteDebug: boolean;
  /** Finds and imports the app (with debug already applied). */
  readonly loadApp: () => Promise<App>;
  /** How the banner names the app (`src/app.ts:createApp('dev')`). */
  readonly appLabel: string;
  /** The `flagon` arguments, run again in the reloader's child. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stderr: TextSink;
}

/** Set in the reloader's child, whose connections come from the watching parent. */
export const RELOADER_CHILD_ENV = 'FLAGON_RUN_MAIN';

/** Exit status of a child whose app failed to load; the parent then waits for a change. */
export const CHILD_LOAD_FAILED = 3;

/** Writes Flask's start-up banner: the app, debug mode, the development-server warning, the URLs. */
export function printBanner(options: DevServerOptions, address: AddressInfo): void {
  const lines = [
    ` * Serving Flagon app '${options.appLabel}'`,
    ` * Debug mode: ${options.debug ? 'on' : 'off'}`,
    'WARNING: This is a development server. Do not use it in a production deployment. Use `flagon serve` ' +
      '(behind a reverse proxy) instead.',
    ...serverUrls(options.host, address.port, options.cert ? 'https' : 'http').map((line) => ` * ${line}`),
    'Press CTRL+C to quit',
  ];
  options.stderr.write(`${lines.join('\n')}\n`);
}
