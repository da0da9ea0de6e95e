/**
 * The template error family, named as in Jinja2 so callers (and the conformance
 * runner) can tell problems apart by `error.name`.
 */

/** Base of every error the engine raises about a template. Carries the template name and line. */
export class TemplateError extends Error {
  /** Line (1-based) in the template where the problem is, when known. */
  lineno: number | undefined;
  /** Name of the template the problem is in, when known. */
  templateName: string | undefined;

  constructor(message: string, options?: { lineno?: number; templateName?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TemplateError';
    this.lineno = options?.lineno;
    this.templateName = options?.templateName;
  }
}

/** The template text breaks the grammar (unclosed tag, unknown tag, bad expression). */
export class TemplateSyntaxError extends TemplateError {
  constructor(message: string, options?: { lineno?: number; templateName?: string; cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateSyntaxError';
  }
}

/** The template is well-formed but asks for something impossible (unknown filter, duplicate block). */
export class TemplateAssertionError extends TemplateSyntaxError {
  constructor(message: string, options?: { lineno?: number; templateName?: string; cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateAssertionError';
  }
}

/** A loader has no template with this name. */
export class TemplateNotFound extends TemplateError {
  /** The name that was asked for. */
  readonly templateNameRequested: string;
  constructor(name: string, message?: string) {
    super(message ?? `Template '${name}' not found. Check the name and the loader's search path.`);
    this.name = 'TemplateNotFound';
    this.templateNameRequested = name;
  }
}

/** None of several candidate templates exists (`selectTemplate`, `{% include [...] %}`). */
export class TemplatesNotFound extends TemplateNotFound {
  /** Every name that was tried, in order. */
  readonly templates: readonly string[];
  constructor(names: readonly unknown[], message?: string) {
    const shown = names.map((n) => `'${String(n)}'`).join(', ');
    super(
      String(names.at(-1) ?? ''),
      message ??
        (names.length === 0
          ? 'Tried to select from an empty list of templates.'
          : `None of the templates given were found: ${shown}.`),
    );
    this.name = 'TemplatesNotFound';
    this.templates = names.map(String);
  }
}

/** A template used an undefined value in a way that needs a real value. */
export class UndefinedError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'UndefinedError';
  }
}

/** A runtime rule of the template language was broken (required block missing, bad set target). */
export class TemplateRuntimeError extends TemplateError {
  constructor(message: string, options?: { lineno?: number; templateName?: string; cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateRuntimeError';
  }
}

/** The template tried to reach something it must not (JS internals) or exceeded a safety limit. */
export class SecurityError extends TemplateRuntimeError {
  constructor(message: string) {
    super(message);
    this.name = 'SecurityError';
  }
}

/** Python's ValueError: an operation got a value of the right type but the wrong content. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Python's ZeroDivisionError: `x / 0`, `x // 0`, `x % 0`. */
export class ZeroDivisionError extends Error {
  constructor(message = 'division by zero') {
    super(message);
    this.name = 'ZeroDivisionError';
  }
}

/**
 * Attaches the template name and line to an error thrown while rendering, once
 * (the innermost template wins). Our own errors also get the position in their message.
 */
export function annotateError(error: unknown, lineno: number, templateName: string | null): unknown {
  if (error === null || typeof error !== 'object') return error;
  const target = error as { lineno?: unknown; templateName?: unknown; message?: unknown };
  if (target.lineno !== undefined && target.lineno !== null) return error;
  if (!Object.isExtensible(error)) return error;
  try {
    target.lineno = lineno;
    target.templateName = templateName ?? undefined;
    if (error instanceof TemplateError || error instanceof ValueError || error instanceof ZeroDivisionError) {
      target.message = `${String(target.message)} (${describeWhere(templateName, lineno)})`;
    }
  } catch {
    // A frozen or exotic error object: leave it as it is.
  }
  return error;
}

/** "template 'main', line 3" / "line 3" for messages. */
export function describeWhere(templateName: string | null | undefined, lineno: number): string {
  return templateName ? `template '${templateName}', line ${lineno}` : `line ${lineno}`;
}
