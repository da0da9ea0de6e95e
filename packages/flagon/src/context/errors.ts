/** A context local (`request`, `session`, `g`, `currentApp`) was used where no such context is active. */
export class ContextError extends Error {
  override get name(): string {
    return 'ContextError';
  }
}
