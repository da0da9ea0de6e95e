import { BadRequest } from '../../http/exceptions.ts';

// Only bodies that could spell `__proto__` (directly or through \u escapes) pay for the reviver.
const MAY_HOLD_PROTO = /__proto__|\\u/;

/**
 * Parses JSON text, dropping `__proto__` keys so the result cannot pollute a prototype when later merged.
 *
 * @throws BadRequest naming where the JSON broke.
 */
export function parseJsonSafely(text: string): unknown {
  try {
    return MAY_HOLD_PROTO.test(text)
      ? JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value))
      : JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`Failed to decode JSON object: ${(error as Error).message}`, { cause: error });
  }
}
