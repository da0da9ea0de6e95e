import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Blueprint,
  Flagon,
  MethodView,
  type Request,
  SetupError,
  urlFor,
  View,
  type ViewResult,
} from 'flagon';
import type { ViewDecorator } from '../../src/app/views.ts';

function makeApp(): Flagon {
  const app = new Flagon('test', { staticFolder: null });
  app.testing = true;
  return app;
}

describe('View', () => {
  it('calls dispatchRequest with the URL params and the request', async () => {
    class Hello extends View<{ name: string }> {
      dispatchRequest({ name }: { name: string }, request: Request): ViewResult {
        return `Hello, ${name} (${request.method})`;
      }
    }
    const app = makeApp();
    app.addUrlRule('/hello/<name>', {}, Hello.asView('hello'));
    assert.equal((await app.testClient().get('/hello/ada')).text, 'Hello, ada (GET)');
  });

  it('names the view function, so it becomes the endpoint', async () => {
    class Index extends View {
      dispatchRequest(): ViewResult {
        return urlFor('home');
      }
    }
    const view = Index.asView('home');
    assert.equal(view.name, 'home');
    assert.equal(view.viewClass, Index);
    const app = makeApp();
    app.addUrlRule('/', {}, view);
    assert.equal((await app.testClient().get('/')).text, '/');
  });

  it('passes asView arguments to the constructor', async () => {
    class Greeting extends View {
      readonly #word: string;
      constructor(word: string) {
        super();
        this.#word = word;
      }
      dispatchRequest(): ViewResult {
        return this.#word;
      }
    }
    const app = makeApp();
    app.addUrlRule('/hi', { endpoint: 'hi' }, Greeting.asView('hi', 'hi there'));
    app.addUrlRule('/yo', { endpoint: 'yo' }, Greeting.asView('yo', 'yo'));
    const client = app.testClient();
    assert.equal((await client.get('/hi')).text, 'hi there');
    assert.equal((await client.get('/yo')).text, 'yo');
  });

  it('makes an instance per request by default', async () => {
    let made = 0;
    class Counter extends View {
      constructor() {
        super();
        made++;
      }
      dispatchRequest(): ViewResult {
        return String(made);
      }
    }
    const app = makeApp();
    app.addUrlRule('/', { endpoint: 'count' }, Counter.asView('count'));
    const client = app.testClient();
    await client.get('/');
    assert.equal((await client.get('/')).text, '2');
  });

  it('reuses one instance when initEveryRequest is false', async () => {
    let made = 0;
    class Shared extends View {
      static override initEveryRequest = false;
      hits = 0;
      constructor() {
        super();
        made++;
      }
      dispatchRequest(): ViewResult {
        this.hits++;
        return `${made}:${this.hits}`;
      }
    }
    const app = makeApp();
    app.addUrlRule('/', { endpoint: 'shared' }, Shared.asView('shared'));
    const client = app.testClient();
    await client.get('/');
    assert.equal((await client.get('/')).text, '1:2');
  });

  it('applies static decorators to the view function, the first one innermost', async () => {
    const tag =
      (label: string): ViewDecorator =>
      (view) =>
      async (params, request) =>
        `${label}(${String(await view(params, request))})`;
    class Page extends View {
      static override decorators = [tag('inner'), tag('outer')];
      dispatchRequest(): ViewResult {
        return 'page';
      }
    }
    const view = Page.asView('page');
    assert.equal(view.name, 'page');
    const app = makeApp();
    app.addUrlRule('/', {}, view);
    assert.equal((await app.testClient().get('/')).text, 'outer(inner(page))');
  });

  it('uses static methods as the rule methods', async () => {
    class Form extends View {
      static override methods = ['GET', 'POST'];
      dispatchRequest(_params: Record<string, unknown>, request: Request): ViewResult {
        return request.method;
      }
    }
    const app = makeApp();
    app.addUrlRule('/form', {}, Form.asView('form'));
    const client = app.testClient();
    assert.equal((await client.post('/form')).text, 'POST');
    assert.equal((await client.put('/form')).status, 405);
  });

  it('turns off automatic OPTIONS with provideAutomaticOptions = false', async () => {
    class Quiet extends View {
      static override provideAutomaticOptions = false;
      dispatchRequest(): ViewResult {
        return 'quiet';
      }
    }
    const app = makeApp();
    app.addUrlRule('/quiet', {}, Quiet.asView('quiet'));
    assert.equal((await app.testClient().options('/quiet')).status, 405);
  });

  it('refuses an empty view name', () => {
    class Nameless extends View {
      dispatchRequest(): ViewResult {
        return '';
      }
    }
    assert.throws(() => Nameless.asView(''), SetupError);
  });
});

