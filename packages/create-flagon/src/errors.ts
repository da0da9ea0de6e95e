/** The target folder is not empty, or its name cannot be a project's. Its message says what to do. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}
