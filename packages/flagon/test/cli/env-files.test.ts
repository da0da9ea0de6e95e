import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Fixture, makeFixture, runCli } from './helpers/cli.ts';

const APP = (label: string): string => `
import { Flagon } from 'flagon';
export const app = new Flagon(import.meta.url);
app.get('/${label}', function ${label}() { return 'x'; });
`;

describe('.env and .flagonenv files', { concurrency: true }, () => {
  let fixture: Fixture;
  before(() => {
    fixture = makeFixture({
      'from-flagonenv.ts': APP('fromFlagonenv'),
      'from-dotenv.ts': APP('fromDotenv'),
      'from-env-file.ts': APP('fromEnvFile'),
      'from-environment.ts': APP('fromEnvironment'),
      'from-option.ts': APP('fromOption'),
      '.flagonenv': 'FLAGON_APP=from-flagonenv\n',
      'only-flagonenv/.flagonenv': 'FLAGON_APP=../from-flagonenv\n',
      '.env': '# comment\nFLAGON_APP="from-dotenv"\n',
      'custom.env': 'FLAGON_APP=from-env-file\n',
    });
  });
  after(() => fixture.rm());

  it('reads FLAGON_APP from .flagonenv', async () => {
    const result = await runCli(['routes'], { cwd: `${fixture.dir}/only-flagonenv` });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /fromFlagonenv/);
  });

  it('lets .env beat .flagonenv', async () => {
    const result = await runCli(['routes'], { cwd: fixture.dir });
    assert.match(result.stdout, /fromDotenv/);
  });

  it('lets --env-file beat .env', async () => {
    const result = await runCli(['--env-file', 'custom.env', 'routes'], { cwd: fixture.dir });
    assert.match(result.stdout, /fromEnvFile/);
  });

  it('lets the environment beat every file', async () => {
    const result = await runCli(['-e', 'custom.env', 'routes'], {
      cwd: fixture.dir,
      env: { FLAGON_APP: 'from-environment' },
    });
    assert.match(result.stdout, /fromEnvironment/);
  });

  it('lets the command line beat the environment', async () => {
    const result = await runCli(['--app', 'from-option', 'routes'], {
      cwd: fixture.dir,
      env: { FLAGON_APP: 'from-environment' },
    });
    assert.match(result.stdout, /fromOption/);
  });

  it('skips .env and .flagonenv when FLAGON_SKIP_DOTENV is set', async () => {
    const result = await runCli(['routes'], { cwd: fixture.dir, env: { FLAGON_SKIP_DOTENV: '1' } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Could not locate a Flagon application/);
  });

  // `-e`, not `--env-file`: Node itself looks for `--env-file` anywhere on its command line and exits with its
  // own error when the file is missing, before Flagon runs.
  it('fails with exit status 2 when -e names a file that does not exist', async () => {
    const result = await runCli(['-e', 'nope.env', 'routes'], { cwd: fixture.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /The env file "nope\.env" does not exist/);
  });
});
