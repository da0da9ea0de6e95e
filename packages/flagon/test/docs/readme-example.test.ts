import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escape, Flagon, request } from 'flagon';

// The example at the top of the README, route for route.
function readmeApp(): Flagon {
  const app = new Flagon(import.meta.url);
  app.get('/hello/<name>', ({ name }) => `Hello, ${escape(name)}!`);
  app.get('/user/<int:id>', ({ id }) => ({ id, next: id + 1 }));
  app.post('/echo', async () => ({ youSent: await request.json }));
  return app;
}

describe('the README example', () => {
  it('greets with the name escaped', async () => {
    const res = await readmeApp().testClient().get('/hello/%3Cb%3EAda');
    assert.equal(res.text, 'Hello, &lt;b&gt;Ada!');
  });

  it('converts the int param', async () => {
    assert.deepEqual((await readmeApp().testClient().get('/user/41')).json, { id: 41, next: 42 });
  });

  it('echoes JSON', async () => {
    const res = await readmeApp()
      .testClient()
      .post('/echo', { json: [1] });
    assert.deepEqual(res.json, { youSent: [1] });
  });
});
