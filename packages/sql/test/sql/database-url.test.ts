import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatabaseUrl, redactUrl, SQLConfigError } from '@flagon/sql';

const INSTANCE = '/srv/app/instance';

describe('DATABASE_URL', () => {
  it('defaults to app.db in the instance folder', () => {
    assert.deepEqual(parseDatabaseUrl(undefined, INSTANCE), {
      kind: 'sqlite',
      path: '/srv/app/instance/app.db',
      isDefault: true,
    });
  });

  it('reads sqlite:///relative paths from the instance folder', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:///blog.db', INSTANCE), {
      kind: 'sqlite',
      path: '/srv/app/instance/blog.db',
      isDefault: false,
    });
  });

  it('reads sqlite://// as an absolute path', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:////var/data/blog.db', INSTANCE), {
      kind: 'sqlite',
      path: '/var/data/blog.db',
      isDefault: false,
    });
  });

  it('reads sqlite://:memory: and sqlite:// as an in-memory database', () => {
    for (const url of ['sqlite://:memory:', 'sqlite://', 'sqlite:///:memory:']) {
      assert.equal(
        parseDatabaseUrl(url, INSTANCE).kind === 'sqlite' &&
          (parseDatabaseUrl(url, INSTANCE) as { path: string }).path,
        ':memory:',
        url,
      );
    }
  });

  it("accepts postgresql://, Heroku's postgres:// and SQLAlchemy's postgresql+psycopg2://", () => {
    for (const url of [
      'postgresql://u:p@db:5432/blog',
      'postgres://u:p@db:5432/blog',
      'postgresql+psycopg2://u:p@db:5432/blog',
    ]) {
      assert.deepEqual(
        parseDatabaseUrl(url, INSTANCE),
        { kind: 'postgres', connectionString: 'postgresql://u:p@db:5432/blog' },
        url,
      );
    }
  });

  it('refuses other databases with SQLConfigError', () => {
    assert.throws(() => parseDatabaseUrl('mysql://u:secret@db/blog', INSTANCE), SQLConfigError);
    assert.throws(() => parseDatabaseUrl('sqlite:relative.db', INSTANCE), SQLConfigError);
  });

  it('hides the password when a URL is shown', () => {
    assert.equal(redactUrl('postgresql://ada:s3cret@db:5432/blog'), 'postgresql://ada:***@db:5432/blog');
    assert.throws(
      () => parseDatabaseUrl('mysql://u:secret@db/blog', INSTANCE),
      (error: Error) => !error.message.includes('secret'),
    );
  });
});
