import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as FetchAdapter from '../adapters/fetch.ts';
import type { CliRunner } from '../cli/cli-runner.ts';
import { loadSync } from '../internal/load-sync.ts';
import type { ListenOptions, RunningServer } from '../server/listen.ts';
import type { TestClient } from '../testing/test-client.ts';
import { App } from './app.ts';

declare module '../context/storage.ts' {
  interface AppTypes {
    readonly app: Flagon;
  }
}

/**
 * The application: `App` (config, URL map, views, hooks, the request pipeline) plus the ways to run it:
 * `listen`, `handler` for node:http, `fetch` for web-standard runtimes, `testClient` and `testCliRunner`. Each loads its layer on first use, as Flask's `run` and `test_client` do, so an
 * app that never serves over node:http never loads the server.
 *
 * @example
 * import { Flagon } from 'flagon';
 * const app = new Flagon(import.meta.url);
 * app.get('/hello/<name>', ({ name }) => `Hello, ${name}!`);
 * await app.listen({ port: 5000 });
 */
export class Flagon extends App {
  #handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  #handleFetch: typeof FetchAdapter.handleFetch | undefined;

  /** Runs the app's CLI commands in-process for tests: `await app.testCliRunner().invoke(['seed'])`. */
  testCliRunner(): CliRunner {
    const { CliRunner } = loadSync<typeof import('../cli/cli-runner.ts')>('cli/cli-runner');
    return new CliRunner(this);
  }

  /** An in-process client for tests: `await app.testClient().get('/')`. */
  testClient(options: { host?: string } = {}): TestClient {
    const { TestClient } = loadSync<typeof import('../testing/test-client.ts')>('testing/test-client');
    return new TestClient(this, options);
  }

  /**
   * Serves the app on node:http (127.0.0.1:5000 by default) with sane timeouts.
   *
   * @example
   * const server = await app.listen({ port: 0 });
   * console.log(server.url);
   */
  async listen(options: ListenOptions = {}): Promise<RunningServer> {
    const { listen } = await import('../server/listen.ts');
    return listen(this, options);
  }

  /** A `(req, res)` handler for node:http: `http.createServer(app.handler)`. */
  get handler(): (req: IncomingMessage, res: ServerResponse) => void {
    if (this.#handler === undefined) {
      this.#handler = loadSync<typeof import('../server/listen.ts')>('server/listen').nodeHandler(this);
    }
    return this.#handler;
  }

  /** A web-standard fetch handler: `export default { fetch: app.fetch }`. */
  readonly fetch = (request: globalThis.Request): Promise<globalThis.Response> => {
    this.#handleFetch ??= loadSync<typeof FetchAdapter>('adapters/fetch').handleFetch;
    return this.#handleFetch(this, request);
  };
}
