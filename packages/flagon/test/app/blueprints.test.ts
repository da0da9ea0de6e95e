import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { abort, Blueprint, Flagon, g, NotFound, type Request, SetupError, urlFor } from 'flagon';

function makeApp(): Flagon {
  const app = new Flagon('test', { staticFolder: null });
  app.testing = true;
  return app;
}

describe('blueprint routes', () => {
  it('serves routes under the URL prefix with endpoints named <blueprint>.<view>', async () => {
    const app = makeApp();
    const admin = new Blueprint('admin', import.meta.url, { urlPrefix: '/admin' });
    admin.get('/users', function users() {
      return `users at ${urlFor('admin.users')}`;
    });
    app.registerBlueprint(admin);
    const res = await app.testClient().get('/admin/users');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'users at /admin/users');
    assert.equal((await app.testClient().get('/users')).status, 404);
  });

  it("maps '/' to the prefix with a slash and '' to the bare prefix", async () => {
    const app = makeApp();
    const bp = new Blueprint('docs', import.meta.url, { urlPrefix: '/docs' });
    bp.get('/', function index() {
      return 'index';
    });
    bp.get('', { endpoint: 'bare' }, () => 'bare');
    app.registerBlueprint(bp);
    const client = app.testClient();
    assert.equal((await client.get('/docs/')).text, 'index');
    assert.equal((await client.get('/docs')).text, 'bare');
  });

  it('lets the registration urlPrefix override the blueprint one', async () => {
    const app = makeApp();
    const bp = new Blueprint('api', import.meta.url, { urlPrefix: '/api' });
    bp.get('/ping', function ping() {
      return 'pong';
    });
    app.registerBlueprint(bp, { urlPrefix: '/v2/' });
    const client = app.testClient();
    assert.equal((await client.get('/v2/ping')).text, 'pong');
    assert.equal((await client.get('/api/ping')).status, 404);
  });

  it('returns a route handle naming the endpoint and rule of the first registration', () => {
    const app = makeApp();
    const bp = new Blueprint('shop', import.meta.url);
    const route = bp.get('/cart', function cart() {
      return 'cart';
    });
    assert.equal(route.endpoint, 'shop.cart');
    app.registerBlueprint(bp, { urlPrefix: '/store', name: 'store' });
    assert.equal(route.endpoint, 'store.cart');
    assert.equal(route.rule, '/store/cart');
  });

  it('builds relative endpoints (.view) inside a blueprint view', async () => {
    const app = makeApp();
    const bp = new Blueprint('blog', import.meta.url, { urlPrefix: '/blog' });
    bp.get('/', function index() {
      return urlFor('.post', { id: 3 });
    });
    bp.get('/<int:id>', function post() {
      return 'post';
    });
    app.get('/', function index() {
      return urlFor('.index');
    });
    app.registerBlueprint(bp);
    const client = app.testClient();
    assert.equal((await client.get('/blog/')).text, '/blog/3');
    assert.equal((await client.get('/')).text, '/');
  });

  it('matches the blueprint subdomain', async () => {
    const app = new Flagon('test', { staticFolder: null, subdomainMatching: true });
    app.config.SERVER_NAME = 'example.test';
    const bp = new Blueprint('api', import.meta.url, { subdomain: 'api' });
    bp.get('/', function root() {
      return 'api root';
    });
    app.get('/', function home() {
      return 'home';
    });
    app.registerBlueprint(bp);
    assert.equal((await app.testClient({ host: 'api.example.test' }).get('/')).text, 'api root');
    assert.equal((await app.testClient({ host: 'example.test' }).get('/')).text, 'home');
  });

  it('refuses endpoints and view names with dots', () => {
    const bp = new Blueprint('admin', import.meta.url);
    assert.throws(() => bp.get('/x', { endpoint: 'a.b' }, () => 'x'), SetupError);
    assert.throws(() => new Blueprint('a.b', import.meta.url), /contains a dot/);
  });
});

