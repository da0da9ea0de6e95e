/** Text inputs: string, text area, password, hidden, email, URL, tel and search fields. */
import type { Markup } from 'flagon';
import { FieldImpl, type FieldInit, type FieldOptions, type FieldSpec, type Output } from './field.ts';
import type { FormInput } from './form-input.ts';
import { esc, type RenderKw, tag } from './html.ts';

class InputImpl extends FieldImpl<string> {
  readonly type: string;
  readonly #inputType: string;
  readonly #hideValue: boolean;

  constructor(init: FieldInit, options: FieldOptions<string>, type: string, inputType: string, hide = false) {
    super(init, options);
    this.type = type;
    this.#inputType = inputType;
    this.#hideValue = hide;
  }

  protected emptyValue(): string {
    return '';
  }

  protected override coerceData(value: unknown): string {
    return value === null || value === undefined ? '' : String(value);
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    if (raw.length === 0) return;
    this.rawData = raw;
    this.data = raw[0] as string;
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const flags = this.flags;
    if (typeof flags.maxlength === 'number') attrs.maxlength = flags.maxlength;
    if (typeof flags.minlength === 'number') attrs.minlength = flags.minlength;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    if (this.#inputType === 'textarea') {
      // The leading newline is eaten by HTML parsers, so a value starting with one survives (as in WTForms).
      return tag('textarea', { id: this.id, name: this.name, ...kw }, `\r\n${esc(this.value())}`);
    }
    const value = this.#hideValue ? '' : this.value();
    return tag('input', { id: this.id, name: this.name, type: this.#inputType, value, ...kw });
  }
}

function textField(type: string, inputType: string, hide = false) {
  return <const O extends FieldOptions<string>>(options?: O): FieldSpec<Output<string, O>> => ({
    options: (options ?? {}) as FieldOptions<Output<string, O>>,
    create: (init) =>
      new InputImpl(
        init,
        (options ?? {}) as FieldOptions<string>,
        type,
        inputType,
        hide,
      ) as unknown as FieldImpl<Output<string, O>>,
  });
}

/** A text input; data is the submitted string (`''` when nothing was sent). */
export const stringField = textField('StringField', 'text');
/** A `<textarea>`; data is a string. */
export const textAreaField = textField('TextAreaField', 'textarea');
/** A password input: its value is never rendered back into the page. */
export const passwordField = textField('PasswordField', 'password', true);
/** A hidden input, rendered by `form.hiddenTag()`. */
export const hiddenField = textField('HiddenField', 'hidden');
/** An `<input type="email">`; add `email()` to validate the address. */
export const emailField = textField('EmailField', 'email');
/** An `<input type="url">`; add `url()` to validate it. */
export const urlField = textField('URLField', 'url');
/** An `<input type="tel">`. */
export const telField = textField('TelField', 'tel');
/** An `<input type="search">`. */
export const searchField = textField('SearchField', 'search');
