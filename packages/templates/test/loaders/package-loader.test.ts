import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Environment, PackageLoader, TemplateNotFound } from '@flagon/templates';

// A project folder with real packages in node_modules, as npm would install them.
const project = realpathSync(mkdtempSync(join(tmpdir(), 'flagon-package-loader-')));
after(() => rmSync(project, { recursive: true, force: true }));

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), content);
}

function writePackage(
  folder: string,
  manifest: Record<string, unknown>,
  files: Record<string, string>,
): void {
  write(`${folder}/package.json`, JSON.stringify(manifest));
  for (const [name, content] of Object.entries(files)) write(`${folder}/${name}`, content);
}

writePackage(
  'node_modules/fixture-pkg',
  { name: 'fixture-pkg', version: '1.0.0' },
  {
    'templates/hello.html': 'Hello {{ name }}!',
    'templates/layout.html':
      '<main>{% block body %}{% endblock %}</main>{% include "partials/footer.html" %}',
    'templates/page.html': '{% extends "layout.html" %}{% block body %}Page {{ title }}{% endblock %}',
    'templates/partials/footer.html': '<footer>fixture</footer>',
    'mail/welcome.txt': 'Welcome, {{ name }}.',
  },
);
writePackage(
  'node_modules/@scope/pkg',
  { name: '@scope/pkg' },
  { 'templates/scoped.html': 'scoped {{ 1 + 1 }}' },
);
writePackage(
  'node_modules/hidden-pkg',
  { name: 'hidden-pkg', exports: { '.': './dist/index.js' } },
  // The nested package.json must not be taken for the package root.
  {
    'dist/index.js': 'module.exports = {};',
    'dist/package.json': '{"type":"commonjs"}',
    'templates/hidden.html': 'hidden',
  },
);
writePackage(
  'node_modules/esm-only-pkg',
  { name: 'esm-only-pkg', type: 'module', exports: { '.': { import: './index.js' } } },
  { 'index.js': 'export {};', 'templates/esm.html': 'esm only' },
);
writePackage('node_modules/bare-pkg', { name: 'bare-pkg' }, { 'index.js': '' });
// A sub-project with its own, different copy of fixture-pkg.
writePackage(
  'sub/node_modules/fixture-pkg',
  { name: 'fixture-pkg', version: '2.0.0' },
  { 'templates/hello.html': 'Hi {{ name }} from the sub-project' },
);
write('sub/src/main.js', '');
// A workspace package linked into node_modules, as npm workspaces and `npm link` do.
writePackage(
  'workspace/linked-pkg',
  { name: 'linked-pkg', type: 'module', exports: { '.': { import: './index.js' } } },
  { 'index.js': 'export {};', 'templates/linked.html': 'linked' },
);
symlinkSync(join(project, 'workspace/linked-pkg'), join(project, 'node_modules/linked-pkg'), 'dir');
write('outside.html', 'SECRET');

function render(loader: PackageLoader, name: string, context: Record<string, unknown> = {}): string {
  return new Environment({ loader }).getTemplate(name).render(context);
}

describe('PackageLoader finding the package', () => {
  it('finds a package in node_modules of the folder given as from', () => {
    const loader = new PackageLoader('fixture-pkg', 'templates', { from: project });
    assert.equal(render(loader, 'hello.html', { name: 'Ann' }), 'Hello Ann!');
  });

  it('looks the package up from the module whose file URL is given as from', () => {
    const from = pathToFileURL(join(project, 'sub/src/main.js')).href;
    const loader = new PackageLoader('fixture-pkg', 'templates', { from });
    assert.equal(render(loader, 'hello.html', { name: 'Bo' }), 'Hi Bo from the sub-project');
  });

  it('accepts a URL object as from', () => {
    const loader = new PackageLoader('fixture-pkg', 'templates', { from: pathToFileURL(`${project}/`) });
    assert.equal(render(loader, 'hello.html', { name: 'Cy' }), 'Hello Cy!');
  });

  it('looks the package up from the current working directory by default', () => {
    // Tests run inside the monorepo, where this engine is installed as a workspace package.
    const loader = new PackageLoader('@flagon/templates', 'src');
    assert.ok(loader.listTemplates().includes('loaders/package-loader.ts'));
  });

  it('finds a scoped package', () => {
    const loader = new PackageLoader('@scope/pkg', 'templates', { from: project });
    assert.equal(render(loader, 'scoped.html'), 'scoped 2');
  });

  it('finds a package whose exports map hides package.json', () => {
    const loader = new PackageLoader('hidden-pkg', 'templates', { from: project });
    assert.equal(render(loader, 'hidden.html'), 'hidden');
  });

  it('finds a package that exports only an import entry point', () => {
    const loader = new PackageLoader('esm-only-pkg', 'templates', { from: project });
    assert.equal(render(loader, 'esm.html'), 'esm only');
  });

  it('reads a linked package from its real folder', () => {
    const loader = new PackageLoader('linked-pkg', 'templates', { from: project });
    assert.equal(loader.templateRoot, join(project, 'workspace/linked-pkg/templates'));
    assert.equal(render(loader, 'linked.html'), 'linked');
  });
});

