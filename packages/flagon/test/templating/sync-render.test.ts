// renderTemplate renders synchronously when the data holds nothing to await, and asynchronously otherwise: the
// output must not tell the two apart, and everything async (promises, async iterables, async functions, async
// getters, async context processors, signal receivers) keeps being awaited wherever it sits.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  beforeRenderTemplate,
  Flagon,
  flash,
  g,
  type RunningServer,
  renderTemplate,
  session,
  streamTemplate,
} from 'flagon';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function appWithFiles(files: Record<string, string>): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-sync-render-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const app = new Flagon('test', { rootPath: root });
  app.config.SECRET_KEY = 'test';
  return app;
}

// A page that uses what a real one does: inheritance, a macro, loops with loop.*, filters, url_for,
// request, session, g, config, flashed messages, a context processor and an app global.
const PAGE = {
  'templates/layout.html':
    '<title>{% block title %}{% endblock %} - {{ config.SITE }}</title>' +
    '{% for m in get_flashed_messages() %}<p class="flash">{{ m }}</p>{% endfor %}' +
    '<nav>{{ url_for("index", page=2) }} {{ request.path }} {{ request.args.q }} {{ session.user }} {{ g.theme }}</nav>' +
    '{% block content %}{% endblock %}',
  'templates/index.html':
    '{% extends "layout.html" %}{% from "macros.html" import card %}' +
    '{% block title %}{{ heading|title }}{% endblock %}' +
    '{% block content %}{% for post in posts %}{{ card(post) }}{% if not loop.last %}<hr>{% endif %}' +
    '{% else %}none{% endfor %}{{ posts|map(attribute="id")|join(",") }} {{ shout(site) }} {{ tags|sort|join("|") }}' +
    '{% endblock %}',
  'templates/macros.html':
    '{% macro card(post) %}<article>{{ post.title }} by {{ post.author.name|e }} ' +
    'on {{ post.created.year }}</article>{% endmacro %}',
};

function posts(): Array<Record<string, unknown>> {
  return [
    { id: 1, title: 'First <post>', author: { name: 'Ada & co' }, created: new Date(Date.UTC(2024, 0, 1)) },
    { id: 2, title: 'Second', author: { name: 'Bo' }, created: new Date(Date.UTC(2025, 5, 1)) },
  ];
}

function pageApp(makeData: () => Record<string, unknown>): Flagon {
  const app = appWithFiles(PAGE);
  app.config.SITE = 'Flaskr';
  app.contextProcessor(() => ({ site: 'flaskr' }));
  app.templateGlobal(function shout(text: string) {
    return text.toUpperCase();
  });
  app.get('/', function index() {
    session.set('user', 'ada');
    g.theme = 'dark';
    flash('Saved <b>');
    return renderTemplate('index.html', makeData());
  });
  return app;
}

async function pageText(app: Flagon): Promise<string> {
  const res = await app.testClient().get('/?q=x');
  assert.equal(res.status, 200);
  return res.text;
}

describe('renderTemplate: the synchronous render', () => {
  it('renders plain data exactly as when a promise in the data makes the render asynchronous', async () => {
    const plain = await pageText(
      pageApp(() => ({ heading: 'recent posts', posts: posts(), tags: new Set(['b', 'a']) })),
    );
    const awaited = await pageText(
      pageApp(() => ({
        heading: Promise.resolve('recent posts'),
        posts: posts(),
        tags: new Set(['b', 'a']),
      })),
    );
    assert.equal(plain, awaited);
    assert.match(plain, /<title>Recent Posts - Flaskr<\/title>/);
    assert.match(plain, /<p class="flash">Saved &lt;b&gt;<\/p>/);
    assert.match(plain, /<nav>\/\?page=2 \/ x ada dark<\/nav>/);
    assert.match(plain, /<article>First &lt;post&gt; by Ada &amp; co on 2024<\/article><hr><article>Second/);
    assert.match(plain, /1,2 FLASKR a\|b$/);
  });

  it('renders the same null-prototype rows (as node:sqlite returns them) as plain ones', async () => {
    const rows = () => posts().map((post) => Object.assign(Object.create(null), post));
    const fromRows = await pageText(pageApp(() => ({ heading: 'x', posts: rows(), tags: [] })));
    const fromObjects = await pageText(pageApp(() => ({ heading: 'x', posts: posts(), tags: [] })));
    assert.equal(fromRows, fromObjects);
  });
});

