/** A small app with a LoginManager, used by the login tests. */
import { Flagon, type FlagonOptions, getFlashedMessages, jsonify, session } from 'flagon';
import {
  currentUser,
  freshLoginRequired,
  LoginManager,
  type LoginManagerOptions,
  loginRequired,
  loginUser,
  logoutUser,
  UserMixin,
} from '../../src/index.ts';

export class User extends UserMixin {
  readonly id: number;
  readonly name: string;
  readonly active: boolean;

  constructor(id: number, name: string, active = true) {
    super();
    this.id = id;
    this.name = name;
    this.active = active;
  }

  override get isActive(): boolean {
    return this.active;
  }
}

export const USERS = new Map<number, User>([
  [1, new User(1, 'ada')],
  [2, new User(2, 'bob', false)],
]);

export function makeLoginApp(
  options: LoginManagerOptions = { loginView: 'login' },
  config: FlagonOptions['config'] = {},
): { app: Flagon; login: LoginManager } {
  const app = new Flagon('login-test', { config: { SECRET_KEY: 'test key', TESTING: true, ...config } });
  const login = new LoginManager(app, options);
  login.userLoader((id) => USERS.get(Number(id)) ?? null);
  app.get('/login', { endpoint: 'login' }, () => jsonify({ page: 'login', flashes: getFlashedMessages() }));
  app.post('/do-login/<int:id>', async ({ id }, request) => {
    const user = USERS.get(id);
    if (user === undefined) return ['no such user', 404];
    const ok = await loginUser(user, {
      remember: request.args.get('remember') === '1',
      force: request.args.get('force') === '1',
      fresh: request.args.get('fresh') !== '0',
      ...(request.args.has('duration') ? { duration: Number(request.args.get('duration')) } : {}),
    });
    return { ok };
  });
  app.post('/logout', async () => ({ ok: await logoutUser() }));
  app.route(
    '/private',
    { methods: ['GET', 'OPTIONS'] },
    loginRequired(function privatePage() {
      return `hello ${(currentUser as unknown as User).name}`;
    }),
  );
  app.get(
    '/fresh',
    freshLoginRequired(function freshPage() {
      return 'fresh';
    }),
  );
  app.get('/me', () => ({
    authenticated: currentUser.isAuthenticated,
    anonymous: currentUser.isAnonymous,
    id: currentUser.getId(),
  }));
  app.get('/session', () => session.toJSON());
  return { app, login };
}
