// The app bench/forms-csrf.ts measures, in its own process. MODE picks what guards POST /submit:
//   plain: nothing (reads the form and answers);
//   session: nothing, but the view also reads the session (the part of the CSRF check's cost that is the
//     session cookie's: verifying and decoding it);
//   csrf: CSRFProtect checks the token before the view;
//   csrf+form: CSRFProtect, then the view binds and validates a two-field form.
// GET /token answers the signed token and sets the session cookie the load generator then sends.
import {
  CSRFProtect,
  form,
  generateCsrf,
  inputRequired,
  length,
  stringField,
  textAreaField,
} from '@flagon/forms';
import { Flagon, request, session } from 'flagon';

const mode = process.env.MODE ?? 'plain';
const app = new Flagon(import.meta.url, { staticFolder: null });
app.config.SECRET_KEY = 'bench secret';
if (mode === 'csrf' || mode === 'csrf+form') new CSRFProtect(app);

const PostForm = form(
  { title: stringField({ validators: [inputRequired(), length({ max: 100 })] }), body: textAreaField() },
  { csrf: false },
);

app.get('/token', function token() {
  return generateCsrf();
});
app.post('/submit', async function submit() {
  if (mode === 'csrf+form') {
    const f = await PostForm.fromRequest();
    return (await f.validate()) ? 'ok' : ['invalid', 400];
  }
  if (mode === 'session' && typeof session.get('csrf_token') !== 'string') return ['no session', 400];
  const fields = await request.form;
  return fields.get('title') ? 'ok' : ['invalid', 400];
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('ready');