describe('PackageLoader templates', () => {
  const loader = new PackageLoader('fixture-pkg', 'templates', { from: project });

  it('uses the templates folder when no packagePath is given', () => {
    assert.equal(
      new PackageLoader('fixture-pkg', undefined, { from: project }).templateRoot,
      loader.templateRoot,
    );
  });

  it('resolves extends and include between the package’s templates', () => {
    assert.equal(
      render(loader, 'page.html', { title: 'One' }),
      '<main>Page One</main><footer>fixture</footer>',
    );
  });

  it('loads from a custom packagePath', () => {
    const mail = new PackageLoader('fixture-pkg', 'mail', { from: project });
    assert.equal(render(mail, 'welcome.txt', { name: 'Di' }), 'Welcome, Di.');
  });

  it('reports the template file as its filename', () => {
    const { filename } = loader.getSource(null, 'partials/footer.html');
    assert.equal(filename, join(project, 'node_modules/fixture-pkg/templates/partials/footer.html'));
  });

  it('lists every template in the folder, sorted, with slash-separated names', () => {
    assert.deepEqual(loader.listTemplates(), [
      'hello.html',
      'layout.html',
      'page.html',
      'partials/footer.html',
    ]);
  });

  it('raises TemplateNotFound for a template the folder does not have', () => {
    assert.throws(() => render(loader, 'missing.html'), TemplateNotFound);
  });

  it('refuses names that climb out of the folder', () => {
    assert.throws(() => loader.getSource(null, '../package.json'), TemplateNotFound);
    assert.throws(() => loader.getSource(null, 'partials/../../mail/welcome.txt'), TemplateNotFound);
    assert.throws(() => loader.getSource(null, '../../../outside.html'), TemplateNotFound);
  });

  it('reads a name with a leading slash from the folder, not from the file system root', () => {
    assert.equal(loader.getSource(null, '/hello.html').source, 'Hello {{ name }}!');
    assert.throws(() => loader.getSource(null, join(project, 'outside.html')), TemplateNotFound);
  });

  it('recompiles a template when its file modification time changes', () => {
    // Its own folder, so the file being rewritten touches no other test.
    write('node_modules/bare-pkg/reload/page.html', 'v1');
    const file = join(project, 'node_modules/bare-pkg/reload/page.html');
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const env = new Environment({ loader: new PackageLoader('bare-pkg', 'reload', { from: project }) });
    assert.equal(env.getTemplate('page.html').render(), 'v1');
    writeFileSync(file, 'v2');
    utimesSync(file, new Date(2021, 0, 1), new Date(2021, 0, 1));
    assert.equal(env.getTemplate('page.html').render(), 'v2');
  });

  it('reads templates in the encoding given', () => {
    write('node_modules/bare-pkg/latin1/cafe.html', Buffer.from('café', 'latin1'));
    const latin1 = new PackageLoader('bare-pkg', 'latin1', { from: project, encoding: 'latin1' });
    assert.equal(render(latin1, 'cafe.html'), 'café');
  });
});

describe('PackageLoader errors', () => {
  it('names the package and where it looked when the package is not installed', () => {
    assert.throws(
      () => new PackageLoader('no-such-pkg', 'templates', { from: project }),
      (error: Error) =>
        error.name === 'ValueError' &&
        error.message.includes(`Package 'no-such-pkg' was not found from '${project}/'`),
    );
  });

  it('names the package and the folder when the package has no such folder', () => {
    assert.throws(() => new PackageLoader('bare-pkg', 'templates', { from: project }), {
      name: 'ValueError',
      message: /Package 'bare-pkg' \(at '.*bare-pkg'\) has no folder 'templates'/,
    });
  });

  it('refuses a packagePath that leaves the package', () => {
    assert.throws(() => new PackageLoader('fixture-pkg', '../bare-pkg', { from: project }), {
      name: 'ValueError',
      message: /packagePath '\.\.\/bare-pkg' leaves package 'fixture-pkg'/,
    });
  });

  it('refuses a package name with a subpath and says where the subpath goes', () => {
    assert.throws(() => new PackageLoader('fixture-pkg/templates', 'templates', { from: project }), {
      name: 'ValueError',
      message: /'fixture-pkg\/templates' is not an npm package name.*packagePath/,
    });
  });

  it('refuses a relative path in place of a package name', () => {
    assert.throws(() => new PackageLoader('./node_modules/fixture-pkg', 'templates', { from: project }), {
      name: 'ValueError',
      message: /is not an npm package name/,
    });
  });
});
