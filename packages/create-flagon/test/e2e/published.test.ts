// The packages as users get them: packed as `npm publish` packs them, installed from the tarballs into fresh
// projects outside the repository (no workspace links), then type-checked and run there. Slow (npm installs
// typescript and @types/node from the registry), so everything shares one pack, which the cache of
// tools/pack-packages.ts also shares with the image test.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  get,
  oldNode,
  type Packed,
  packAll,
  REPO,
  run,
  serve,
  tarballFiles,
  tempDir,
} from '../helpers/packages.ts';

/** The fenced blocks of a README section, each with the line of text just before it. */
function sectionBlocks(heading: string): { lang: string; code: string; before: string }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `README.md has no "${heading}" section`);
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  const blocks: { lang: string; code: string; before: string }[] = [];
  const fence = /(?:^|\n)([^\n]*)\n+```(\w*)\n([\s\S]*?)\n```/g;
  for (const match of section.matchAll(fence)) {
    blocks.push({ before: match[1] ?? '', lang: match[2] ?? '', code: match[3] ?? '' });
  }
  return blocks;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

let packed: Packed;
before(() => {
  packed = packAll();
});

function tarball(name: string): string {
  const path = packed.tarballs.get(name);
  assert.ok(path, `packages/${name} was not packed`);
  return path;
}

describe('the packed packages', () => {
  it('ship dist with declarations and source maps, and neither tests nor TypeScript sources', () => {
    for (const [name, path] of packed.tarballs) {
      const files = tarballFiles(path);
      assert.ok(files.includes('dist/index.js'), `${name}: dist/index.js`);
      assert.ok(files.includes('dist/index.d.ts'), `${name}: dist/index.d.ts`);
      assert.ok(files.includes('dist/index.js.map'), `${name}: dist/index.js.map`);
      assert.deepEqual(
        files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || /\.test\./.test(f)),
        [],
        name,
      );
    }
  });

  it('have built JavaScript whose relative imports name .js files', () => {
    const files = tarballFiles(tarball('flagon'));
    assert.ok(files.includes('dist/cli/main.js'));
    assert.ok(files.includes('bin/flagon.js'));
    const extracted = tempDir('flagon-tar-');
    try {
      run('tar', ['-xzf', tarball('flagon'), '-C', extracted.dir], extracted.dir);
      const index = readFileSync(join(extracted.dir, 'package/dist/index.js'), 'utf8');
      assert.match(index, /from '\.\/app\/flagon\.js'/);
      assert.doesNotMatch(index, /\.ts'/);
      const manifest = JSON.parse(readFileSync(join(extracted.dir, 'package/package.json'), 'utf8'));
      assert.equal(manifest.dependencies['@flagon/templates'], '^0.1.0');
    } finally {
      extracted.rm();
    }
  });
});

describe('the extensions, installed from their tarballs beside flagon', () => {
  it('resolve flagon as their peer and load from dist', (t) => {
    const extensions = ['auth', 'forms', 'sql', 'redis'].filter((name) => packed.tarballs.has(name));
    for (const [name, why] of packed.skipped)
      t.diagnostic(`packages/${name} did not build, left out: ${why}`);
    if (extensions.length === 0) return t.skip('no extension package builds yet');
    const project = tempDir('flagon-extensions-');
    try {
      run('npm', ['init', '-y'], project.dir);
      run('npm', ['pkg', 'set', 'type=module'], project.dir);
      const tarballs = ['flagon', 'templates', ...extensions].map(tarball);
      const installed = run('npm', ['install', ...tarballs], project.dir);
      assert.equal(installed.code, 0, installed.stderr);
      const names = extensions.map((name) => `@flagon/${name}`);
      const script = `for (const name of ${JSON.stringify(names)}) { const m = await import(name); if (Object.keys(m).length === 0) throw new Error(name + ' exports nothing'); }`;
      const loaded = run(process.execPath, ['--input-type=module', '-e', script], project.dir);
      assert.equal(loaded.code, 0, loaded.stderr);
      // Vite and `node --conditions=development` resolve the common `development` condition: the published
      // exports must not send it to sources the tarballs do not ship.
      const withDevelopment = ['--conditions=development', '--input-type=module', '-e', script];
      const loadedInDevelopment = run(process.execPath, withDevelopment, project.dir);
      assert.equal(loadedInDevelopment.code, 0, loadedInDevelopment.stderr);
      const tree = run('npm', ['ls', '--all', 'flagon'], project.dir);
      assert.equal(tree.code, 0, tree.stdout + tree.stderr);
      // One flagon for all: the extensions' peer ranges resolve to the installed one.
      assert.equal(tree.stdout.match(/flagon@0\.1\.0(?! deduped)/g)?.length, 1, tree.stdout);
    } finally {
      project.rm();
    }
  });
});

