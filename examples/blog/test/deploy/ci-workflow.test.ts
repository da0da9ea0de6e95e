// .github/workflows/ci.yml, read by a real YAML parser (PyYAML, Debian's python3-yaml) and held to what the
// README says: its test step is the README's CI command, and on main it packs, builds and pushes the image
// from the same build context and Dockerfile the image test carries out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../../../../packages/create-flagon/test/helpers/packages.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on'?: string;
  container?: string;
  steps: Step[];
}
interface Workflow {
  on?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const PARSE = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))';
const probe = spawnSync('/usr/bin/python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const skip =
  probe.status === 0 ? false : "PyYAML not installed (Debian's python3-yaml: .ci/install-components)";

function readWorkflow(): Workflow {
  const result = spawnSync('/usr/bin/python3', ['-c', PARSE], {
    input: readFileSync(join(REPO, '.github/workflows/ci.yml'), 'utf8'),
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as Workflow & { true?: Record<string, unknown> };
  // YAML 1.1 reads the key `on` as true; GitHub reads it as `on`.
  return { ...parsed, on: parsed.on ?? parsed.true };
}

/** The command of the README's "Continuous integration" block under "## Deploy". */
function readmeCiCommand(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const deploy = readme.slice(readme.indexOf('\n## Deploy\n'));
  assert.ok(readme.includes('\n## Deploy\n'), 'README.md has a "## Deploy" section');
  const section = deploy.slice(deploy.indexOf('\n### Continuous integration\n'));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section)?.[1];
  assert.ok(block, 'the Continuous integration section has a sh block');
  return (block.split('\n')[0] ?? '').replace(/\s+#.*$/, '').trim();
}

describe('the CI workflow', { skip }, () => {
  const workflow = skip ? ({ jobs: {} } as Workflow) : readWorkflow();

  it('runs on every push to main and on pull requests', () => {
    assert.deepEqual(workflow.on?.push, { branches: ['main'] });
    assert.ok(workflow.on && 'pull_request' in workflow.on);
  });

  it("runs the README's CI command as its test step, on a checkout", () => {
    const command = readmeCiCommand();
    assert.equal(command, 'bash .ci/run');
    const steps = workflow.jobs.test?.steps ?? [];
    assert.match(steps[0]?.uses ?? '', /^actions\/checkout@/);
    assert.deepEqual(
      steps.filter((step) => step.run !== undefined).map((step) => step.run?.trim()),
      [command],
    );
  });

  it('builds and pushes the image only on main, after the tests passed', () => {
    const image = workflow.jobs.image;
    assert.ok(image, 'an image job');
    assert.equal(image.needs, 'test');
    assert.match(image.if ?? '', /github\.event_name == 'push'/);
    assert.match(image.if ?? '', /github\.ref == 'refs\/heads\/main'/);
  });

  it('packs the packages into the build context the Dockerfile copies, then builds that Dockerfile', () => {
    const steps = workflow.jobs.image?.steps ?? [];
    const pack = steps.findIndex((step) => /^deploy\/pack\.sh examples\/blog\/vendor$/.test(step.run ?? ''));
    const build = steps.findIndex((step) => /^docker\/build-push-action@/.test(step.uses ?? ''));
    assert.ok(pack !== -1 && build > pack, 'deploy/pack.sh runs before the build');
    assert.ok(
      steps.slice(0, pack).some((step) => step.run === 'npm ci'),
      'npm ci before packing',
    );
    const options = steps[build]?.with ?? {};
    assert.equal(options.context, 'examples/blog');
    assert.equal(options.file, 'examples/blog/Dockerfile');
    assert.equal(options.push, true);
    const dockerfile = readFileSync(join(REPO, 'examples/blog/Dockerfile'), 'utf8');
    assert.match(dockerfile, /^COPY vendor\/ /m, 'the Dockerfile copies the packed vendor/ folder');
    assert.ok(
      steps.slice(0, build).some((step) => /^docker\/login-action@/.test(step.uses ?? '')),
      'it logs in to the registry first',
    );
  });
});
