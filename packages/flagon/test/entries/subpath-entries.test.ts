import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import * as root from 'flagon';
import * as cli from 'flagon/cli';
import * as http from 'flagon/http';
import * as routing from 'flagon/routing';
import * as signing from 'flagon/signing';
import * as testing from 'flagon/testing';

/** The modules `import 'flagon'` loads, in a fresh process, as `file:` URLs. */
function modulesLoadedBy(specifier: string): string[] {
  const probe = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    await import(${JSON.stringify(specifier)});
    console.log(JSON.stringify(loaded));
  `;
  const output = execFileSync(
    process.execPath,
    ['--conditions=flagon-source', '--input-type=module', '-e', probe],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as string[];
}

describe('subpath entries', () => {
  it('serves the HTTP data structures from flagon/http', () => {
    assert.equal(typeof http.Headers, 'function');
    assert.equal(typeof http.MultiDict, 'function');
    assert.equal(typeof http.parseRange, 'function');
    assert.equal(http.NotFound, root.NotFound);
  });

  it('serves the URL map from flagon/routing', () => {
    const map = new routing.UrlMap();
    map.add(new routing.Rule('/user/<int:id>', { endpoint: 'user' }));
    const result = map.bind({ serverName: 'localhost' }).match('/user/7', 'GET');
    assert.equal(result.kind, 'match');
  });

  it('serves itsdangerous from flagon/signing, errors included', () => {
    assert.equal(typeof signing.BadSignature, 'function');
    assert.ok(new signing.SignatureExpired('old') instanceof signing.BadSignature);
    const serializer = new signing.URLSafeTimedSerializer('secret');
    assert.deepEqual(serializer.loads(serializer.dumps({ a: 1 })), { a: 1 });
  });

  it('serves the test client from flagon/testing', async () => {
    const app = new root.Flagon('entries');
    app.get('/', () => 'hi');
    const response = await new testing.TestClient(app).get('/');
    assert.equal(response.text, 'hi');
  });

  it('serves the command registry from flagon/cli', () => {
    const group = new cli.AppGroup('tools');
    group.command('hello', {}, () => cli.echo('hello'));
    assert.equal(group.isEmpty, false);
  });

  it('still re-exports every moved name from flagon, as the same object', () => {
    const rootNames = root as Record<string, unknown>;
    for (const entry of [http, routing, signing]) {
      for (const [name, value] of Object.entries(entry)) assert.equal(rootNames[name], value, name);
    }
  });

  it('still exports every name of flagon/testing and flagon/cli from flagon', () => {
    const rootNames = root as Record<string, unknown>;
    for (const entry of [testing, cli]) {
      for (const name of Object.keys(entry)) assert.equal(typeof rootNames[name], 'function', name);
    }
  });

  it('keeps the deprecated TestClient working: new, instanceof and subclasses reach the real class', async () => {
    const app = new root.Flagon('entries');
    app.get('/', () => 'hi');
    const client = new root.TestClient(app);
    assert.ok(client instanceof testing.TestClient);
    assert.ok(new testing.TestClient(app) instanceof root.TestClient);
    assert.equal((await client.get('/')).text, 'hi');
    class Tracing extends root.TestClient {
      calls = 0;
    }
    const tracing = new Tracing(app);
    assert.ok(tracing instanceof testing.TestClient);
    assert.equal((await tracing.get('/')).status, 200);
    assert.equal(tracing.calls, 0);
    assert.equal(root.TestClient.name, 'TestClient');
  });

  it('keeps the deprecated CLI errors throwable and catchable under either name', () => {
    assert.throws(() => {
      throw new root.UsageError('bad option');
    }, cli.UsageError);
    assert.throws(() => {
      throw new cli.NoAppException('no app');
    }, root.NoAppException);
  });
});

describe("import 'flagon'", () => {
  const loaded = modulesLoadedBy('flagon');

  it('loads no server, adapter, multipart or command-line parsing code', () => {
    const heavy = loaded.filter((url) =>
      /\/src\/server\/|\/src\/adapters\/(?!wire-policy)|form-parser|multipart|\/busboy\/|\/commander\/|\/cli\/program/.test(
        url,
      ),
    );
    assert.deepEqual(heavy, []);
  });

  it('loads neither the template engine (only its Markup) nor the catalog tools of flagon babel', () => {
    const engine = loaded
      .filter((url) => /\/templates\/(src|dist)\//.test(url))
      .map((url) => url.replace(/^.*\/templates\/(src|dist)\//, ''));
    assert.deepEqual(engine, ['runtime/markup.ts']);
    const tools = loaded.filter((url) =>
      /po-file|catalog-update|fuzzy-match|extract-sources|js-lexer/.test(url),
    );
    assert.deepEqual(tools, []);
  });

  it('loads no testing, CLI or adapter module (the deprecated names load theirs on first use)', () => {
    const outer = loaded.filter((url) => /\/src\/(cli|testing|adapters|server)\//.test(url));
    assert.deepEqual(outer, []);
  });
});