describe('README: a new project by hand, followed literally', () => {
  const project = tempDir('flagon-by-hand-');
  let app = '';
  let projectRoot = project.dir;
  after(() => project.rm());

  before(() => {
    // Run the README's steps in order: shell lines (with `cd`), and the files it names before each block.
    let cwd = project.dir;
    for (const block of sectionBlocks('### By hand')) {
      const file = block.before.match(/^`([^`]+)`/)?.[1];
      if (file !== undefined) {
        writeFileSync(join(cwd, file), `${block.code}\n`);
        if (file === 'app.ts') app = block.code;
        continue;
      }
      if (block.lang !== 'sh') continue;
      for (const line of block.code.split('\n')) {
        const command = line.replace(/\s+#.*$/, '').trim();
        // The last block serves and checks; it runs in the tests below.
        if (command === '' || /^(npx|node) /.test(command)) continue;
        for (const part of command.split('&&').map((p) => p.trim())) {
          if (part.startsWith('cd ')) {
            cwd = join(cwd, part.slice(3));
            continue;
          }
          if (part.startsWith('mkdir ')) {
            mkdirSync(join(cwd, part.slice(6)), { recursive: true });
            continue;
          }
          // `npm install flagon` comes from the tarballs, as the registry would serve them.
          const args =
            part === 'npm install flagon' ? ['install', tarball('flagon'), tarball('templates')] : [];
          const result = args.length > 0 ? run('npm', args, cwd) : run('sh', ['-c', part], cwd);
          assert.equal(result.code, 0, `${part}\n${result.stderr}${result.stdout}`);
        }
      }
    }
    projectRoot = cwd;
  });

  it('writes a package.json of type module', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    assert.equal(pkg.type, 'module');
    assert.ok(pkg.dependencies.flagon);
  });

  it('type-checks the first example with the README tsconfig (npx tsc)', () => {
    assert.match(app, /new Flagon\(import\.meta\.url\)/);
    const result = run('npx', ['tsc'], projectRoot);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('lists the routes with npx flagon routes', () => {
    const result = run('npx', ['flagon', 'routes'], projectRoot);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\/user\/<int:id>/);
    assert.match(result.stdout, /\/echo/);
  });

  it('serves the example with flagon run', async () => {
    const server = await serve(
      'npx',
      ['flagon', 'run', '--port', '0'],
      projectRoot,
      /Running on (http:\/\/\S+)/,
    );
    try {
      const res = await get(`${server.match[1]}/user/41`);
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), { id: 41, next: 42 });
    } finally {
      await server.stop();
    }
  });

  it('serves the example with node app.ts on port 5000', async (t) => {
    if (!(await portIsFree(5000))) return t.skip('port 5000 is taken on this machine');
    const server = await serve('node', ['app.ts'], projectRoot, /Running on (http:\/\/\S+)/);
    try {
      const res = await get('http://127.0.0.1:5000/hello/%3Ci%3E');
      assert.equal(res.status, 200);
      assert.equal(res.body, 'Hello, &lt;i&gt;!');
    } finally {
      await server.stop();
    }
  });

  it('says on Node 20 which Node it needs, from the flagon command and from import', (t) => {
    const node20 = oldNode();
    if (node20 === null) return t.skip('no Node.js older than 24 on this machine');
    const bin = run(node20, ['node_modules/flagon/bin/flagon.js', 'routes'], projectRoot);
    assert.equal(bin.code, 1);
    assert.match(bin.stderr, /^Flagon needs Node\.js 24\.2 or newer \(this is \d+\.\d+\.\d+\)/);
    const imported = run(node20, ['--input-type=module', '-e', "import 'flagon';"], projectRoot);
    assert.equal(imported.code, 1);
    assert.match(imported.stderr, /^Flagon needs Node\.js 24\.2 or newer \(this is \d+\.\d+\.\d+\)/);
  });
});

describe('npm create flagon, from the packed create-flagon', () => {
  const work = tempDir('flagon-create-');
  const root = join(work.dir, 'my-app');
  after(() => work.rm());

  before(() => {
    const created = run(
      'npm',
      ['exec', '--yes', `--package=${tarball('create-flagon')}`, '--', 'create-flagon', 'my-app', '--yes'],
      work.dir,
    );
    assert.equal(created.code, 0, created.stderr + created.stdout);
    // The scaffold's ^0.1.0 ranges would go to the registry; the tarballs stand in for it.
    const installed = run('npm', ['install', tarball('flagon'), tarball('templates')], root);
    assert.equal(installed.code, 0, installed.stderr);
  });

  it('refuses to write into the folder once it is not empty', () => {
    const again = run(
      'npm',
      ['exec', '--yes', `--package=${tarball('create-flagon')}`, '--', 'create-flagon', 'my-app', '--yes'],
      work.dir,
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is not empty/);
  });

  it("passes the new project's own tests (npm test)", () => {
    const result = run('npm', ['test'], root);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\bpass [1-9]/);
    assert.match(result.stdout, /\bfail 0\b/);
  });

  it('type-checks the new project (npm run typecheck)', () => {
    const result = run('npm', ['run', 'typecheck'], root);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('serves its first page with the dev server (npm run dev)', async () => {
    const server = await serve('npm', ['run', 'dev', '--', '--port', '0'], root, /Running on (http:\/\/\S+)/);
    try {
      const home = await get(`${server.match[1]}/`);
      assert.equal(home.status, 200);
      assert.match(home.body, /Hello from Flagon/);
      const css = await get(`${server.match[1]}/main/static/style.css`);
      assert.equal(css.status, 200);
    } finally {
      await server.stop();
    }
  });

  it('serves its first page with the production server (npm start)', async () => {
    const server = await serve('npm', ['start', '--', '--port', '0'], root, /Listening at: (http:\/\/\S+)/);
    try {
      const home = await get(`${server.match[1]}/`);
      assert.equal(home.status, 200);
      assert.match(home.body, /Hello from Flagon/);
    } finally {
      await server.stop();
    }
  });

  it('finds the factory with npx flagon routes', () => {
    const result = run('npx', ['flagon', 'routes'], root);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /main\.hello/);
  });
});