describe('blueprint hooks', () => {
  function recordingApp() {
    const app = makeApp();
    const log: string[] = [];
    const parent = new Blueprint('parent', import.meta.url, { urlPrefix: '/p' });
    const child = new Blueprint('child', import.meta.url, { urlPrefix: '/c' });
    for (const [name, scope] of [
      ['app', app],
      ['parent', parent],
      ['child', child],
    ] as const) {
      scope.urlValuePreprocessor(() => void log.push(`${name}.uvp`));
      scope.beforeRequest(() => void log.push(`${name}.before`));
      scope.beforeRequest(() => void log.push(`${name}.before2`));
      scope.afterRequest((response) => {
        log.push(`${name}.after`);
        return response;
      });
      scope.afterRequest((response) => {
        log.push(`${name}.after2`);
        return response;
      });
      scope.teardownRequest(() => void log.push(`${name}.teardown`));
    }
    child.beforeAppRequest(() => void log.push('child.beforeApp'));
    child.get('/x', function x() {
      log.push('view');
      return 'x';
    });
    app.get('/', function home() {
      log.push('view');
      return 'home';
    });
    parent.registerBlueprint(child);
    app.registerBlueprint(parent);
    return { app, log };
  }

  it('runs hooks in Flask order: app first, then outer to inner blueprints; after/teardown inner first', async () => {
    const { app, log } = recordingApp();
    await app.testClient().get('/p/c/x');
    // The order Flask 2.2 produces for the same setup.
    assert.deepEqual(log, [
      'app.uvp',
      'parent.uvp',
      'child.uvp',
      'app.before',
      'app.before2',
      'child.beforeApp',
      'parent.before',
      'parent.before2',
      'child.before',
      'child.before2',
      'view',
      'child.after2',
      'child.after',
      'parent.after2',
      'parent.after',
      'app.after2',
      'app.after',
      'child.teardown',
      'parent.teardown',
      'app.teardown',
    ]);
  });

  it('runs only app and app-wide hooks for requests outside the blueprint', async () => {
    const { app, log } = recordingApp();
    await app.testClient().get('/');
    assert.deepEqual(log, [
      'app.uvp',
      'app.before',
      'app.before2',
      'child.beforeApp',
      'view',
      'app.after2',
      'app.after',
      'app.teardown',
    ]);
  });

  it('stops the request when a blueprint beforeRequest returns a value', async () => {
    const app = makeApp();
    const bp = new Blueprint('private', import.meta.url, { urlPrefix: '/private' });
    bp.beforeRequest(() => ['no entry', 403]);
    bp.get('/', function index() {
      return 'secret';
    });
    app.registerBlueprint(bp);
    const res = await app.testClient().get('/private/');
    assert.equal(res.status, 403);
    assert.equal(res.text, 'no entry');
  });

  it('runs app-wide after and teardown hooks of a blueprint for every request', async () => {
    const app = makeApp();
    const seen: string[] = [];
    const bp = new Blueprint('metrics', import.meta.url);
    bp.afterAppRequest((response, request: Request) => {
      seen.push(`after ${request.path}`);
      response.headers.set('X-Seen', '1');
      return response;
    });
    bp.teardownAppRequest(() => void seen.push('teardown'));
    app.get('/', function home() {
      return 'home';
    });
    app.registerBlueprint(bp);
    const res = await app.testClient().get('/');
    assert.equal(res.headers.get('x-seen'), '1');
    assert.deepEqual(seen, ['after /', 'teardown']);
  });
});