describe('renderTemplate: async data is still awaited wherever it sits', () => {
  function oneLine(template: string, view: () => Promise<string> | string, setup?: (app: Flagon) => void) {
    const app = appWithFiles({ 'templates/t.html': template });
    setup?.(app);
    app.get('/', view);
    return app.testClient().get('/');
  }

  it('awaits a promise nested in a list of rows', async () => {
    const res = await oneLine('{% for p in posts %}{{ p.author.name }};{% endfor %}', () =>
      renderTemplate('t.html', {
        posts: [{ author: { name: 'Ada' } }, { author: Promise.resolve({ name: 'Bo' }) }],
      }),
    );
    assert.equal(res.text, 'Ada;Bo;');
  });

  it('iterates an async iterable nested in a plain object', async () => {
    async function* names() {
      yield 'a';
      yield 'b';
    }
    const res = await oneLine('{% for n in data.names %}{{ n }}{% endfor %}', () =>
      renderTemplate('t.html', { data: { names: names() } }),
    );
    assert.equal(res.text, 'ab');
  });

  it('iterates an async iterable written as an object literal', async () => {
    const letters = {
      async *[Symbol.asyncIterator]() {
        yield 'x';
        yield 'y';
      },
    };
    const res = await oneLine('{% for l in letters %}{{ l }}{% endfor %}', () =>
      renderTemplate('t.html', { letters }),
    );
    assert.equal(res.text, 'xy');
  });

  it('awaits a promise the view put on g', async () => {
    const res = await oneLine('{{ g.user.name }}', () => {
      g.user = Promise.resolve({ name: 'Ada' });
      return renderTemplate('t.html');
    });
    assert.equal(res.text, 'Ada');
  });

  it('awaits what an async template global returns', async () => {
    const res = await oneLine(
      '{{ lookup(3) }}',
      () => renderTemplate('t.html'),
      (app) =>
        app.templateGlobal(async function lookup(n: number) {
          return n * 2;
        }),
    );
    assert.equal(res.text, '6');
  });

  it('awaits what an async template filter returns', async () => {
    const res = await oneLine(
      '{{ 4|half }}',
      () => renderTemplate('t.html'),
      (app) =>
        app.templateFilter(async function half(n: number) {
          return n / 2;
        }),
    );
    assert.equal(res.text, '2');
  });

  it('awaits a getter of a class instance in the data', async () => {
    class Post {
      get author(): Promise<{ name: string }> {
        return Promise.resolve({ name: 'Ada' });
      }
    }
    const res = await oneLine('{{ post.author.name }}', () => renderTemplate('t.html', { post: new Post() }));
    assert.equal(res.text, 'Ada');
  });

  it('awaits an async context processor and a promise among its values', async () => {
    const res = await oneLine(
      '{{ a }} {{ b }}',
      () => renderTemplate('t.html'),
      (app) => {
        app.contextProcessor(async () => ({ a: 'one' }));
        app.contextProcessor(() => ({ b: Promise.resolve('two') }));
      },
    );
    assert.equal(res.text, 'one two');
  });

  it('awaits a promise a beforeRenderTemplate receiver adds to the context', async () => {
    const app = appWithFiles({ 'templates/t.html': '{{ late }}' });
    app.get('/', () => renderTemplate('t.html'));
    const res = await beforeRenderTemplate.connectedTo(
      (_sender, _template, context) => {
        context.late = Promise.resolve('added');
      },
      () => app.testClient().get('/'),
    );
    assert.equal(res.text, 'added');
  });

  it('reads a posted form into request.form and request.values before rendering', async () => {
    const app = appWithFiles({ 'templates/t.html': '{{ request.form.title }}|{{ request.values.q }}' });
    app.post('/', () => renderTemplate('t.html'));
    const res = await app.testClient().post('/?q=1', { data: { title: 'Hi' } });
    assert.equal(res.text, 'Hi|1');
  });
});

describe('streamTemplate: an async iterable in {% for %}', () => {
  it('sends the rows of an async generator chunked, with the request context inside it', async () => {
    const app = appWithFiles({
      'templates/rows.html': '{% for row in rows %}<li>{{ row }}</li>{% endfor %}',
    });
    async function* rows() {
      yield 'first';
      await new Promise((resolve) => setImmediate(resolve));
      yield String(g.who);
    }
    app.get('/', () => {
      g.who = 'Ada';
      return streamTemplate('rows.html', { rows: rows() });
    });
    const server: RunningServer = await app.listen({ port: 0, quiet: true });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/`);
      assert.equal(res.headers.get('transfer-encoding'), 'chunked');
      assert.equal(await res.text(), '<li>first</li><li>Ada</li>');
    } finally {
      await server.close();
    }
  });
});
