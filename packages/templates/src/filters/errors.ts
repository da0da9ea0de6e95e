import { TemplateRuntimeError } from '../errors/errors.ts';

/** A filter got an argument it cannot work with (Jinja's `FilterArgumentError`). */
export class FilterArgumentError extends TemplateRuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FilterArgumentError';
  }
}
