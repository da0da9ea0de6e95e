import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  booleanField,
  equalTo,
  form,
  initForms,
  inputRequired,
  length,
  passwordField,
  stringField,
  textAreaField,
} from '@flagon/forms';
import { Flagon, renderTemplateString, request } from 'flagon';

const PostForm = form(
  {
    title: stringField({ validators: [inputRequired(), length({ max: 10 })] }),
    body: textAreaField(),
    published: booleanField(),
  },
  { csrf: false },
);

function appWith(view: () => unknown, config: Record<string, unknown> = {}) {
  const app = new Flagon('forms-test', { config: { SECRET_KEY: 'k', ...config } });
  initForms(app);
  app.route('/', { methods: ['GET', 'POST'] }, view as () => string);
  return app;
}

describe('binding and validating', () => {
  it('binds the submitted form and types its data', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest();
      const ok = await f.validateOnSubmit();
      return { ok, data: f.data, errors: f.errors };
    });
    const res = await app.testClient().post('/', { data: { title: 'Hello', body: 'Text', published: 'y' } });
    assert.deepEqual(res.json, {
      ok: true,
      data: { title: 'Hello', body: 'Text', published: true },
      errors: {},
    });
  });

  it('reports a missing required field and an over-long one', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest();
      await f.validate();
      return f.errors;
    });
    const client = app.testClient();
    assert.deepEqual((await client.post('/', { data: {} })).json, { title: ['This field is required.'] });
    assert.deepEqual((await client.post('/', { data: { title: 'x'.repeat(11) } })).json, {
      title: ['Field cannot be longer than 10 characters.'],
    });
  });

  it('is not submitted on GET, so validateOnSubmit is false and data holds the defaults', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest({ data: { title: 'Draft' } });
      return { ok: await f.validateOnSubmit(), data: f.data };
    });
    assert.deepEqual((await app.testClient().get('/')).json, {
      ok: false,
      data: { title: 'Draft', body: '', published: false },
    });
  });

  it('binds a JSON body, where false and 0 are values', async () => {
    const Flags = form(
      {
        on: booleanField({ validators: [inputRequired()] }),
        name: stringField({ validators: [inputRequired()] }),
      },
      { csrf: false },
    );
    const app = appWith(async () => {
      const f = await Flags.fromRequest();
      return { ok: await f.validate(), data: f.data };
    });
    const res = await app.testClient().post('/', { json: { on: false, name: 0 } });
    assert.deepEqual(res.json, { ok: true, data: { on: false, name: '0' } });
  });

  it('fills fields from obj for an edit form', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest({ obj: { title: 'Saved', body: 'B', published: true } });
      return f.data;
    });
    assert.deepEqual((await app.testClient().get('/')).json, { title: 'Saved', body: 'B', published: true });
  });

  it('checks equalTo against the other field', async () => {
    const Register = form(
      {
        password: passwordField({ validators: [inputRequired()] }),
        confirm: passwordField({ validators: [equalTo('password', { message: 'Passwords must match.' })] }),
      },
      { csrf: false },
    );
    const f = Register.create({ formdata: { password: 'a', confirm: 'b' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, { confirm: ['Passwords must match.'] });
  });

  it('runs async custom validators', async () => {
    const taken = new Set(['ada']);
    const Signup = form(
      {
        username: stringField({
          validators: [
            async (field) => {
              await Promise.resolve();
              return taken.has(field.data) ? 'That name is taken.' : undefined;
            },
          ],
        }),
      },
      { csrf: false },
    );
    const f = Signup.create({ formdata: { username: 'ada' } });
    assert.equal(await f.validate(), false);
    assert.deepEqual(f.errors, { username: ['That name is taken.'] });
  });
});

