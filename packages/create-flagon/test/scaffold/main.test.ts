import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CreateIo, main } from 'create-flagon';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-flagon-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `create-flagon …argv` in the temp folder; `answers` are typed into the prompts of a terminal. */
async function create(argv: string[], answers?: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  const io: CreateIo = {
    stdin,
    stdout: {
      write: (text: string) => {
        stdout += text;
        // Answer each question as it is asked.
        if (answers !== undefined && /[?)] $/.test(text)) stdin.write(`${answers.shift() ?? ''}\n`);
        return true;
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    isInteractive: answers !== undefined,
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

describe('create-flagon', () => {
  it('lays out a Flask-style project: factory, blueprint with templates and static, tests, deploy files', async () => {
    const result = await create(['my-app', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(filesUnder(join(cwd, 'my-app')), [
      '.flagonenv',
      '.gitignore',
      'Dockerfile',
      'Procfile',
      'README.md',
      'package.json',
      'src/app.ts',
      'src/main/static/style.css',
      'src/main/templates/main/hello.html',
      'src/main/templates/main/index.html',
      'src/main/views.ts',
      'src/templates/base.html',
      'test/app.test.ts',
      'tsconfig.json',
    ]);
    assert.match(result.stdout, /cd my-app\n {2}npm install\n {2}npm run dev/);
  });

  it('writes a package.json of type module for Node 24 with the dev, start and test scripts', async () => {
    await create(['my-app', '--yes']);
    const pkg = JSON.parse(readFileSync(join(cwd, 'my-app/package.json'), 'utf8'));
    assert.equal(pkg.name, 'my-app');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.engines.node, '>=24.2');
    assert.equal(pkg.scripts.dev, 'flagon run --debug');
    assert.equal(pkg.scripts.start, 'flagon serve');
    assert.equal(pkg.scripts.test, 'node --test');
    assert.match(pkg.dependencies.flagon, /^\^\d+\.\d+\.\d+$/);
  });

  it('keeps the instance folder and .env out of git', async () => {
    await create(['my-app', '--yes']);
    const ignored = readFileSync(join(cwd, 'my-app/.gitignore'), 'utf8').split('\n');
    assert.ok(ignored.includes('instance/'));
    assert.ok(ignored.includes('.env'));
    assert.ok(ignored.includes('node_modules/'));
  });

  it('refuses a folder that is not empty, and writes nothing', async () => {
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken/notes.txt'), 'mine');
    const result = await create(['taken', '--yes']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /is not empty \(it holds notes\.txt\)\. Nothing was written/);
    assert.deepEqual(readdirSync(join(cwd, 'taken')), ['notes.txt']);
  });

  it('counts a folder holding only .git as empty', async () => {
    mkdirSync(join(cwd, 'repo/.git'), { recursive: true });
    const result = await create(['repo', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(cwd, 'repo/src/app.ts')));
  });

  it('makes one app.ts and its test with --minimal', async () => {
    const result = await create(['tiny', '--minimal']);
    assert.equal(result.code, 0, result.stderr);
    const files = filesUnder(join(cwd, 'tiny'));
    assert.ok(files.includes('app.ts') && files.includes('app.test.ts'));
    assert.ok(!files.some((f) => f.startsWith('src/')));
  });

  it('adds the database and auth extensions with --db and --auth', async () => {
    const result = await create(['full', '--db', '--auth']);
    assert.equal(result.code, 0, result.stderr);
    const pkg = JSON.parse(readFileSync(join(cwd, 'full/package.json'), 'utf8'));
    assert.ok(pkg.dependencies['@flagon/sql'] && pkg.dependencies['@flagon/auth']);
    const app = readFileSync(join(cwd, 'full/src/app.ts'), 'utf8');
    assert.match(app, /db\.initApp\(app\)/);
    assert.match(app, /login\.initApp\(app\)/);
  });

  it('refuses --minimal with --db, and unknown options, with status 2', async () => {
    assert.equal((await create(['x', '--minimal', '--db'])).code, 2);
    const unknown = await create(['x', '--frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /frobnicate/);
    assert.ok(!existsSync(join(cwd, 'x')));
  });

  it('asks for the folder when it is not a terminal and none is given', async () => {
    const result = await create([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /name the folder for the project: npm create flagon@latest my-app/);
  });

  it('asks in a terminal for the folder and the options the flags leave open', async () => {
    const result = await create([], ['asked-app', 'n', 'y', '']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Project folder:/);
    assert.match(result.stdout, /Add a database/);
    const pkg = JSON.parse(readFileSync(join(cwd, 'asked-app/package.json'), 'utf8'));
    assert.ok(pkg.dependencies['@flagon/sql']);
    assert.equal(pkg.dependencies['@flagon/auth'], undefined);
  });
});

describe('a new project, against this repository', () => {
  /** node_modules links to the packages here, as a workspace install would make them. */
  function link(project: string, names: Record<string, string>): void {
    for (const [name, folder] of Object.entries(names)) {
      mkdirSync(join(project, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(REPO, 'packages', folder), join(project, 'node_modules', name), 'dir');
    }
    symlinkSync(join(REPO, 'node_modules/@types'), join(project, 'node_modules/@types'), 'dir');
  }

  it('passes its own tests (the full layout)', async () => {
    await create(['my-app', '--yes']);
    const project = join(cwd, 'my-app');
    link(project, { flagon: 'flagon' });
    const test = spawnSync(process.execPath, ['--conditions=flagon-source', '--test'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    });
    assert.equal(test.status, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /\bpass 3\b/);
  });

  it('passes its own test (the minimal app)', async () => {
    await create(['tiny', '--minimal']);
    const project = join(cwd, 'tiny');
    link(project, { flagon: 'flagon' });
    const test = spawnSync(process.execPath, ['--conditions=flagon-source', '--test'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    });
    assert.equal(test.status, 0, test.stdout + test.stderr);
  });

  it('type-checks and passes its tests with the database and auth extensions', async () => {
    await create(['full', '--db', '--auth']);
    const project = join(cwd, 'full');
    link(project, { flagon: 'flagon', '@flagon/sql': 'sql', '@flagon/auth': 'auth' });
    const config = JSON.parse(
      readFileSync(join(project, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
    );
    config.compilerOptions.customConditions = ['flagon-source'];
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(config));
    const tsc = spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    const test = spawnSync(process.execPath, ['--conditions=flagon-source', '--test'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    });
    assert.equal(test.status, 0, test.stdout + test.stderr);
  });
});
