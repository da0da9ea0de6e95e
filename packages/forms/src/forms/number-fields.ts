/** Number inputs: integer, decimal and float fields. */
import type { Markup } from 'flagon';
import { ValidationError } from './errors.ts';
import { FieldImpl, type FieldInit, type FieldOptions, type FieldSpec, type Output } from './field.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type NumberKind = 'integer' | 'decimal' | 'float';

/** Options of the number fields. */
export interface NumberFieldOptions extends FieldOptions<number | null> {
  /** Decimal places shown when rendering a `decimalField`'s data. Default 2. */
  places?: number;
}

class NumberImpl extends FieldImpl<number | null> {
  readonly type: string;
  readonly #kind: NumberKind;

  constructor(init: FieldInit, options: NumberFieldOptions, kind: NumberKind) {
    super(init, options);
    this.#kind = kind;
    this.type = kind === 'integer' ? 'IntegerField' : kind === 'decimal' ? 'DecimalField' : 'FloatField';
  }

  protected emptyValue(): number | null {
    return null;
  }

  protected override coerceData(value: unknown): number | null {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : null;
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    if (raw.length === 0) return;
    this.rawData = raw;
    const text = (raw[0] as string).trim();
    // A blank input is no number: `inputRequired()` says so when one is needed.
    if (text === '') {
      this.data = null;
      return;
    }
    const n = Number(text);
    if (this.#kind === 'integer') {
      if (text.length > 20 || !INTEGER.test(text) || !Number.isSafeInteger(n)) {
        this.data = null;
        throw new ValidationError('Not a valid integer value.');
      }
    } else if (
      text.length > 64 ||
      !(this.#kind === 'decimal' ? DECIMAL : FLOAT).test(text) ||
      !Number.isFinite(n)
    ) {
      this.data = null;
      throw new ValidationError(`Not a valid ${this.#kind} value.`);
    }
    this.data = n;
  }

  protected override format(data: number | null): string {
    if (data === null) return '';
    if (this.#kind === 'decimal') return data.toFixed((this.options as NumberFieldOptions).places ?? 2);
    return String(data);
  }

  protected override flagAttributes(): RenderKw {
    const attrs = super.flagAttributes();
    const flags = this.flags;
    if (typeof flags.min === 'number') attrs.min = flags.min;
    if (typeof flags.max === 'number') attrs.max = flags.max;
    return attrs;
  }

  protected widget(kw: RenderKw): Markup {
    const step = this.#kind === 'integer' ? undefined : 'any';
    return tag('input', { id: this.id, name: this.name, type: 'number', step, value: this.value(), ...kw });
  }
}

function numberField(kind: NumberKind) {
  return <const O extends NumberFieldOptions>(options?: O): FieldSpec<Output<number | null, O>> => ({
    options: (options ?? {}) as FieldOptions<Output<number | null, O>>,
    create: (init) =>
      new NumberImpl(init, options ?? {}, kind) as unknown as FieldImpl<Output<number | null, O>>,
  });
}

/** An `<input type="number">` holding a whole number; data is `number | null` (null when blank). */
export const integerField = numberField('integer');
/** A decimal number (no exponent); data is `number | null`, rendered with `places` decimals. */
export const decimalField = numberField('decimal');
/** A floating-point number; data is `number | null`. */
export const floatField = numberField('float');