describe('other bindings', () => {
  it('binds a GET search form to the query string with create({ formdata: request.args })', async () => {
    const Search = form({ q: stringField({ validators: [inputRequired()] }) }, { csrf: false });
    const app = appWith(async () => {
      const f = Search.create({ formdata: request.args });
      return { ok: await f.validate(), q: f.data.q };
    });
    assert.deepEqual((await app.testClient().get('/', { query: { q: 'flagon' } })).json, {
      ok: true,
      q: 'flagon',
    });
  });

  it('copies the data onto an object with populateObj', () => {
    const f = PostForm.create({ formdata: { title: 'New', body: 'Text' } });
    const row: Record<string, unknown> = { id: 7, title: 'Old' };
    f.populateObj(row);
    assert.deepEqual(row, { id: 7, title: 'New', body: 'Text', published: false });
  });
});

describe('rendering', () => {
  it('renders fields with escaped values, attributes from kwargs and validator flags', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest();
      await f.validateOnSubmit();
      return renderTemplateString(
        "{{ form.title(class_='input') }}|{{ form.title.label }}|{{ form.published }}",
        {
          form: f,
        },
      );
    });
    const res = await app.testClient().post('/', { data: { title: '"><script>', published: 'y' } });
    assert.equal(
      res.text,
      '<input class="input" id="title" maxlength="10" name="title" required type="text" value="&#34;&gt;&lt;script&gt;">' +
        '|<label for="title">Title</label>' +
        '|<input checked id="published" name="published" type="checkbox" value="y">',
    );
  });

  it('never renders a password back', async () => {
    const Login = form({ password: passwordField() }, { csrf: false });
    const f = Login.create({ formdata: { password: 'secret' } });
    assert.equal(String(f.password()), '<input id="password" name="password" type="password" value="">');
  });

  it('renders a field with its label and errors through the render_field macro', async () => {
    const app = appWith(async () => {
      const f = await PostForm.fromRequest();
      await f.validateOnSubmit();
      return renderTemplateString(
        '{% from "flagon/forms.html" import render_field %}{{ render_field(form.title, class_="input") }}',
        { form: f },
      );
    });
    const text = (await app.testClient().post('/', { data: { title: '' } })).text;
    assert.match(text, /<label for="title">Title<\/label>/);
    assert.match(text, /<input class="input" id="title"/);
    assert.match(text, /<li>This field is required\.<\/li>/);
  });
});

describe('forms with CSRF', () => {
  const Guarded = form({ title: stringField() });

  it('renders the token in hidden_tag() and accepts it back', async () => {
    const app = appWith(async () => {
      const f = await Guarded.fromRequest();
      if (await f.validateOnSubmit()) return `ok ${f.data.title}`;
      return renderTemplateString('{{ form.hidden_tag() }}{{ form.errors }}', { form: f });
    });
    const client = app.testClient();
    const page = (await client.get('/')).text;
    const token = /name="csrf_token" type="hidden" value="([^"]+)"/.exec(page)?.[1] ?? '';
    assert.notEqual(token, '');
    assert.equal((await client.post('/', { data: { csrf_token: token, title: 'T' } })).text, 'ok T');
  });

  it('reports a missing token as an error of csrf_token', async () => {
    const app = appWith(async () => {
      const f = await Guarded.fromRequest();
      await f.validate();
      return f.errors;
    });
    assert.deepEqual((await app.testClient().post('/', { data: { title: 'T' } })).json, {
      csrf_token: ['The CSRF token is missing.'],
    });
  });

  it('accepts the token in an X-CSRFToken header for a JSON body', async () => {
    const app = appWith(async () => {
      const f = await Guarded.fromRequest();
      if (await f.validateOnSubmit()) return { title: f.data.title };
      return [f.errors, 400];
    });
    app.get('/token', () => String(Guarded.create().csrf_token?.()));
    const client = app.testClient();
    const page = (await client.get('/token')).text;
    const token = /value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await client.post('/', { json: { title: 'T' }, headers: { 'X-CSRFToken': token } });
    assert.deepEqual(res.json, { title: 'T' });
  });

  it('leaves the token out with WTF_CSRF_ENABLED false', async () => {
    const app = appWith(
      async () => {
        const f = await Guarded.fromRequest();
        return { ok: await f.validate(), hidden: String(f.hiddenTag()) };
      },
      { WTF_CSRF_ENABLED: false },
    );
    assert.deepEqual((await app.testClient().post('/', { data: { title: 'T' } })).json, {
      ok: true,
      hidden: '',
    });
  });
});
