// Type-level promises of issue 14's "types that guide", checked by `tsc --noEmit` (this file is never run).
import { Flagon, request, urlFor, type ViewFunction, wraps } from 'flagon';

const app = new Flagon('guidance');

// request.authorization narrows by `type`.
app.get('/auth', () => {
  const auth = request.authorization;
  if (auth === null) return 'none';
  if (auth.type === 'basic') {
    const user: string = auth.username;
    const password: string = auth.password;
    return `${user}${password}`;
  }
  if (auth.type === 'bearer') {
    const token: string = auth.token;
    // @ts-expect-error a bearer credential has no username
    return auth.username + token;
  }
  // Every other scheme: its name and params (or token68).
  const scheme: string = auth.scheme;
  const params: Record<string, string> = auth.params;
  // @ts-expect-error only Basic has a password
  const password = auth.password;
  return `${scheme}${params.realm}${String(password)}`;
});

// wraps() keeps a decorated view's params typed from its rule.
function loginRequired<P>(view: ViewFunction<P>): ViewFunction<P> {
  return wraps(view, (params: P, req) => (req.authorization ? view(params, req) : 'log in first'));
}
app.get(
  '/post/<int:id>/edit',
  loginRequired(function edit({ id }) {
    const n: number = id;
    // @ts-expect-error id is a number
    const s: string = id;
    return `${n}${s}`;
  }),
);

// urlFor with a route handle reports the param's type, with one signature rather than overloads.
const post = app.get('/p/<int:id>', function post({ id }) {
  return String(id);
});
urlFor(post, { id: 1 });
// @ts-expect-error Type 'string' is not assignable to type 'number'
urlFor(post, { id: 'x' });

// An unknown converter in a rule literal is a compile error; a rule typed as string is checked at run time.
// @ts-expect-error Unknown converter 'intt' in this rule
app.get('/u/<intt:id>', () => 'x');
// @ts-expect-error Unknown converter 'slug' (with arguments)
app.post('/s/<slug(max=3):s>', () => 'x');
app.get('/ok/<int(min=1):id>/<any(a, b):k>/<name>', ({ id, k, name }) => `${id}${k}${name}`);
const dynamic: string = '/d/<whatever:x>';
app.get(dynamic, () => 'checked at run time');