describe('blueprint URL values', () => {
  function langApp() {
    const app = makeApp();
    const bp = new Blueprint('site', import.meta.url, { urlPrefix: '/<lang>' });
    bp.urlValuePreprocessor((_endpoint, values) => {
      (g as unknown as Record<string, unknown>).lang = values?.lang;
      if (values) delete values.lang;
    });
    bp.urlDefaults((_endpoint, values) => {
      if (!('lang' in values)) values.lang = (g as unknown as Record<string, unknown>).lang;
    });
    bp.get('/about', function about(params: Record<string, unknown>) {
      const lang = (g as unknown as Record<string, unknown>).lang;
      return `${lang} ${Object.keys(params).join(',')} ${urlFor('.contact')}`;
    });
    bp.get('/contact', function contact() {
      return 'contact';
    });
    app.registerBlueprint(bp);
    return app;
  }

  it('lets a blueprint URL value preprocessor take a value out of the view params', async () => {
    const res = await langApp().testClient().get('/fr/about');
    assert.equal(res.text.split(' ').slice(0, 2).join(' '), 'fr ');
  });

  it('lets a blueprint urlDefaults function fill in values when building', async () => {
    const res = await langApp().testClient().get('/de/about');
    assert.equal(res.text.split(' ')[2], '/de/contact');
  });

  it('passes blueprint urlDefaults to its views, overridden by the registration ones', async () => {
    const app = makeApp();
    const bp = new Blueprint('pages', import.meta.url, { urlDefaults: { page: 1, size: 10 } });
    bp.get('/list', function list(params: Record<string, unknown>) {
      return params;
    });
    app.registerBlueprint(bp, { urlDefaults: { size: 50 } });
    assert.deepEqual((await app.testClient().get('/list')).json, { page: 1, size: 50 });
  });

  it('runs app-wide URL processors of a blueprint for other endpoints too', async () => {
    const app = makeApp();
    const bp = new Blueprint('tracking', import.meta.url);
    bp.appUrlDefaults((_endpoint, values) => {
      values.ref ??= 'bp';
    });
    const preprocessed: Array<string | null> = [];
    bp.appUrlValuePreprocessor((endpoint) => void preprocessed.push(endpoint));
    app.get('/', function home() {
      return urlFor('home');
    });
    app.registerBlueprint(bp);
    assert.equal((await app.testClient().get('/')).text, '/?ref=bp');
    assert.deepEqual(preprocessed, ['home']);
  });
});

class QuotaError extends Error {}

describe('blueprint error handlers', () => {
  function errorApp() {
    const app = makeApp();
    const bp = new Blueprint('api', import.meta.url, { urlPrefix: '/api' });
    bp.errorHandler(404, () => ({ error: 'not found' }));
    bp.errorHandler(QuotaError, () => ['api quota', 429]);
    bp.get('/missing', function missing() {
      return abort(404);
    });
    bp.get('/quota', function quota() {
      throw new QuotaError('over');
    });
    app.errorHandler(404, () => ['app 404', 404]);
    app.errorHandler(QuotaError, () => ['app quota', 429]);
    app.get('/missing', function appMissing() {
      throw new NotFound();
    });
    app.get('/quota', function appQuota() {
      throw new QuotaError('over');
    });
    app.registerBlueprint(bp);
    return app;
  }

  it('uses the blueprint handler for errors in its views', async () => {
    const client = errorApp().testClient();
    assert.deepEqual((await client.get('/api/missing')).json, { error: 'not found' });
    const quota = await client.get('/api/quota');
    assert.equal(quota.status, 429);
    assert.equal(quota.text, 'api quota');
  });

  it('uses the app handler for errors outside the blueprint, including unmatched URLs under its prefix', async () => {
    const client = errorApp().testClient();
    assert.equal((await client.get('/missing')).text, 'app 404');
    assert.equal((await client.get('/quota')).text, 'app quota');
    // Routing failed, so there is no endpoint and no blueprint: the app's handler answers, as in Flask.
    assert.equal((await client.get('/api/nothing')).text, 'app 404');
  });

  it('prefers the inner blueprint handler to the outer one', async () => {
    const app = makeApp();
    const outer = new Blueprint('outer', import.meta.url);
    const inner = new Blueprint('inner', import.meta.url, { urlPrefix: '/in' });
    outer.errorHandler(QuotaError, () => 'outer');
    inner.errorHandler(QuotaError, () => 'inner');
    inner.get('/', function index() {
      throw new QuotaError('x');
    });
    outer.get('/', function index() {
      throw new QuotaError('x');
    });
    outer.registerBlueprint(inner);
    app.registerBlueprint(outer, { urlPrefix: '/out' });
    const client = app.testClient();
    assert.equal((await client.get('/out/in/')).text, 'inner');
    assert.equal((await client.get('/out/')).text, 'outer');
  });

  it('applies appErrorHandler to the whole app', async () => {
    const app = makeApp();
    const bp = new Blueprint('errors', import.meta.url);
    bp.appErrorHandler(QuotaError, () => ['handled by bp', 429]);
    app.get('/', function home() {
      throw new QuotaError('x');
    });
    app.registerBlueprint(bp);
    assert.equal((await app.testClient().get('/')).text, 'handled by bp');
  });

  it('rejects an unknown status code when the handler is declared', () => {
    const bp = new Blueprint('errors', import.meta.url);
    assert.throws(() => bp.appErrorHandler(299, () => ''), SetupError);
  });
});

