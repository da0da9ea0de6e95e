import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, type ViewFunction, wraps } from 'flagon';

function guarded<P>(view: ViewFunction<P>): ViewFunction<P> {
  return wraps(view, (params: P, req) =>
    req.headers.get('x-token') === 'ok' ? view(params, req) : ['forbidden', 403],
  );
}

describe('wraps', () => {
  it("gives the wrapper the view's name, so the route keeps the view's endpoint", async () => {
    const app = new Flagon('wraps');
    const route = app.get(
      '/secret/<int:id>',
      guarded(function secret({ id }) {
        return `secret ${id}`;
      }),
    );
    assert.equal(route.endpoint, 'secret');
    const client = app.testClient();
    assert.equal((await client.get('/secret/7')).status, 403);
    assert.equal((await client.get('/secret/7', { headers: { 'X-Token': 'ok' } })).text, 'secret 7');
  });

  it('lets two wrapped views live side by side under their own endpoints', () => {
    const app = new Flagon('wraps');
    app.get(
      '/a',
      guarded(function first() {
        return 'a';
      }),
    );
    app.get(
      '/b',
      guarded(function second() {
        return 'b';
      }),
    );
    assert.deepEqual(
      app.urlMap
        .rules()
        .map((rule) => rule.endpoint)
        .filter((e) => e !== 'static')
        .sort(),
      ['first', 'second'],
    );
  });

  it("copies the view's own properties and keeps the original in __wrapped__", () => {
    const view = Object.assign(
      function listing() {
        return 'x';
      },
      { methods: ['GET', 'POST'] },
    );
    const wrapper = wraps(view, () => 'y');
    assert.equal(wrapper.name, 'listing');
    assert.deepEqual((wrapper as unknown as { methods: string[] }).methods, ['GET', 'POST']);
    assert.equal((wrapper as unknown as { __wrapped__: unknown }).__wrapped__, view);
  });
});
