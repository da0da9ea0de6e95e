/**
 * Raised by a validator to reject a field's value; its message is shown beside the field (WTForms'
 * `ValidationError`). Validators may also return a string instead of throwing.
 */
export class ValidationError extends Error {
  override get name(): string {
    return 'ValidationError';
  }
}

/**
 * Raised by a validator to reject the value and skip the field's remaining validators (WTForms'
 * `StopValidation`). With an empty message it only stops the chain (as `optional()` does).
 */
export class StopValidation extends Error {
  override get name(): string {
    return 'StopValidation';
  }
}

/** A form or field declared wrongly: a reserved field name, a field list of a field list without a spec, … */
export class FormDefinitionError extends TypeError {
  override get name(): string {
    return 'FormDefinitionError';
  }
}