describe('nested blueprints', () => {
  it('joins prefixes and dots endpoint names', async () => {
    const app = makeApp();
    const parent = new Blueprint('parent', import.meta.url, { urlPrefix: '/parent/' });
    const child = new Blueprint('child', import.meta.url, { urlPrefix: '/child' });
    child.get('/view', function view() {
      return `${urlFor('parent.child.view')} ${urlFor('.view')}`;
    });
    parent.registerBlueprint(child);
    app.registerBlueprint(parent);
    assert.equal(
      (await app.testClient().get('/parent/child/view')).text,
      '/parent/child/view /parent/child/view',
    );
    assert.deepEqual([...app.blueprints.keys()], ['parent', 'parent.child']);
  });

  it('uses the urlPrefix given to the parent registerBlueprint call for the child', async () => {
    const app = makeApp();
    const parent = new Blueprint('parent', import.meta.url);
    const child = new Blueprint('child', import.meta.url, { urlPrefix: '/ignored' });
    child.get('/', function index() {
      return 'child';
    });
    parent.registerBlueprint(child, { urlPrefix: '/kid' });
    app.registerBlueprint(parent, { urlPrefix: '/mum' });
    assert.equal((await app.testClient().get('/mum/kid/')).text, 'child');
  });

  it('allows the same child in two parents under different dotted names', async () => {
    const app = makeApp();
    const child = new Blueprint('child', import.meta.url);
    child.get('/', function index() {
      return urlFor('.index');
    });
    const a = new Blueprint('a', import.meta.url, { urlPrefix: '/a' });
    const b = new Blueprint('b', import.meta.url, { urlPrefix: '/b' });
    a.registerBlueprint(child);
    b.registerBlueprint(child);
    app.registerBlueprint(a);
    app.registerBlueprint(b);
    const client = app.testClient();
    assert.equal((await client.get('/a/')).text, '/a/');
    assert.equal((await client.get('/b/')).text, '/b/');
  });

  it('refuses to register a blueprint on itself', () => {
    const bp = new Blueprint('loop', import.meta.url);
    assert.throws(() => bp.registerBlueprint(bp), /on itself/);
  });
});

describe('registering a blueprint more than once', () => {
  it('serves both registrations under their own names and prefixes', async () => {
    const app = makeApp();
    const bp = new Blueprint('files', import.meta.url);
    bp.get('/', function index() {
      return urlFor('.index');
    });
    app.registerBlueprint(bp, { urlPrefix: '/public' });
    app.registerBlueprint(bp, { urlPrefix: '/private', name: 'private' });
    const client = app.testClient();
    assert.equal((await client.get('/public/')).text, '/public/');
    assert.equal((await client.get('/private/')).text, '/private/');
  });

  it('runs recordOnce and app-wide hooks once, and scoped hooks for each name', async () => {
    const app = makeApp();
    const bp = new Blueprint('files', import.meta.url);
    let recorded = 0;
    bp.recordOnce(() => {
      recorded++;
    });
    const log: string[] = [];
    bp.beforeAppRequest(() => void log.push('app-wide'));
    bp.beforeRequest(() => void log.push('scoped'));
    bp.get('/', function index() {
      return 'ok';
    });
    app.registerBlueprint(bp, { urlPrefix: '/one' });
    app.registerBlueprint(bp, { urlPrefix: '/two', name: 'two' });
    assert.equal(recorded, 1);
    await app.testClient().get('/two/');
    assert.deepEqual(log, ['app-wide', 'scoped']);
  });

  it('refuses the same name twice and says how to fix it', () => {
    const app = makeApp();
    const bp = new Blueprint('files', import.meta.url);
    app.registerBlueprint(bp);
    assert.throws(
      () => app.registerBlueprint(bp),
      (error: unknown) =>
        error instanceof SetupError &&
        /'files' is already registered for this blueprint/.test(error.message) &&
        /"name"/.test(error.message),
    );
  });

  it('refuses a different blueprint with a name already taken', () => {
    const app = makeApp();
    app.registerBlueprint(new Blueprint('files', import.meta.url));
    assert.throws(
      () => app.registerBlueprint(new Blueprint('files', import.meta.url)),
      /a different blueprint/,
    );
  });
});

