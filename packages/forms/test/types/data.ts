// Type-level promises of @flagon/forms, checked by `tsc --noEmit` (this file is never run).

import {
  booleanField,
  dateField,
  dateTimeLocalField,
  decimalField,
  emailField,
  fieldList,
  fileField,
  floatField,
  form,
  formField,
  hiddenField,
  inputRequired,
  integerField,
  multipleFileField,
  passwordField,
  radioField,
  type StandardSchemaV1,
  selectField,
  selectMultipleField,
  stringField,
  submitField,
  telField,
  textAreaField,
  timeField,
  urlField,
} from '@flagon/forms';
import type { FileStorage } from 'flagon';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const Address = form({ city: stringField(), zip: integerField() });

const Everything = form({
  title: stringField({ validators: [inputRequired()] }),
  body: textAreaField(),
  secret: passwordField(),
  token: hiddenField(),
  mail: emailField(),
  site: urlField(),
  phone: telField(),
  count: integerField(),
  price: decimalField(),
  ratio: floatField(),
  published: booleanField(),
  size: selectField({
    choices: [
      [1, 'Small'],
      [2, 'Large'],
    ] as const,
  }),
  color: radioField({ choices: ['red', 'blue'] as const }),
  tags: selectMultipleField({
    choices: [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ] as const,
  }),
  day: dateField(),
  at: dateTimeLocalField(),
  time: timeField(),
  cover: fileField(),
  photos: multipleFileField(),
  save: submitField(),
  address: formField(Address),
  phones: fieldList(stringField()),
  homes: fieldList(formField(Address)),
});

const f = Everything.create();
const d = f.data;

expectType<Equal<typeof d.title, string>>(true);
expectType<Equal<typeof d.body, string>>(true);
expectType<Equal<typeof d.secret, string>>(true);
expectType<Equal<typeof d.token, string>>(true);
expectType<Equal<typeof d.mail, string>>(true);
expectType<Equal<typeof d.site, string>>(true);
expectType<Equal<typeof d.phone, string>>(true);
expectType<Equal<typeof d.count, number | null>>(true);
expectType<Equal<typeof d.price, number | null>>(true);
expectType<Equal<typeof d.ratio, number | null>>(true);
expectType<Equal<typeof d.published, boolean>>(true);
expectType<Equal<typeof d.size, 1 | 2 | null>>(true);
expectType<Equal<typeof d.color, 'red' | 'blue' | null>>(true);
expectType<Equal<typeof d.tags, ('a' | 'b')[]>>(true);
expectType<Equal<typeof d.day, Date | null>>(true);
expectType<Equal<typeof d.at, Date | null>>(true);
expectType<Equal<typeof d.time, string | null>>(true);
expectType<Equal<typeof d.cover, FileStorage | null>>(true);
expectType<Equal<typeof d.photos, FileStorage[]>>(true);
expectType<Equal<typeof d.save, boolean>>(true);
expectType<Equal<typeof d.address, { city: string; zip: number | null }>>(true);
expectType<Equal<typeof d.phones, string[]>>(true);
expectType<Equal<typeof d.homes, { city: string; zip: number | null }[]>>(true);

// Wrong uses are refused.
// @ts-expect-error title is a string
const n: number = d.title;
// @ts-expect-error published is a boolean
const s: string = d.published;
// @ts-expect-error size is 1 | 2 | null, never 3
const three: 3 = d.size;
// @ts-expect-error no such field
f.data.missing;
// @ts-expect-error no such bound field
f.nothing;

// Bound fields are typed as the data, and nested ones reach through.
const title: string = f.title.data;
const city: string = f.address.city.data;
const firstPhone: string | undefined = f.phones.entries[0]?.data;
const choiceLabel: string | undefined = f.size.choices[0]?.label;

// A schema's output type flows into the data.
const upper: StandardSchemaV1<unknown, { shout: string }> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (v) => ({ value: { shout: String(v).toUpperCase() } }),
  },
};
const WithFieldSchema = form({ name: stringField({ schema: upper }) });
expectType<
  Equal<
    typeof WithFieldSchema extends { create(): { data: infer D } } ? D : never,
    { name: { shout: string } }
  >
>(true);
const WithFormSchema = form({ a: stringField() }, { schema: upper });
expectType<Equal<ReturnType<typeof WithFormSchema.create>['data'], { shout: string }>>(true);

// Validators see the field's data type.
form({
  age: integerField({
    validators: [
      (field) => {
        const age: number | null = field.data;
        // @ts-expect-error age is a number or null
        const text: string = field.data;
        return age === null ? `${text}` : undefined;
      },
    ],
  }),
});

export { choiceLabel, city, firstPhone, n, s, three, title };
