// The application factory, as in the Flask tutorial: `createApp()` for serving, `createApp({...})` for tests.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flagon } from 'flagon';
import { auth } from './auth.ts';
import { blog } from './blog.ts';
import * as db from './db.ts';

const instancePath = new URL('../instance', import.meta.url).pathname;

/** A secret key kept in the instance folder, made on first start, so sessions survive restarts. */
function ensureInstanceConfig(): void {
  const file = join(instancePath, 'config.json');
  if (existsSync(file)) return;
  mkdirSync(instancePath, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ SECRET_KEY: randomBytes(32).toString('hex') }, null, 2)}\n`, {
    mode: 0o600,
  });
}

export function createApp(testConfig?: Record<string, unknown>): Flagon {
  const app = new Flagon(import.meta.url, { instancePath, instanceRelativeConfig: true });
  app.config.fromMapping({ DATABASE: join(instancePath, 'flaskr.sqlite') });
  if (testConfig === undefined) {
    ensureInstanceConfig();
    app.config.fromFile('config.json', JSON.parse, { silent: true });
    app.config.fromEnv('FLAGON_');
  } else {
    app.config.fromMapping(testConfig);
  }
  db.initApp(app);
  app.registerBlueprint(auth);
  app.registerBlueprint(blog);
  // The index is the blog's; `urlFor('index')` works too, as in the tutorial.
  app.addUrlRule('/', { endpoint: 'index', buildOnly: true });
  return app;
}
