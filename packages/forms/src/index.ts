// @flagon/forms: Flask-WTF's CSRF protection and WTForms-like typed forms. Named re-exports only.

export { CSRF_DEFAULTS } from './csrf/config.ts';
export { CSRFConfigError, CSRFError, CSRFValidationError } from './csrf/csrf-error.ts';
export { CSRFProtect, type Exemptible } from './csrf/csrf-protect.ts';
export { type CsrfOptions, generateCsrf, type ValidateCsrfOptions, validateCsrf } from './csrf/tokens.ts';
export { type BooleanFieldOptions, booleanField, submitField } from './forms/boolean-fields.ts';
export {
  type Choice,
  type ChoiceBoundField,
  type ChoiceFieldOptions,
  type Choices,
  type ChoiceValue,
  type RadioOption,
  radioField,
  selectField,
  selectMultipleField,
} from './forms/choice-fields.ts';
export {
  type FieldListBound,
  type FieldListOptions,
  type FormFieldBound,
  type FormFieldOptions,
  fieldList,
  formField,
} from './forms/composite-fields.ts';
export { dateField, dateTimeLocalField, timeField } from './forms/date-fields.ts';
export { FormDefinitionError, StopValidation, ValidationError } from './forms/errors.ts';
export type {
  BoundField,
  BoundOf,
  DataOf,
  FieldOptions,
  FieldSpec,
  FormView,
  Label,
  Output,
  Validator,
} from './forms/field.ts';
export { fileField, multipleFileField } from './forms/file-fields.ts';
export {
  BaseForm,
  type BindOptions,
  type CreateOptions,
  type Fields,
  type Form,
  type FormClass,
  type FormData,
  type FormOptions,
  form,
  isSubmitted,
} from './forms/form.ts';
export { type FormInput, inputFromMultiDicts, inputFromObject } from './forms/form-input.ts';
export type { RenderKw } from './forms/html.ts';
export {
  decimalField,
  floatField,
  integerField,
  type NumberFieldOptions,
} from './forms/number-fields.ts';
export type {
  InferSchemaOutput,
  StandardSchemaIssue,
  StandardSchemaProps,
  StandardSchemaResult,
  StandardSchemaV1,
} from './forms/standard-schema.ts';
export {
  emailField,
  hiddenField,
  passwordField,
  searchField,
  stringField,
  telField,
  textAreaField,
  urlField,
} from './forms/text-fields.ts';
export {
  anyOf,
  dataRequired,
  email,
  equalTo,
  fileAllowed,
  fileRequired,
  fileSize,
  inputRequired,
  ipAddress,
  type LengthOptions,
  length,
  type MessageOption,
  type NumberRangeOptions,
  noneOf,
  numberRange,
  optional,
  regexp,
  url,
  uuid,
} from './forms/validators.ts';
export { csrfMetaTag, initForms } from './templates.ts';
