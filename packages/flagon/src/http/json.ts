// Only texts that could spell `__proto__` (directly or through \u escapes) pay for the reviver.
const MAY_HOLD_PROTO = /__proto__|\\u/;

/**
 * Parses JSON text, dropping `__proto__` keys so the result cannot pollute a prototype when it is later
 * merged into another object. Used for request bodies and by the app's JSON provider.
 *
 * @throws SyntaxError for malformed JSON (JSON.parse's message says where it broke).
 */
export function parseJsonWithoutProto(text: string): unknown {
  return MAY_HOLD_PROTO.test(text)
    ? JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value))
    : JSON.parse(text);
}
