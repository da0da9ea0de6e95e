import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon } from 'flagon';
import { BaseConverter } from 'flagon/routing';

describe('method routing', () => {
  it('answers 405 with an Allow header when no rule takes the method', async () => {
    const app = new Flagon('test');
    app.get('/items', () => 'items');
    const res = await app.testClient().post('/items');
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /\bGET\b/);
  });

  it('answers 404 when no rule matches the path', async () => {
    const app = new Flagon('test');
    app.get('/items', () => 'items');
    const res = await app.testClient().get('/nothing-here');
    assert.equal(res.status, 404);
    assert.match(res.text, /<title>404 Not Found<\/title>/);
  });

  it('dispatches GET and POST on one rule to different views', async () => {
    const app = new Flagon('test');
    app.get('/items', function listItems() {
      return 'list';
    });
    app.post('/items', function createItem() {
      return ['created', 201];
    });
    const client = app.testClient();
    assert.equal((await client.get('/items')).text, 'list');
    const created = await client.post('/items');
    assert.equal(created.status, 201);
    assert.equal(created.text, 'created');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const app = new Flagon('test');
    app.get('/page', () => 'hello world');
    const res = await app.testClient().head('/page');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.text, '');
  });

  it('answers OPTIONS automatically with the allowed methods', async () => {
    const app = new Flagon('test');
    app.route('/thing', { methods: ['GET', 'PUT'] }, () => 'x');
    const res = await app.testClient().options('/thing');
    assert.equal(res.status, 200);
    const allowed = (res.headers.get('allow') ?? '').split(/,\s*/).sort();
    assert.deepEqual(allowed, ['GET', 'HEAD', 'OPTIONS', 'PUT']);
  });

  it('answers an automatic OPTIONS from one walk of the URL map', async () => {
    let conversions = 0;
    class Counted extends BaseConverter {
      override toValue(raw: string): string {
        conversions++;
        return raw;
      }
    }
    const app = new Flagon('test');
    app.addConverter('counted', Counted);
    // A rule held as a string: the literal would need `counted` declared in ConverterTypes.
    const rule: string = '/things/<counted:name>';
    app.get(rule, () => 'x');
    app.post(rule, () => 'y');
    const res = await app.testClient().options('/things/a');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('allow'), 'GET, HEAD, OPTIONS, POST');
    // Each of the two rules converts the value once: the answer needed no second match.
    assert.equal(conversions, 2);
  });

  it('redirects a slash-less request to the canonical URL with 308, keeping the query', async () => {
    const app = new Flagon('test');
    app.get('/docs/', () => 'docs');
    const res = await app.testClient().get('/docs?page=2');
    assert.equal(res.status, 308);
    assert.match(res.location ?? '', /\/docs\/\?page=2$/);
  });

  it('follows a redirectTo rule to its target', async () => {
    const app = new Flagon('test');
    app.addUrlRule('/old/<int:id>', { endpoint: 'old', redirectTo: '/new/<id>' });
    app.get('/new/<int:id>', function newer({ id }) {
      return `new ${id}`;
    });
    const res = await app.testClient().get('/old/5', { followRedirects: true });
    assert.equal(res.text, 'new 5');
    assert.equal(res.history.length, 1);
  });

  it('passes converted params to the view', async () => {
    const app = new Flagon('test');
    app.get('/user/<int:id>/<name>', function user({ id, name }) {
      return { id, name, idType: typeof id };
    });
    const res = await app.testClient().get('/user/42/ada');
    assert.deepEqual(res.json, { id: 42, idType: 'number', name: 'ada' });
  });

  it('rejects a second view under an existing endpoint name', () => {
    const app = new Flagon('test');
    app.get('/a', function page() {
      return 'a';
    });
    assert.throws(
      () =>
        app.get('/b', function page() {
          return 'b';
        }),
      { name: 'SetupError', message: /overwriting an existing endpoint function: "page"/ },
    );
  });

  it('refuses setup once the app has handled a request', async () => {
    const app = new Flagon('test');
    app.get('/', () => 'home');
    await app.testClient().get('/');
    assert.throws(() => app.get('/late', () => 'late'), {
      name: 'SetupError',
      message: /already handled its first request/,
    });
  });
});
