import { isUtf8 } from 'node:buffer';
import { BadRequest } from '../../http/exceptions.ts';
import { jsonNestingExceeds, parseJsonWithoutProto } from '../../http/json.ts';

/**
 * Default MAX_JSON_DEPTH: half the 1,000 levels the app's JSON provider writes (`JsonProvider.maxDepth`), so
 * every body accepted can be sent back, even wrapped in a response object.
 */
export const DEFAULT_MAX_JSON_DEPTH = 500;

/**
 * Decodes and parses a JSON request body (without `__proto__` keys).
 *
 * @throws BadRequest naming where the JSON broke, for bytes that are not UTF-8 (RFC 8259 §8.1) rather than
 *   reading them as U+FFFD, and for nesting deeper than `maxDepth` (checked on the text, before any
 *   recursive walk of it).
 */
export function parseJsonBody(
  data: Buffer,
  encoding: BufferEncoding,
  maxDepth: number | null | undefined,
): unknown {
  if (encoding === 'utf8' && !isUtf8(data)) {
    throw new BadRequest('Failed to decode JSON object: the body is not valid UTF-8.');
  }
  const text = data.toString(encoding);
  const limit = maxDepth === undefined ? DEFAULT_MAX_JSON_DEPTH : maxDepth;
  if (limit !== null && jsonNestingExceeds(text, limit)) {
    throw new BadRequest(
      `Failed to decode JSON object: it nests arrays and objects deeper than ${limit} levels (MAX_JSON_DEPTH).`,
    );
  }
  return parseJsonSafely(text);
}

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
