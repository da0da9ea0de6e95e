// The blog's Dockerfile, carried out without a Docker daemon: the build context as .dockerignore leaves it,
// deploy/pack.sh's tarballs in it, each stage's COPY and RUN lines run in folders standing for the layers
// (the production install from the tarballs happens here), then the image run as `docker run` would: the
// Procfile's release migration, the CMD, a first 200 and the HEALTHCHECK, as an unprivileged user.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  get,
  projectEnv,
  REPO,
  type RunResult,
  run,
  type Served,
  serve,
  tempDir,
} from '../../../../packages/create-flagon/test/helpers/packages.ts';
import { freePort } from '../../../../tools/free-port.ts';
import { type BuiltImage, buildStages, parseDockerfile, type Stage } from './support/dockerfile.ts';
import { copyContext } from './support/dockerignore.ts';
import { readProcfile } from './support/procfile.ts';

const BLOG = join(REPO, 'examples/blog');

/**
 * The image runs as USER (`node`); this machine has no such user, so an unprivileged one stands in for it
 * (`nobody`, when the test runs as root): it owns what COPY --chown gave to the image's user, and nothing else.
 */
function standInUser(): { uid: number; gid: number; prefix: string[] } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number | null => {
    const result = spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' });
    return result.status === 0 ? Number(result.stdout.trim()) : null;
  };
  const uid = id('-u');
  const gid = id('-g');
  if (uid === null || gid === null) return null;
  return { uid, gid, prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'] };
}

let work: ReturnType<typeof tempDir>;
let stages: Stage[];
let sent: string[];
let image: BuiltImage;
const user = standInUser();

before(() => {
  work = tempDir('flagon-image-');
  chmodSync(work.dir, 0o755);
  const context = join(work.dir, 'context');
  sent = copyContext(BLOG, context);
  const packed = run('sh', [join(REPO, 'deploy/pack.sh'), join(context, 'vendor')], REPO);
  assert.equal(packed.code, 0, `deploy/pack.sh failed:\n${packed.stderr}${packed.stdout}`);
  stages = parseDockerfile(readFileSync(join(BLOG, 'Dockerfile'), 'utf8'));
  image = buildStages(stages, {
    context,
    into: join(work.dir, 'layers'),
    baseEnv: projectEnv() as Record<string, string>,
  });
  if (user !== null)
    for (const { path } of image.chowned) {
      chownSync(path, user.uid, user.gid);
      for (const entry of readdirSync(path, { recursive: true }))
        chownSync(join(path, String(entry)), user.uid, user.gid);
    }
});
after(() => work?.rm());

/** `docker run -e …` environment: the image's ENV, then the variables given on the command line. */
function runEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...image.env, ...extra };
}

/** Runs an image command in the image's WORKDIR as the image's (stand-in) user. */
function dockerRun(command: readonly string[], env: NodeJS.ProcessEnv): RunResult {
  const [bin, ...args] = [...(user?.prefix ?? []), ...command] as [string, ...string[]];
  return run(bin, args, image.workdir, env);
}

describe('the build context (.dockerignore)', () => {
  it('holds the app and its package.json', () => {
    assert.ok(sent.includes('package.json'));
    assert.ok(sent.includes('src/app.ts'));
  });

  it('leaves out the instance folder (a development secret key and database), tests and node_modules', () => {
    const leaked = sent.filter((path) => /^(instance|test|node_modules)(\/|$)/.test(path));
    assert.deepEqual(leaked, []);
  });
});

describe('the Dockerfile, built without Docker', () => {
  it('has a dependency stage and a runtime stage, both on node:24-slim', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    assert.deepEqual([...new Set(stages.map((stage) => stage.image))], ['node:24-slim']);
  });

  it('installs flagon and the @flagon extensions from the packed tarballs, built to JavaScript', () => {
    const modules = join(image.workdir, 'node_modules');
    for (const name of ['flagon', '@flagon/templates']) {
      assert.ok(existsSync(join(modules, name, 'dist/index.js')), `${name} from its tarball`);
      assert.ok(!existsSync(join(modules, name, 'src')), `${name} without TypeScript sources`);
    }
    const manifest = JSON.parse(readFileSync(join(BLOG, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {}))
      assert.ok(existsSync(join(modules, name, 'package.json')), `${name} is installed`);
  });

  it("installs no development dependency, and leaves npm's tarballs in the build stage", () => {
    const manifest = JSON.parse(readFileSync(join(BLOG, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
    };
    for (const name of [...Object.keys(manifest.devDependencies ?? {}), 'typescript', '@types/node'])
      assert.ok(!existsSync(join(image.workdir, 'node_modules', name)), `${name} is not in the image`);
    assert.ok(!existsSync(join(image.workdir, 'vendor')));
  });

  it('runs as a user other than root, who may write only the instance folder', () => {
    assert.ok(image.user !== null && !/^(root|0)(:|$)/.test(image.user), `USER ${image.user}`);
    assert.deepEqual(
      image.chowned.map(({ path, owner }) => [path.slice(image.workdir.length), owner]),
      [['/instance', `${image.user}:${image.user}`]],
    );
  });

  it('has a HEALTHCHECK and serves with flagon serve', () => {
    assert.ok(image.healthcheck, 'HEALTHCHECK');
    assert.deepEqual(image.cmd.slice(0, 2), ['flagon', 'serve']);
    assert.deepEqual(image.exposed, [image.env.PORT]);
  });
});

describe('the image, run as docker run would', () => {
  const secretKey = randomBytes(32).toString('hex');
  let server: Served;
  let env: NodeJS.ProcessEnv;
  let url: string;

  before(async () => {
    const port = await freePort();
    // FLAGON_SERVE_HOST keeps the test on loopback; in a container PORT alone binds 0.0.0.0.
    env = runEnv({
      SECRET_KEY: secretKey,
      PORT: String(port),
      FLAGON_SERVE_HOST: '127.0.0.1',
      FLAGON_WORKERS: '2',
    });
    const release = readProcfile(join(BLOG, 'Procfile')).get('release');
    assert.ok(release, 'the Procfile has a release process');
    const migrated = dockerRun(['sh', '-c', release], env);
    assert.equal(migrated.code, 0, `${release}:\n${migrated.stderr}${migrated.stdout}`);
    const [bin, ...args] = [...(user?.prefix ?? []), ...image.cmd] as [string, ...string[]];
    server = await serve(bin, args, image.workdir, /Listening at: (http:\/\/\S+)/, env);
    url = server.match[1] as string;
  });
  after(() => server?.stop());

  it('serves the first page with 200', async () => {
    const res = await get(`${url}/`);
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<html/i);
  });

  it('passes its HEALTHCHECK', () => {
    const result = dockerRun(image.healthcheck?.cmd ?? [], env);
    assert.equal(result.code, 0, result.stderr);
  });

  it('logs each request to stdout', async () => {
    await get(`${url}/?from=image-test`);
    for (let i = 0; i < 100 && !server.output().includes('/?from=image-test'); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(server.output(), /"GET \/\?from=image-test HTTP\/1\.1" 200 /);
  });

  it('refuses to start without SECRET_KEY', () => {
    const { SECRET_KEY: _omitted, ...withoutKey } = env;
    const result = dockerRun(image.cmd, { ...withoutKey, PORT: '0' });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /SECRET_KEY/);
  });
});
