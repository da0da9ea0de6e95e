import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  Blueprint,
  Flagon,
  flash,
  g,
  renderTemplate,
  renderTemplateString,
  session,
  streamTemplate,
  templateRendered,
} from 'flagon';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** An app whose root is a temp folder holding the given files. */
function appWithFiles(files: Record<string, string>): { app: Flagon; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'flagon-templates-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const app = new Flagon('test', { rootPath: root });
  app.config.SECRET_KEY = 'test';
  return { app, root };
}

describe('renderTemplate', () => {
  it("renders a template from the app's templates folder", async () => {
    const { app } = appWithFiles({ 'templates/hello.html': '<p>Hello {{ name }}!</p>' });
    app.get('/', () => renderTemplate('hello.html', { name: 'Ada' }));
    assert.equal((await app.testClient().get('/')).text, '<p>Hello Ada!</p>');
  });

  it('autoescapes .html templates', async () => {
    const { app } = appWithFiles({ 'templates/page.html': '{{ text }}' });
    app.get('/', () => renderTemplate('page.html', { text: '<script>x</script>' }));
    assert.equal((await app.testClient().get('/')).text, '&lt;script&gt;x&lt;/script&gt;');
  });

  it('does not autoescape .txt templates', async () => {
    const { app } = appWithFiles({ 'templates/mail.txt': '{{ text }}' });
    app.get('/', () => renderTemplate('mail.txt', { text: '<b>' }));
    assert.equal((await app.testClient().get('/')).text, '<b>');
  });

  it('supports inheritance across files', async () => {
    const { app } = appWithFiles({
      'templates/base.html': '<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}',
      'templates/child.html':
        "{% extends 'base.html' %}{% block title %}T{% endblock %}{% block body %}B{% endblock %}",
    });
    app.get('/', () => renderTemplate('child.html'));
    assert.equal((await app.testClient().get('/')).text, '<title>T</title>B');
  });

  it('gives templates url_for, urlFor, request, g, config and session', async () => {
    const { app } = appWithFiles({
      'templates/ctx.html':
        "{{ url_for('user', id=3) }}|{{ urlFor('user', {'id': 4}) }}|{{ request.path }}|{{ g.who }}|{{ config.SESSION_COOKIE_NAME }}|{{ session.get('k') }}",
    });
    app.get('/user/<int:id>', function user() {
      return 'user';
    });
    app.get('/ctx', () => {
      g.who = 'ada';
      session.set('k', 'v');
      return renderTemplate('ctx.html');
    });
    assert.equal((await app.testClient().get('/ctx')).text, '/user/3|/user/4|/ctx|ada|session|v');
  });

  it('shows flashed messages through get_flashed_messages', async () => {
    const { app } = appWithFiles({
      'templates/f.html':
        '{% for c, m in get_flashed_messages(with_categories=true) %}[{{ c }}:{{ m }}]{% endfor %}',
    });
    app.get('/set', () => {
      flash('saved', 'info');
      return 'ok';
    });
    app.get('/show', () => renderTemplate('f.html'));
    const client = app.testClient();
    await client.get('/set');
    assert.equal((await client.get('/show')).text, '[info:saved]');
    assert.equal((await client.get('/show')).text, '');
  });

  it('adds the variables of context processors', async () => {
    const { app } = appWithFiles({ 'templates/p.html': '{{ site }} {{ year }}' });
    app.contextProcessor(() => ({ site: 'Flagon', year: 2026 }));
    app.get('/', () => renderTemplate('p.html'));
    assert.equal((await app.testClient().get('/')).text, 'Flagon 2026');
  });

  it('lets the view override a context processor variable', async () => {
    const { app } = appWithFiles({ 'templates/p.html': '{{ site }}' });
    app.contextProcessor(() => ({ site: 'default' }));
    app.get('/', () => renderTemplate('p.html', { site: 'mine' }));
    assert.equal((await app.testClient().get('/')).text, 'mine');
  });

  it('uses filters, tests and globals registered on the app', async () => {
    const { app } = appWithFiles({
      'templates/h.html': '{{ "abc"|reverse_text }} {{ 7 is lucky }} {{ shout("hi") }}',
    });
    app.templateFilter((s: string) => [...s].reverse().join(''), 'reverse_text');
    app.templateTest(function lucky(n: number) {
      return n === 7;
    });
    app.templateGlobal(function shout(s: string) {
      return s.toUpperCase();
    });
    app.get('/', () => renderTemplate('h.html'));
    assert.equal((await app.testClient().get('/')).text, 'cba True HI');
  });

  it('renders template source given as a string', async () => {
    const { app } = appWithFiles({});
    app.get('/', () => renderTemplateString('{{ a }} & {{ b|safe }}', { a: '<i>', b: '<i>' }));
    assert.equal((await app.testClient().get('/')).text, '&lt;i&gt; & <i>');
  });

  it('iterates an async generator of rows in {% for %}, with the request context inside it', async () => {
    const { app } = appWithFiles({
      'templates/rows.html': '{% for row in rows %}<li>{{ row.name }}</li>{% else %}none{% endfor %}',
    });
    async function* rows() {
      // Read after an await, as a database cursor would be: the request context must still be there.
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield { name: `<${String(g.who)}>` };
      yield { name: 'Bo' };
    }
    app.get('/', () => {
      g.who = 'Ada';
      return renderTemplate('rows.html', { rows: rows() });
    });
    assert.equal((await app.testClient().get('/')).text, '<li>&lt;Ada&gt;</li><li>Bo</li>');
  });

  it('streams a template as a chunked response', async () => {
    const { app } = appWithFiles({ 'templates/s.html': '{% for i in range(3) %}{{ i }}{% endfor %}' });
    app.get('/', () => streamTemplate('s.html'));
    assert.equal((await app.testClient().get('/')).text, '012');
  });

  it('answers 500 without details when a template is missing, and logs its name', async () => {
    const { app } = appWithFiles({});
    const lines: string[] = [];
    app.logger.sink = (_level, line) => lines.push(line);
    app.get('/', () => renderTemplate('missing.html'));
    const res = await app.testClient().get('/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /missing\.html/);
    assert.match(lines.join('\n'), /missing\.html/);
  });

  it('raises TemplateNotFound to the test in TESTING mode', async () => {
    const { app } = appWithFiles({});
    app.config.TESTING = true;
    app.get('/', () => renderTemplate('missing.html'));
    await assert.rejects(app.testClient().get('/'), { name: 'TemplateNotFound' });
  });

  it('sends templateRendered with the template and its context', async () => {
    const { app } = appWithFiles({ 'templates/t.html': '{{ x }}' });
    app.get('/', () => renderTemplate('t.html', { x: 1 }));
    const seen: unknown[] = [];
    await templateRendered.connectedTo(
      (_sender, _template, context) => {
        seen.push(context.x);
      },
      () => app.testClient().get('/'),
    );
    assert.deepEqual(seen, [1]);
  });

  it('reloads a changed template in debug mode', async () => {
    const { app, root } = appWithFiles({ 'templates/r.html': 'one' });
    app.config.DEBUG = true;
    app.get('/', () => renderTemplate('r.html'));
    const client = app.testClient();
    assert.equal((await client.get('/')).text, 'one');
    const file = join(root, 'templates/r.html');
    writeFileSync(file, 'two');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    assert.equal((await client.get('/')).text, 'two');
  });
});

describe('blueprint templates', () => {
  /** An app with an `admin` blueprint (its own `templates` folder) whose `/admin/` renders `admin/index.html`. */
  function appWithAdminBlueprint(files: Record<string, string>): Flagon {
    const { app, root } = appWithFiles(files);
    const admin = new Blueprint('admin', 'admin', {
      rootPath: join(root, 'admin'),
      templateFolder: 'templates',
    });
    admin.get('/', function index() {
      return renderTemplate('admin/index.html');
    });
    app.registerBlueprint(admin, { urlPrefix: '/admin' });
    return app;
  }

  it("finds templates in a blueprint's folder", async () => {
    const app = appWithAdminBlueprint({ 'admin/templates/admin/index.html': 'admin page' });
    assert.equal((await app.testClient().get('/admin/')).text, 'admin page');
  });

  it("prefers the app's template over a blueprint's of the same name", async () => {
    const app = appWithAdminBlueprint({
      'admin/templates/admin/index.html': 'blueprint version',
      'templates/admin/index.html': 'app override',
    });
    assert.equal((await app.testClient().get('/admin/')).text, 'app override');
  });

  it("adds a blueprint's context processor only to its own requests", async () => {
    const { app } = appWithFiles({ 'templates/v.html': '{{ section|default("none") }}' });
    const shop = new Blueprint('shop', 'shop');
    shop.contextProcessor(() => ({ section: 'shop' }));
    shop.get('/', function index() {
      return renderTemplate('v.html');
    });
    app.registerBlueprint(shop, { urlPrefix: '/shop' });
    app.get('/', () => renderTemplate('v.html'));
    const client = app.testClient();
    assert.equal((await client.get('/shop/')).text, 'shop');
    assert.equal((await client.get('/')).text, 'none');
  });
});

describe('the request in templates', () => {
  it("shows posted form values as Flask templates write them: request.form['title']", async () => {
    const { app } = appWithFiles({
      'templates/f.html': "[{{ request.form['title'] }}][{{ request.form['missing'] }}]",
    });
    app.post('/', () => renderTemplate('f.html'));
    assert.equal((await app.testClient().post('/', { data: { title: 'Hi' } })).text, '[Hi][]');
  });

  it('gives request.args, headers and json by item and attribute', async () => {
    const { app } = appWithFiles({
      'templates/r.html':
        "{{ request.args['q'] }} {{ request.headers['X-Test'] }} {{ request.json.a }} {{ request.method }}",
    });
    app.post('/', () => renderTemplate('r.html'));
    const res = await app.testClient().post('/?q=x', { json: { a: 1 }, headers: { 'X-Test': 't' } });
    assert.equal(res.text, 'x t 1 POST');
  });

  it("reads session values by item: session['key']", async () => {
    const { app } = appWithFiles({ 'templates/s.html': "{{ session['user'] }}" });
    app.get('/', () => {
      session.set('user', 'ada');
      return renderTemplate('s.html');
    });
    assert.equal((await app.testClient().get('/')).text, 'ada');
  });
});
