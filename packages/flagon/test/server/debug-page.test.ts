import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Flagon } from 'flagon';
import { plainTraceback, renderDebugPage } from '../../src/server/debug-page.ts';
import { isLoopbackAddress, isLoopbackHost } from '../../src/server/internal/loopback.ts';
import { parseStack } from '../../src/server/internal/stack-frames.ts';

describe('the debug page', () => {
  const root = mkdtempSync(join(tmpdir(), 'flagon-debug-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows a template error at its template line', () => {
    mkdirSync(join(root, 'templates'));
    writeFileSync(
      join(root, 'templates/page.html'),
      '<h1>{{ title }}</h1>\n<p>{{ user.name.first }}</p>\n<footer>\n',
    );
    const app = new Flagon(join(root, 'app.ts'), { rootPath: root });
    const error = Object.assign(new TypeError("Cannot read properties of undefined (reading 'first')"), {
      templateName: 'page.html',
      lineno: 2,
    });
    const page = renderDebugPage(new Error('render failed', { cause: error }), app, {
      method: 'GET',
      url: 'http://localhost/',
      request: null,
      form: null,
    });
    assert.match(page.html, /<b>Template<\/b> page\.html, line 2/);
    assert.match(
      page.html,
      /<li value="2" class="current"><code>&lt;p&gt;\{\{ user\.name\.first \}\}&lt;\/p&gt;<\/code><\/li>/,
    );
    assert.match(page.html, /The above was caused by:/);
  });

  it('never reads a template outside the template folder', () => {
    // Built at run time: the page also shows this test's own source around the raising line.
    const secret = ['TOP', 'SECRET', 'VALUE'].join('-');
    writeFileSync(join(root, 'secret.txt'), `${secret}\n`);
    const app = new Flagon(join(root, 'app.ts'), { rootPath: root });
    const error = Object.assign(new Error('x'), { templateName: '../secret.txt', lineno: 1 });
    const page = renderDebugPage(error, app, { method: 'GET', url: '/', request: null, form: null });
    assert.match(page.html, /<b>Template<\/b> \.\.\/secret\.txt, line 1<\/div>/);
    assert.ok(!page.html.includes(secret));
  });

  it('sends a strict Content-Security-Policy whose nonce matches the only style', () => {
    const app = new Flagon('t');
    const page = renderDebugPage(new Error('x'), app, { method: 'GET', url: '/', request: null, form: null });
    const nonce = /'nonce-([^']+)'/.exec(page.headers['Content-Security-Policy'] ?? '')?.[1];
    assert.ok(nonce);
    assert.ok(page.html.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(page.html, /<script/);
  });

  it('gives a plain-text traceback of the whole cause chain, and survives cycles', () => {
    const a = new Error('outer');
    const b = new Error('inner', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const text = plainTraceback(a);
    assert.match(text, /Error: outer[\s\S]*Caused by: Error: inner/);
    assert.equal(text.match(/Caused by/g)?.length, 1);
  });
});

describe('stack frames', () => {
  it('tells app frames from library and Node frames', () => {
    const stack = [
      'Error: x',
      '    at view (file:///srv/app/views.ts:10:5)',
      '    at async run (/srv/app/node_modules/lib/index.js:3:1)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
      '    at Array.map (<anonymous>)',
    ].join('\n');
    const frames = parseStack(stack, '/srv/app');
    assert.deepEqual(
      frames.map((f) => [f.functionName, f.file, f.line, f.kind]),
      [
        ['view', '/srv/app/views.ts', 10, 'app'],
        ['async run', '/srv/app/node_modules/lib/index.js', 3, 'library'],
        ['process.processTicksAndRejections', 'node:internal/process/task_queues', 105, 'node'],
        ['Array.map', null, null, 'node'],
      ],
    );
  });
});

describe('loopback checks', () => {
  it('accepts loopback addresses only', () => {
    for (const address of ['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1'])
      assert.ok(isLoopbackAddress(address), address);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.2', '', null])
      assert.ok(!isLoopbackAddress(address));
  });

  it('accepts loopback host names only', () => {
    for (const host of ['localhost', 'localhost:5000', 'app.localhost', '127.0.0.1:80', '[::1]:5000']) {
      assert.ok(isLoopbackHost(host), host);
    }
    for (const host of ['example.com', 'localhost.example.com', '10.0.0.1:5000', undefined])
      assert.ok(!isLoopbackHost(host));
  });
});
