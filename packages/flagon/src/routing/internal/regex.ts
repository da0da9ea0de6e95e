/** Regular-expression helpers shared by converters and the matcher. */

/** Escapes text so it matches literally, also under the `u` flag (which rejects needless escapes like `\-`). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * Compiles an anchored pattern. Tries the `u` flag first so lengths and `.` count code points; a custom converter
 * regex written for non-Unicode mode (`\-` outside a class, say) falls back to plain mode.
 * @throws SyntaxError when the pattern is invalid in both modes.
 */
export function compileAnchored(source: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return new RegExp(`^(?:${source})$`);
  }
}
