import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appcontextPopped,
  appcontextPushed,
  appcontextTearingDown,
  callOnTeardown,
  Flagon,
  gotRequestException,
  type Response,
  requestFinished,
  requestStarted,
  requestTearingDown,
  urlFor,
} from 'flagon';

// Each kind of hook, handler and signal the request pipeline runs, registered on an app whose view is
// synchronous (the case a faster path could be tempted to take). `setup` registers it and returns what undoes
// it (signals are process-wide); the hook records `name` in `seen` when it runs.
interface HookCase {
  readonly name: string;
  readonly path?: string;
  setup(app: Flagon, seen: string[]): (() => void) | undefined;
}

const cases: HookCase[] = [
  {
    name: 'beforeRequest',
    setup(app, seen) {
      app.beforeRequest(() => {
        seen.push('beforeRequest');
      });
      return undefined;
    },
  },
  {
    name: 'afterRequest',
    setup(app, seen) {
      app.afterRequest((response: Response) => {
        seen.push('afterRequest');
        return response;
      });
      return undefined;
    },
  },
  {
    name: 'teardownRequest',
    setup(app, seen) {
      app.teardownRequest(() => {
        seen.push('teardownRequest');
      });
      return undefined;
    },
  },
  {
    name: 'urlValuePreprocessor',
    setup(app, seen) {
      app.urlValuePreprocessor(() => {
        seen.push('urlValuePreprocessor');
      });
      return undefined;
    },
  },
  {
    name: 'urlDefaults',
    path: '/link',
    setup(app, seen) {
      app.urlDefaults(() => {
        seen.push('urlDefaults');
      });
      return undefined;
    },
  },
  {
    name: 'errorHandler',
    path: '/fail',
    setup(app, seen) {
      app.errorHandler(RangeError, () => {
        seen.push('errorHandler');
        return 'handled';
      });
      return undefined;
    },
  },
  {
    name: 'callOnTeardown',
    path: '/teardown',
    setup() {
      return undefined;
    },
  },
  {
    name: 'requestStarted',
    setup(app, seen) {
      return requestStarted.connect(() => void seen.push('requestStarted'), { sender: app });
    },
  },
  {
    name: 'requestFinished',
    setup(app, seen) {
      return requestFinished.connect(() => void seen.push('requestFinished'), { sender: app });
    },
  },
  {
    name: 'requestTearingDown',
    setup(app, seen) {
      return requestTearingDown.connect(() => void seen.push('requestTearingDown'), { sender: app });
    },
  },
  {
    name: 'appcontextPushed',
    setup(app, seen) {
      return appcontextPushed.connect(() => void seen.push('appcontextPushed'), { sender: app });
    },
  },
  {
    name: 'appcontextTearingDown',
    setup(app, seen) {
      return appcontextTearingDown.connect(() => void seen.push('appcontextTearingDown'), { sender: app });
    },
  },
  {
    name: 'appcontextPopped',
    setup(app, seen) {
      return appcontextPopped.connect(() => void seen.push('appcontextPopped'), { sender: app });
    },
  },
  {
    name: 'gotRequestException',
    path: '/crash',
    setup(app, seen) {
      app.logger.sink = () => {};
      return gotRequestException.connect(() => void seen.push('gotRequestException'), { sender: app });
    },
  },
];

function makeApp(seen: string[]): Flagon {
  const app = new Flagon('pipeline-hooks', { staticFolder: null });
  app.get('/', function index() {
    return 'ok';
  });
  app.get('/link', function link() {
    return urlFor('index');
  });
  app.get('/fail', function fail() {
    throw new RangeError('out of range');
  });
  app.get('/crash', function crash() {
    throw new TypeError('unhandled');
  });
  app.get('/teardown', function teardown() {
    callOnTeardown(() => void seen.push('callOnTeardown'));
    return 'ok';
  });
  return app;
}

describe('the request pipeline runs every hook registered', () => {
  for (const hook of cases) {
    it(`runs ${hook.name} around a synchronous view`, async () => {
      const seen: string[] = [];
      const app = makeApp(seen);
      const undo = hook.setup(app, seen);
      try {
        await app.testClient().get(hook.path ?? '/');
      } finally {
        undo?.();
      }
      assert.deepEqual(seen, [hook.name]);
    });
  }

  it('runs them all, in Flask order, on one request', async () => {
    const seen: string[] = [];
    const app = makeApp(seen);
    const undo = cases.filter((hook) => hook.path === undefined).map((hook) => hook.setup(app, seen));
    try {
      await app.testClient().get('/');
    } finally {
      for (const fn of undo) fn?.();
    }
    assert.deepEqual(seen, [
      'appcontextPushed',
      'requestStarted',
      'urlValuePreprocessor',
      'beforeRequest',
      'afterRequest',
      'requestFinished',
      'teardownRequest',
      'requestTearingDown',
      'appcontextTearingDown',
      'appcontextPopped',
    ]);
  });
});
