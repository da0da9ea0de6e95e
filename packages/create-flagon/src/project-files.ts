/** The files of a new project, as data: `scaffold` writes them, tests read them. */

/** What the new project holds. */
export interface ProjectOptions {
  /** The npm package name (the folder's name, lowercased). */
  readonly name: string;
  /** One `app.ts` instead of the factory, blueprint, templates and tests. */
  readonly minimal: boolean;
  /** The database extension (`@flagon/sql`, SQLite in the instance folder). */
  readonly db: boolean;
  /** Login sessions and password hashing (`@flagon/auth`). */
  readonly auth: boolean;
  /** The version range written for flagon and its extensions (`^0.1.0`). */
  readonly flagonRange: string;
}

/** A project-relative path (always `/`-separated) and its text. */
export type ProjectFiles = ReadonlyMap<string, string>;

const TSCONFIG = `{
  // Node runs the .ts files directly (type stripping); tsc only checks them.
  "compilerOptions": {
    "target": "es2024",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "verbatimModuleSyntax": true,
    "erasableSyntaxOnly": true,
    "isolatedModules": true,
    "skipLibCheck": true
  },
  "include": ["src", "test", "*.ts"]
}
`;

const GITIGNORE = `node_modules/
instance/
.env
dist/
*.log
`;

const DOCKERFILE = `# docker build -t app . && docker run -p 8000:8000 app
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
# The app writes its instance folder (a SECRET_KEY on first start; set FLAGON_SECRET_KEY to choose it).
RUN mkdir -p instance && chown node:node instance
EXPOSE 8000
USER node
CMD ["npx", "flagon", "serve", "--host", "0.0.0.0", "--port", "8000"]
`;

