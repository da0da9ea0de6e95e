import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  booleanField,
  CSRFProtect,
  fileField,
  form,
  hiddenField,
  inputRequired,
  radioField,
  stringField,
} from '@flagon/forms';
import { Flagon, renderTemplateString } from 'flagon';

const Survey = form({
  name: stringField({ validators: [inputRequired()], description: 'Your <full> name' }),
  color: radioField({
    choices: [
      ['red', 'Red'],
      ['blue', 'Blue & co'],
    ] as const,
  }),
  agree: booleanField({ label: 'I agree' }),
  ref: hiddenField({ default: 'x"y' }),
});

function appRendering(source: string, bind: Parameters<typeof Survey.fromRequest>[0] = {}) {
  const app = new Flagon('templates', { config: { SECRET_KEY: 'k' } });
  new CSRFProtect(app);
  app.route('/', { methods: ['GET', 'POST'] }, async () => {
    const f = await Survey.fromRequest(bind);
    await f.validateOnSubmit();
    return renderTemplateString(source, { form: f });
  });
  return app;
}

describe('fields in templates', () => {
  it('renders radio options one by one with their labels', async () => {
    const app = appRendering('{% for o in form.color.options %}{{ o }}{{ o.label }};{% endfor %}', {
      data: { color: 'blue' },
    });
    assert.equal(
      (await app.testClient().get('/')).text,
      '<input id="color-0" name="color" type="radio" value="red"><label for="color-0">Red</label>;' +
        '<input checked id="color-1" name="color" type="radio" value="blue"><label for="color-1">Blue &amp; co</label>;',
    );
  });

  it('calls a label with attributes or other text', async () => {
    const app = appRendering(
      "{{ form.name.label(class_='big') }}|{{ form.name.label('Full name') }}|{{ form.name.label.text }}",
    );
    assert.equal(
      (await app.testClient().get('/')).text,
      '<label class="big" for="name">Name</label>|<label for="name">Full name</label>|Name',
    );
  });

  it('exposes name, id, type, flags, description and errors', async () => {
    const app = appRendering(
      '{{ form.name.name }} {{ form.name.id }} {{ form.name.type }} {{ form.name.flags.required }} {{ form.name.description }} {{ form.ref.type }}',
    );
    assert.equal(
      (await app.testClient().get('/')).text,
      'name name StringField True Your &lt;full&gt; name HiddenField',
    );
  });

  it('keeps what functions inherit out of reach', async () => {
    const app = appRendering('[{{ form.name.call }}][{{ form.name.constructor }}][{{ form.name.bind }}]');
    assert.equal((await app.testClient().get('/')).text, '[][][]');
  });

  it('renders a whole form with render_form: token, hidden fields, each field, errors', async () => {
    const app = appRendering(
      '{% from "flagon/forms.html" import render_form %}{{ render_form(form, submit="Send") }}',
    );
    const client = app.testClient();
    const page = (await client.get('/')).text;
    assert.match(page, /<input id="csrf_token" name="csrf_token" type="hidden" value="[^"]+">/);
    assert.match(page, /<input id="ref" name="ref" type="hidden" value="x&#34;y">/);
    assert.match(
      page,
      /<label for="agree"><input id="agree" name="agree" type="checkbox" value="y"> I agree<\/label>/,
    );
    assert.match(page, /<small class="field-description">Your &lt;full&gt; name<\/small>/);
    assert.match(page, /<button type="submit">Send<\/button>/);
    assert.doesNotMatch(page, /enctype/);
  });

  it('adds enctype for forms with file fields', async () => {
    const Upload = form({ file: fileField() }, { csrf: false });
    const app = new Flagon('upload');
    new CSRFProtect(app);
    app.get('/', () =>
      renderTemplateString('{% from "flagon/forms.html" import render_form %}{{ render_form(form) }}', {
        form: Upload.create(),
      }),
    );
    assert.match((await app.testClient().get('/')).text, /enctype="multipart\/form-data"/);
  });

  it('lets the app override flagon/forms.html with its own template', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'forms-override-'));
    mkdirSync(join(root, 'templates', 'flagon'), { recursive: true });
    writeFileSync(
      join(root, 'templates', 'flagon', 'forms.html'),
      '{% macro render_field(f) %}mine:{{ f.name }}{% endmacro %}',
    );
    const app = new Flagon('override', { rootPath: root, config: { SECRET_KEY: 'k' } });
    new CSRFProtect(app);
    app.get('/', () =>
      renderTemplateString(
        '{% from "flagon/forms.html" import render_field %}{{ render_field(form.name) }}',
        {
          form: Survey.create({ csrf: false }),
        },
      ),
    );
    assert.equal((await app.testClient().get('/')).text, 'mine:name');
  });
});

describe('prefixed forms', () => {
  it('prefix names, ids and the CSRF field, which CSRFProtect accepts', async () => {
    const app = new Flagon('prefixed', { config: { SECRET_KEY: 'k' } });
    new CSRFProtect(app);
    app.route('/', { methods: ['GET', 'POST'] }, async () => {
      const f = await Survey.fromRequest({ prefix: 'survey' });
      if (await f.validateOnSubmit()) return `ok ${f.data.name}`;
      return renderTemplateString('{{ form.hidden_tag() }}{{ form.name }}', { form: f });
    });
    const client = app.testClient();
    const page = (await client.get('/')).text;
    assert.match(page, /<input id="survey-name" name="survey-name" required type="text" value="">/);
    const token = /name="survey-csrf_token" type="hidden" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await client.post('/', { data: { 'survey-csrf_token': token, 'survey-name': 'Ada' } });
    assert.equal(res.text, 'ok Ada');
  });
});
