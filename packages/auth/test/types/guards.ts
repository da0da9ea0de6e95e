// Type-level promises of the guards, checked by `npm run typecheck`.
import { Blueprint, Flagon, View } from 'flagon';
import { HTTPBasicAuth, loginRequired, safeNextUrl } from '../../src/index.ts';

const app = new Flagon('types');
const bp = new Blueprint('bp', 'bp');

// A guarded view keeps its params type.
app.get(
  '/users/<int:id>',
  loginRequired(({ id }: { id: number }) => `user ${id}`),
);
// A guard on a blueprint returns the blueprint.
const same: Blueprint = loginRequired(bp);
void same;
// Guards work as class-based view decorators.
class Page extends View {
  static override decorators = [loginRequired];
  dispatchRequest() {
    return 'page';
  }
}
void Page;

const auth = new HTTPBasicAuth();
app.get(
  '/admin',
  auth.loginRequired({ role: [['admin', 'auditor'], 'root'] })(() => 'admin'),
);
// @ts-expect-error roles are strings or lists of strings
auth.loginRequired({ role: 42 });
// @ts-expect-error a guard needs a view, a blueprint or an app
loginRequired('not a view');

// With a fallback, safeNextUrl always gives a string.
const next: string = safeNextUrl('/x', '/');
// @ts-expect-error without one it may be null
const maybe: string = safeNextUrl('/x');
void next;
void maybe;

// HTTP auth classes can be typed by their user.
const typed = new HTTPBasicAuth<{ name: string }>();
typed.verifyPassword(async () => ({ name: 'ada' }));
const who: { name: string } | null = typed.currentUser();
void who;
// @ts-expect-error verifyPassword must return the declared user type (or null/false/true)
typed.verifyPassword(() => 42);
