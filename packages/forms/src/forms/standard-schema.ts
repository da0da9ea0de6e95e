/**
 * The Standard Schema v1 interface (https://standardschema.dev), which zod, valibot and arktype implement.
 * Declared here by shape, so any conforming validator works without @flagon/forms depending on one.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/** The `~standard` property of a Standard Schema validator. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** What a Standard Schema validator answers: the value, or issues. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] };

/** One problem found by a Standard Schema validator; `path` leads to the offending value. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** The output type of a Standard Schema validator. */
export type InferSchemaOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/** True for a value that implements Standard Schema v1. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as Partial<StandardSchemaV1>)['~standard'];
  return (
    typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function'
  );
}

/** The result of running a schema: the output, or its issues with paths as plain keys. */
export type SchemaOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: ReadonlyArray<{ message: string; path: PropertyKey[] }> };

/** Runs a Standard Schema validator; a validator that throws or answers nonsense becomes one issue. */
export async function runSchema(schema: StandardSchemaV1, value: unknown): Promise<SchemaOutcome> {
  let result: StandardSchemaResult<unknown>;
  try {
    result = await schema['~standard'].validate(value);
  } catch (error) {
    return { ok: false, issues: [{ message: `Invalid value: ${(error as Error).message}`, path: [] }] };
  }
  if (result === null || typeof result !== 'object') {
    return { ok: false, issues: [{ message: 'Invalid value.', path: [] }] };
  }
  if (result.issues === undefined) return { ok: true, value: (result as { value: unknown }).value };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      message: String(issue.message),
      path: (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p)),
    })),
  };
}
