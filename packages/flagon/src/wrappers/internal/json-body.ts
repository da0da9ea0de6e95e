import { BadRequest } from '../../http/exceptions.ts';
import { parseJsonWithoutProto } from '../../http/json.ts';

/**
 * Parses a JSON request body (without `__proto__` keys).
 *
 * @throws BadRequest naming where the JSON broke.
 */
export function parseJsonSafely(text: string): unknown {
  try {
    return parseJsonWithoutProto(text);
  } catch (error) {
    throw new BadRequest(`Failed to decode JSON object: ${(error as Error).message}`, { cause: error });
  }
}
