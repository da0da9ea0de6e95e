import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { form, selectField, stringField } from '@flagon/forms';
import { Babel, Flagon, lazyGettext, renderTemplateString } from 'flagon';
// The engine's test helper writes real GNU .mo files (its own tests check them against Python's gettext).
import { writeMo } from '../../../templates/test/ext/helpers/mo-writer.ts';

// Declared at module level, before any request, as Flask-WTF forms are.
const Profile = form(
  {
    name: stringField({ label: lazyGettext('Name'), description: lazyGettext('As shown to others') }),
    fruit: selectField({
      choices: [
        ['a', lazyGettext('Apple')],
        ['p', 'Pear'],
      ] as const,
    }),
  },
  { csrf: false },
);

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function appWithGerman(): Flagon {
  const root = mkdtempSync(join(tmpdir(), 'flagon-forms-i18n-'));
  roots.push(root);
  mkdirSync(join(root, 'translations/de/LC_MESSAGES'), { recursive: true });
  writeFileSync(
    join(root, 'translations/de/LC_MESSAGES/messages.mo'),
    writeMo([
      { id: 'Name', strs: ['Name (de)'] },
      { id: 'As shown to others', strs: ['So sehen es andere'] },
      { id: 'Apple', strs: ['Apfel'] },
    ]),
  );
  const app = new Flagon('forms-i18n', { rootPath: root });
  new Babel(app, { localeSelector: (request) => request.args.get('lang') ?? null });
  app.get('/', async () => {
    const f = await Profile.fromRequest();
    return renderTemplateString('{{ form.name.label }}|{{ form.name.description }}|{{ form.fruit() }}', {
      form: f,
    });
  });
  return app;
}

describe('lazy labels (lazyGettext)', () => {
  it("translate a module-level form's labels, descriptions and choices in each request's locale", async () => {
    const client = appWithGerman().testClient();
    const german = (await client.get('/?lang=de')).text;
    assert.match(german, /<label for="name">Name \(de\)<\/label>\|So sehen es andere\|/);
    assert.match(german, /<option value="a">Apfel<\/option>/);
    const english = (await client.get('/')).text;
    assert.match(english, /<label for="name">Name<\/label>\|As shown to others\|/);
    assert.match(english, /<option value="a">Apple<\/option>/);
  });
});
