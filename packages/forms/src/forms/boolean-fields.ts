/** Checkboxes and submit buttons. */
import type { Markup } from 'flagon';
import { FieldImpl, type FieldInit, type FieldOptions, type FieldSpec, type Output } from './field.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

/** Options of `booleanField`. */
export interface BooleanFieldOptions extends FieldOptions<boolean> {
  /** Submitted values that mean false. Default `['false', '']` (as WTForms). */
  falseValues?: readonly string[];
}

class BooleanImpl extends FieldImpl<boolean> {
  readonly type: string;
  readonly #submit: boolean;

  constructor(init: FieldInit, options: BooleanFieldOptions, submit: boolean) {
    super(init, options);
    this.#submit = submit;
    this.type = submit ? 'SubmitField' : 'BooleanField';
  }

  protected emptyValue(): boolean {
    return false;
  }

  protected override coerceData(value: unknown): boolean {
    return Boolean(value);
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    // An unchecked checkbox sends nothing, so absence means false.
    this.rawData = raw.length === 0 ? null : raw;
    const falseValues = (this.options as BooleanFieldOptions).falseValues ?? ['false', ''];
    this.data = raw.length > 0 && !falseValues.includes(raw[0] as string);
  }

  protected widget(kw: RenderKw): Markup {
    if (this.#submit)
      return tag('input', { id: this.id, name: this.name, type: 'submit', value: this.labelText, ...kw });
    return tag('input', {
      checked: this.data === true,
      id: this.id,
      name: this.name,
      type: 'checkbox',
      value: 'y',
      ...kw,
    });
  }
}

/** A checkbox; data is `boolean`. `inputRequired()` makes it one that must be checked. */
export function booleanField<const O extends BooleanFieldOptions>(
  options?: O,
): FieldSpec<Output<boolean, O>> {
  return {
    options: (options ?? {}) as FieldOptions<Output<boolean, O>>,
    create: (init) => new BooleanImpl(init, options ?? {}, false) as unknown as FieldImpl<Output<boolean, O>>,
  };
}

/** A submit button; data is true when this button sent the form. */
export function submitField<const O extends FieldOptions<boolean>>(options?: O): FieldSpec<boolean> {
  return {
    options: (options ?? {}) as FieldOptions<boolean>,
    create: (init) => new BooleanImpl(init, options ?? {}, true),
  };
}