describe('blueprint setup time', () => {
  it('refuses new routes on a blueprint once it is registered', () => {
    const app = makeApp();
    const bp = new Blueprint('late', import.meta.url);
    app.registerBlueprint(bp);
    assert.throws(() => bp.get('/x', () => 'x'), /already been registered/);
  });

  it('refuses to register a blueprint after the app handled a request', async () => {
    const app = makeApp();
    app.get('/', function home() {
      return 'home';
    });
    await app.testClient().get('/');
    assert.throws(() => app.registerBlueprint(new Blueprint('late', import.meta.url)), SetupError);
  });

  it('refuses something that is not a blueprint', () => {
    assert.throws(() => makeApp().registerBlueprint({} as Blueprint), /takes a Blueprint/);
  });
});

describe('blueprint static files and templates', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'flagon-bp-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('serves the static folder at <prefix>/<staticUrlPath> as the <name>.static endpoint', async () => {
    const app = makeApp();
    const bp = new Blueprint('admin', import.meta.url, {
      urlPrefix: '/admin',
      rootPath: root,
      staticFolder: 'assets',
    });
    bp.get('/', function index() {
      return urlFor('.static', { filename: 'app.css' });
    });
    app.registerBlueprint(bp);
    const client = app.testClient();
    assert.equal((await client.get('/admin/')).text, '/admin/assets/app.css');
    const css = await client.get('/admin/assets/app.css');
    assert.equal(css.status, 200);
    assert.equal(css.text, 'body{}');
    assert.equal((await client.get('/admin/assets/missing.css')).status, 404);
  });

  it('uses staticUrlPath when given', async () => {
    const app = makeApp();
    const bp = new Blueprint('ui', import.meta.url, {
      rootPath: root,
      staticFolder: 'assets',
      staticUrlPath: '/ui-static/',
    });
    app.registerBlueprint(bp);
    assert.equal((await app.testClient().get('/ui-static/app.css')).text, 'body{}');
  });

  it('resolves templateFolder against the root path and keeps registration order in app.blueprints', () => {
    const app = makeApp();
    const first = new Blueprint('first', import.meta.url, { rootPath: root, templateFolder: 'templates' });
    const second = new Blueprint('second', import.meta.url);
    app.registerBlueprint(second);
    app.registerBlueprint(first);
    assert.equal(first.templateFolder, join(root, 'templates'));
    assert.equal(second.templateFolder, null);
    assert.deepEqual([...app.blueprints.values()], [second, first]);
  });

  const hasTemplateMaps = 'templateFilters' in makeApp();
  it('adds app template filters, globals and tests on the first registration', {
    skip: hasTemplateMaps ? false : 'needs Flagon.templateFilters/templateGlobals/templateTests',
  }, () => {
    const app = makeApp() as Flagon &
      Record<'templateFilters' | 'templateGlobals' | 'templateTests', Map<string, unknown>>;
    const bp = new Blueprint('helpers', import.meta.url);
    const shout = (value: string) => value.toUpperCase();
    const now = () => 'now';
    const even = (n: number) => n % 2 === 0;
    bp.appTemplateFilter(shout, 'shout');
    bp.appTemplateGlobal(now);
    bp.appTemplateTest(even, 'even');
    app.registerBlueprint(bp);
    assert.equal(app.templateFilters.get('shout'), shout);
    assert.equal(app.templateGlobals.get('now'), now);
    assert.equal(app.templateTests.get('even'), even);
  });
});
