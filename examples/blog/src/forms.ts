// Every form of the blog, declared once: typed data, validation with WTForms' messages, a CSRF token each.
import {
  type BoundField,
  booleanField,
  dataRequired,
  equalTo,
  form,
  inputRequired,
  length,
  passwordField,
  regexp,
  stringField,
  textAreaField,
  ValidationError,
} from '@flagon/forms';
import { findUserByName } from './users.ts';

async function usernameIsFree(field: BoundField<string>): Promise<void> {
  if ((await findUserByName(field.data)) !== null) {
    throw new ValidationError(`User ${field.data} is already registered.`);
  }
}

export const RegisterForm = form({
  username: stringField({
    label: 'Username',
    filters: [(value: string) => value.trim()],
    validators: [
      dataRequired({ message: 'Username is required.' }),
      length({ max: 40 }),
      regexp(/^[\w.-]+$/, { message: 'Use letters, digits, dots, dashes and underscores only.' }),
      usernameIsFree,
    ],
    renderKw: { autocomplete: 'username' },
  }),
  password: passwordField({
    label: 'Password',
    validators: [inputRequired({ message: 'Password is required.' }), length({ min: 8, max: 200 })],
    renderKw: { autocomplete: 'new-password' },
  }),
  confirm: passwordField({
    label: 'Repeat password',
    validators: [equalTo('password', { message: 'The passwords do not match.' })],
    renderKw: { autocomplete: 'new-password' },
  }),
});

export const LoginForm = form({
  username: stringField({
    label: 'Username',
    validators: [inputRequired({ message: 'Username is required.' }), length({ max: 40 })],
    renderKw: { autocomplete: 'username' },
  }),
  password: passwordField({
    label: 'Password',
    validators: [inputRequired({ message: 'Password is required.' }), length({ max: 200 })],
    renderKw: { autocomplete: 'current-password' },
  }),
  remember: booleanField({ label: 'Remember me' }),
});

export const PostForm = form({
  title: stringField({
    label: 'Title',
    filters: [(value: string) => value.trim()],
    validators: [dataRequired({ message: 'Title is required.' }), length({ max: 200 })],
  }),
  body: textAreaField({
    label: 'Body',
    validators: [length({ max: 20_000 })],
    renderKw: { rows: 12 },
  }),
});

export const CommentForm = form({
  body: textAreaField({
    label: 'Comment',
    filters: [(value: string) => value.trim()],
    validators: [dataRequired({ message: 'Write something first.' }), length({ max: 2000 })],
    renderKw: { rows: 4 },
  }),
});

/** A form with nothing but its CSRF token: the buttons that delete, log out, issue or revoke a token. */
export const ConfirmForm = form({});