function packageJson(options: ProjectOptions): string {
  const dependencies: Record<string, string> = {
    flagon: options.flagonRange,
    ...(options.auth ? { '@flagon/auth': options.flagonRange } : {}),
    ...(options.db ? { '@flagon/sql': options.flagonRange } : {}),
  };
  const pkg = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=24.2' },
    scripts: {
      dev: 'flagon run --debug',
      start: 'flagon serve',
      test: 'node --test',
      typecheck: 'tsc',
    },
    dependencies,
    devDependencies: { '@types/node': '^24.0.0', typescript: '^7.0.0' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function readme(options: ProjectOptions): string {
  return `# ${options.name}

A [Flagon](https://www.npmjs.com/package/flagon) app. Needs Node.js 24.2 or newer.

\`\`\`sh
npm install
npm run dev         # http://127.0.0.1:5000, reloads on change, debug page on errors
npm test            # node --test
npm run typecheck   # tsc
npm start           # flagon serve: the production server (put it behind nginx)
\`\`\`

${
  options.minimal
    ? 'The whole app is `app.ts`.'
    : `- \`src/app.ts\`: the application factory, \`createApp()\`; \`flagon\` finds it through \`.flagonenv\`.
- \`src/main/\`: the \`main\` blueprint: its views, templates and static files.
- \`src/templates/base.html\`: the layout every page extends.
- \`test/\`: tests through the test client.
- \`instance/\`: local config and data, not committed (\`SECRET_KEY\` is made there on first start).`
}
`;
}

const MINIMAL_APP = `import { escape, Flagon } from 'flagon';

export const app = new Flagon(import.meta.url);

app.get('/', function index() {
  return '<h1>Hello from Flagon!</h1>';
});

app.get('/hello/<name>', function hello({ name }) {
  return \`Hello, \${escape(name)}!\`;
});

// \`node app.ts\` serves it too; \`npm run dev\` (flagon run --debug) adds the reloader and the debug page.
if (import.meta.main) await app.listen({ port: 5000 });
`;

const MINIMAL_TEST = `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app } from './app.ts';

describe('the app', () => {
  it('greets on the home page', async () => {
    const res = await app.testClient().get('/');
    assert.equal(res.status, 200);
    assert.match(res.text, /Hello from Flagon/);
  });
});
`;

function appFactory(options: ProjectOptions): string {
  const imports = [
    "import { randomBytes } from 'node:crypto';",
    "import { existsSync, mkdirSync, writeFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    "import { Flagon } from 'flagon';",
    ...(options.auth ? ["import { login } from './auth.ts';"] : []),
    ...(options.db ? ["import { db } from './db.ts';"] : []),
    "import { main } from './main/views.ts';",
  ];
  return `${imports.join('\n')}

const instancePath = new URL('../instance', import.meta.url).pathname;

/** A secret key kept in the instance folder, made on first start, so sessions survive restarts. */
function ensureInstanceConfig(): void {
  const file = join(instancePath, 'config.json');
  if (existsSync(file)) return;
  mkdirSync(instancePath, { recursive: true });
  const config = { SECRET_KEY: randomBytes(32).toString('hex') };
  writeFileSync(file, \`\${JSON.stringify(config, null, 2)}\\n\`, { mode: 0o600 });
}

/**
 * The application factory, as in Flask: \`createApp()\` for \`flagon run\` and \`flagon serve\`,
 * \`createApp({ TESTING: true, ... })\` in tests.
 */
export function createApp(testConfig?: Record<string, unknown>): Flagon {
  const app = new Flagon(import.meta.url, { instancePath, instanceRelativeConfig: true });
  if (testConfig === undefined) {
    ensureInstanceConfig();
    app.config.fromFile('config.json', JSON.parse, { silent: true });
    // FLAGON_SECRET_KEY=... in the environment (or .env) wins over the file.
    app.config.fromEnv('FLAGON_');
  } else {
    app.config.fromMapping(testConfig);
  }
${options.db ? '  db.initApp(app);\n' : ''}${options.auth ? '  login.initApp(app);\n' : ''}  app.registerBlueprint(main);
  return app;
}
`;
}

const VIEWS = `import { Blueprint, renderTemplate } from 'flagon';

/** The main pages. Its templates are in ./templates/main/, its static files in ./static/. */
export const main = new Blueprint('main', import.meta.url, {
  templateFolder: 'templates',
  staticFolder: 'static',
  staticUrlPath: '/main/static',
});

main.get('/', function index() {
  return renderTemplate('main/index.html', { title: 'Home' });
});

main.get('/hello/<name>', function hello({ name }) {
  return renderTemplate('main/hello.html', { title: 'Hello', name });
});
`;

const BASE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{{ title }}{% endblock %} - Flagon</title>
  <link rel="stylesheet" href="{{ url_for('main.static', filename='style.css') }}">
</head>
<body>
  <nav><a href="{{ url_for('main.index') }}">Home</a></nav>
  <main>
    {% for message in get_flashed_messages() %}
      <div class="flash">{{ message }}</div>
    {% endfor %}
    {% block content %}{% endblock %}
  </main>
</body>
</html>
`;

const INDEX_HTML = `{% extends 'base.html' %}
{% block content %}
  <h1>Hello from Flagon!</h1>
  <p>Edit <code>src/main/views.ts</code> and <code>src/main/templates/main/index.html</code>; the page reloads
  on the next request.</p>
  <p>Try <a href="{{ url_for('main.hello', name='World') }}">a page with a URL parameter</a>.</p>
{% endblock %}
`;

const HELLO_HTML = `{% extends 'base.html' %}
{% block content %}
  <h1>Hello, {{ name }}!</h1>
{% endblock %}
`;

const STYLE_CSS = `body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
nav { margin-bottom: 1rem; }
.flash { background: #eef; padding: 0.5rem; border: 1px solid #99c; }
`;

const APP_TEST = `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../src/app.ts';

const client = () => createApp({ TESTING: true, SECRET_KEY: 'test' }).testClient();

describe('main pages', () => {
  it('serves the home page from the base template', async () => {
    const res = await client().get('/');
    assert.equal(res.status, 200);
    assert.match(res.text, /Hello from Flagon/);
    assert.match(res.text, /\\/main\\/static\\/style\\.css/);
  });

  it('escapes the name it greets', async () => {
    const res = await client().get('/hello/%3Cb%3E');
    assert.equal(res.status, 200);
    assert.match(res.text, /Hello, &lt;b&gt;!/);
  });

  it('serves the blueprint stylesheet', async () => {
    const res = await client().get('/main/static/style.css');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\\/css/);
  });
});
`;

const DB_TS = `import { type Generated, SQL } from '@flagon/sql';

/** The tables, for typed queries: \`await db.kysely.selectFrom('note').selectAll().execute()\`. */
export interface Database {
  note: { id: Generated<number>; body: string };
}

/**
 * The database (Flask-SQLAlchemy's \`db\`), attached in \`createApp\`. \`DATABASE_URL\` picks it;
 * the default is SQLite in instance/app.db.
 */
export const db = new SQL<Database>();
`;

const AUTH_TS = `import { LoginManager } from '@flagon/auth';

/**
 * Login sessions (Flask-Login's \`LoginManager\`), attached in \`createApp\`. Protect views with
 * \`loginRequired\`, log users in with \`loginUser\`, read them with \`currentUser\`.
 */
export const login = new LoginManager(null, { loginView: null });

// Finds the user whose id the session holds (the text \`user.getId()\` gave at login), or null.
// There are no users yet: look them up in your database here.
login.userLoader(async (_id: string) => null);
`;

/**
 * The files of a new project: a Flask-style layout (application factory, one blueprint with its templates
 * and static files, a base template, tests through the test client) or, with `minimal`, one `app.ts`.
 */
export function projectFiles(options: ProjectOptions): ProjectFiles {
  const files = new Map<string, string>([
    ['package.json', packageJson(options)],
    ['tsconfig.json', TSCONFIG],
    ['.gitignore', GITIGNORE],
    ['README.md', readme(options)],
    ['Procfile', 'web: npx flagon serve --host 0.0.0.0 --port $PORT\n'],
    ['Dockerfile', DOCKERFILE],
  ]);
  if (options.minimal) {
    files.set('.flagonenv', 'FLAGON_APP=app.ts\n');
    files.set('app.ts', MINIMAL_APP);
    files.set('app.test.ts', MINIMAL_TEST);
    return files;
  }
  files.set(
    '.flagonenv',
    '# Read by the flagon command. Secrets go in .env, which is not committed.\nFLAGON_APP=src/app.ts\n',
  );
  files.set('src/app.ts', appFactory(options));
  files.set('src/main/views.ts', VIEWS);
  files.set('src/main/templates/main/index.html', INDEX_HTML);
  files.set('src/main/templates/main/hello.html', HELLO_HTML);
  files.set('src/main/static/style.css', STYLE_CSS);
  files.set('src/templates/base.html', BASE_HTML);
  files.set('test/app.test.ts', APP_TEST);
  if (options.db) files.set('src/db.ts', DB_TS);
  if (options.auth) files.set('src/auth.ts', AUTH_TS);
  return files;
}
