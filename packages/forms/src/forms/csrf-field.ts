import { currentApp, g, hasRequestContext, type Markup, request } from 'flagon';
import { csrfSettings } from '../csrf/config.ts';
import { CSRFValidationError } from '../csrf/csrf-error.ts';
import { generateCsrf, validateCsrf } from '../csrf/tokens.ts';
import { FieldImpl } from './field.ts';
import type { FormInput } from './form-input.ts';
import { type RenderKw, tag } from './html.ts';

/**
 * The hidden `csrf_token` field of a form with CSRF on (Flask-WTF's `CSRFTokenField`): renders the current
 * signed token, and validates the submitted one (or one in an `X-CSRFToken` header, which Flask-WTF's forms
 * do not read) unless `CSRFProtect` already checked this request.
 */
export class CsrfTokenImpl extends FieldImpl<string> {
  readonly type = 'CSRFTokenField';

  protected emptyValue(): string {
    return '';
  }

  protected processInput(input: FormInput): void {
    const raw = input.getAll(this.name);
    this.rawData = raw.length === 0 ? null : raw;
    this.data = raw[0] ?? '';
  }

  /** Always the current token, never the submitted one (which may have expired). */
  override value(): string {
    return generateCsrf();
  }

  protected widget(kw: RenderKw): Markup {
    return tag('input', { id: this.id, name: this.name, type: 'hidden', value: this.value(), ...kw });
  }

  override async validate(): Promise<boolean> {
    this.errors = [];
    if (g.get('csrf_valid') === true) return true;
    try {
      validateCsrf(this.data || tokenFromHeaders());
    } catch (error) {
      if (!(error instanceof CSRFValidationError)) throw error;
      this.errors.push(error.message);
    }
    return this.errors.length === 0;
  }
}

/** A token sent in a `WTF_CSRF_HEADERS` header, for JSON APIs posting a form without a token field. */
function tokenFromHeaders(): string {
  if (!hasRequestContext()) return '';
  for (const name of csrfSettings(currentApp).headers) {
    const value = request.headers.get(name);
    if (value) return value;
  }
  return '';
}
