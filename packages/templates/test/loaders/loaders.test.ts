import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ChoiceLoader,
  DictLoader,
  Environment,
  FileSystemLoader,
  FunctionLoader,
  type Loader,
  PackageLoader,
  PrefixLoader,
  TemplateNotFound,
} from '@flagon/templates';

const root = mkdtempSync(join(tmpdir(), 'flagon-templates-'));
mkdirSync(join(root, 'pages'));
writeFileSync(join(root, 'hello.html'), 'Hello {{ name }}');
writeFileSync(join(root, 'pages', 'nested.html'), 'nested');
writeFileSync(join(tmpdir(), 'flagon-outside.html'), 'SECRET');
// The same templates shipped in an installed package, for PackageLoader.
const suitePackage = join(root, 'node_modules', 'suite-pkg');
mkdirSync(join(suitePackage, 'templates', 'pages'), { recursive: true });
writeFileSync(join(suitePackage, 'package.json'), '{"name":"suite-pkg"}');
writeFileSync(join(suitePackage, 'templates', 'hello.html'), 'Hello {{ name }}');
writeFileSync(join(suitePackage, 'templates', 'pages', 'nested.html'), 'nested');
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'flagon-outside.html'), { force: true });
});

const SOURCES = { 'hello.html': 'Hello {{ name }}', 'pages/nested.html': 'nested' };

// Every loader must give the same answers for the same templates.
const loaders: [string, () => Loader][] = [
  ['DictLoader', () => new DictLoader(SOURCES)],
  ['FileSystemLoader', () => new FileSystemLoader(root)],
  ['PackageLoader', () => new PackageLoader('suite-pkg', 'templates', { from: root })],
  ['FunctionLoader', () => new FunctionLoader((name) => (SOURCES as Record<string, string>)[name])],
  ['ChoiceLoader', () => new ChoiceLoader([new DictLoader({}), new DictLoader(SOURCES)])],
  [
    'PrefixLoader (no prefix use)',
    () => new ChoiceLoader([new PrefixLoader({ x: new DictLoader({}) }), new DictLoader(SOURCES)]),
  ],
];

for (const [name, make] of loaders) {
  describe(`${name} behaviour`, () => {
    it('loads a template by name', () => {
      const env = new Environment({ loader: make() });
      assert.equal(env.getTemplate('hello.html').render({ name: 'Ann' }), 'Hello Ann');
    });

    it('loads templates in sub-folders by slash-separated names', () => {
      assert.equal(new Environment({ loader: make() }).getTemplate('pages/nested.html').render(), 'nested');
    });

    it('raises TemplateNotFound for a missing template', () => {
      assert.throws(() => new Environment({ loader: make() }).getTemplate('missing.html'), TemplateNotFound);
    });
  });
}

describe('FileSystemLoader', () => {
  it('refuses names that climb out of the search path', () => {
    const env = new Environment({ loader: new FileSystemLoader(join(root, 'pages')) });
    assert.throws(() => env.getTemplate('../hello.html'), TemplateNotFound);
    assert.throws(() => env.getTemplate('../../flagon-outside.html'), TemplateNotFound);
    assert.throws(() => env.getTemplate('a/../../hello.html'), TemplateNotFound);
    assert.throws(() => env.getTemplate('..\\hello.html'), TemplateNotFound);
  });

  it('searches several paths in order', () => {
    const env = new Environment({ loader: new FileSystemLoader([join(root, 'pages'), root]) });
    assert.equal(env.getTemplate('nested.html').render(), 'nested');
    assert.equal(env.getTemplate('hello.html').render({ name: 'x' }), 'Hello x');
  });

  it('recompiles a template when its file modification time changes', () => {
    const file = join(root, 'reload.html');
    writeFileSync(file, 'v1');
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const env = new Environment({ loader: new FileSystemLoader(root) });
    assert.equal(env.getTemplate('reload.html').render(), 'v1');
    writeFileSync(file, 'v2');
    utimesSync(file, new Date(2021, 0, 1), new Date(2021, 0, 1));
    assert.equal(env.getTemplate('reload.html').render(), 'v2');
  });

  it('lists the templates it can load', () => {
    const names = new FileSystemLoader(root).listTemplates();
    assert.ok(names.includes('hello.html') && names.includes('pages/nested.html'));
  });
});

describe('PrefixLoader', () => {
  it('picks the loader by prefix and strips it', () => {
    const env = new Environment({ loader: new PrefixLoader({ app: new DictLoader({ 'x.html': 'X' }) }) });
    assert.equal(env.getTemplate('app/x.html').render(), 'X');
    assert.throws(() => env.getTemplate('other/x.html'), TemplateNotFound);
  });
});

describe('DictLoader', () => {
  it('does not find names from Object.prototype', () => {
    const env = new Environment({ loader: new DictLoader({}) });
    assert.throws(() => env.getTemplate('constructor'), TemplateNotFound);
    assert.throws(() => env.getTemplate('__proto__'), TemplateNotFound);
  });
});