describe('MethodView', () => {
  class ItemAPI extends MethodView<{ id: number }> {
    get({ id }: { id: number }): ViewResult {
      return { id };
    }
    post({ id }: { id: number }, request: Request): ViewResult {
      return [`created ${id} via ${request.method}`, 201];
    }
  }

  it('dispatches each request to the handler named after its method', async () => {
    const app = makeApp();
    app.addUrlRule('/items/<int:id>', {}, ItemAPI.asView('item'));
    const client = app.testClient();
    assert.deepEqual((await client.get('/items/4')).json, { id: 4 });
    const created = await client.post('/items/5');
    assert.equal(created.status, 201);
    assert.equal(created.text, 'created 5 via POST');
  });

  it('derives methods from the handlers the class defines, inherited ones included', () => {
    class Child extends ItemAPI {
      delete(): ViewResult {
        return ['', 204];
      }
    }
    assert.deepEqual(ItemAPI.methods, ['GET', 'POST']);
    assert.deepEqual(Child.methods, ['DELETE', 'GET', 'POST']);
    assert.equal(MethodView.methods, null);
    assert.deepEqual(Child.asView('child').methods, ['DELETE', 'GET', 'POST']);
  });

  it('keeps explicit static methods over the derived ones', async () => {
    class OnlyGet extends MethodView {
      static override methods = ['GET'];
      get(): ViewResult {
        return 'get';
      }
      post(): ViewResult {
        return 'post';
      }
    }
    assert.deepEqual(OnlyGet.methods, ['GET']);
    const app = makeApp();
    app.addUrlRule('/', {}, OnlyGet.asView('only'));
    assert.equal((await app.testClient().post('/')).status, 405);
  });

  it('answers 405 with an Allow header for a method the class does not handle', async () => {
    const app = makeApp();
    app.addUrlRule('/items/<int:id>', {}, ItemAPI.asView('item'));
    const res = await app.testClient().delete('/items/1');
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /\bGET\b/);
    assert.match(res.headers.get('allow') ?? '', /\bPOST\b/);
  });

  it('answers 405 when the rule allows a method that has no handler', async () => {
    const app = makeApp();
    app.addUrlRule('/items/<int:id>', { methods: ['GET', 'PUT'] }, ItemAPI.asView('item'));
    const res = await app.testClient().put('/items/1');
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /\bGET\b/);
  });

  it('answers HEAD with the get handler when there is no head handler', async () => {
    const app = makeApp();
    app.addUrlRule('/items/<int:id>', {}, ItemAPI.asView('item'));
    const res = await app.testClient().head('/items/2');
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    assert.equal(res.mimetype, 'application/json');
  });

  it('works inside a blueprint with constructor arguments', async () => {
    class Store extends MethodView {
      readonly #items: string[];
      constructor(items: string[]) {
        super();
        this.#items = items;
      }
      get(): ViewResult {
        return this.#items;
      }
      post(): ViewResult {
        this.#items.push(`item${this.#items.length}`);
        return [urlFor('.store'), 201];
      }
    }
    const items: string[] = [];
    const bp = new Blueprint('api', import.meta.url, { urlPrefix: '/api' });
    bp.addUrlRule('/store', {}, Store.asView('store', items));
    const app = makeApp();
    app.registerBlueprint(bp);
    const client = app.testClient();
    assert.equal((await client.post('/api/store')).text, '/api/store');
    assert.deepEqual((await client.get('/api/store')).json, ['item0']);
  });
});
