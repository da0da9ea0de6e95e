// Type-level promises of the app API, checked by `tsc --noEmit` (this file is never run).
import { Flagon, urlFor } from 'flagon';

const app = new Flagon('types');

// A view's params are typed from its rule.
app.get('/user/<int:id>/<name>', ({ id, name }) => {
  const n: number = id;
  const s: string = name;
  // @ts-expect-error id is a number, not a string
  const wrong: string = id;
  return `${n}${s}${wrong}`;
});

app.get('/price/<float:amount>', ({ amount }) => {
  const n: number = amount;
  return String(n);
});

// @ts-expect-error `other` is not a param of the rule
app.get('/files/<path:rest>', ({ rest, other }) => `${rest}${String(other)}`);

// A route handle types urlFor's values.
const profile = app.get('/u/<int:id>', function profile({ id }) {
  return String(id);
});
urlFor(profile, { id: 3 });
urlFor(profile, { id: 3, tab: 'posts', _anchor: 'top' });
// @ts-expect-error id must be a number
urlFor(profile, { id: 'three' });
// @ts-expect-error id is required
urlFor(profile, {});
// @ts-expect-error values are required for a rule with params
urlFor(profile);

// A handle for a rule without params takes no values.
const home = app.get('/', function home() {
  return 'home';
});
urlFor(home);

// String endpoints stay accepted (checked at run time with BuildError).
urlFor('anything', { x: 1 });

// A view must return something a response can be made of.
// @ts-expect-error a symbol is not a response value
app.get('/bad', () => Symbol('x'));

// jinjaOptions is typed from the template engine's Environment options.
app.jinjaOptions = { trustedClasses: [URL, URLSearchParams], extensions: ['do'], autoescape: false };
// @ts-expect-error options are camelCase, as the engine spells them
app.jinjaOptions = { trim_blocks: true };
// @ts-expect-error trustedClasses takes classes, not their names
app.jinjaOptions = { trustedClasses: ['URL'] };
