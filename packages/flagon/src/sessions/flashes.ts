/**
 * Flashed-message storage in the session, in Flask's layout: a `_flashes` list of `[category, message]` pairs,
 * so messages flashed by a Flask app sharing the session show up here and the other way round.
 * `flash()` and `getFlashedMessages()` are built on these with a per-request cache.
 */

import type { Session } from './session.ts';

/** The session key Flask keeps flashed messages under. */
export const FLASHES_KEY = '_flashes';

/** One flashed message and its category. */
export type FlashedMessage = [category: string, message: string];

/** Appends a message to the session's flashed messages (this marks the session modified). */
export function addFlash(session: Session, message: string, category = 'message'): void {
  const stored = session.get(FLASHES_KEY);
  const flashes = Array.isArray(stored) ? [...stored] : [];
  flashes.push([category, message]);
  session.set(FLASHES_KEY, flashes);
}

/**
 * Removes and returns the session's flashed messages, oldest first; the session is only modified when there
 * were some. Entries that are not `[category, message]` pairs are skipped. Messages that Flask stored as
 * `Markup` come back as their HTML text, which templates will escape: trust them explicitly if you must.
 */
export function takeFlashes(session: Session): FlashedMessage[] {
  if (!session.has(FLASHES_KEY)) return [];
  const stored = session.pop(FLASHES_KEY);
  if (!Array.isArray(stored)) return [];
  const flashes: FlashedMessage[] = [];
  for (const entry of stored) {
    if (Array.isArray(entry) && entry.length === 2) flashes.push([String(entry[0]), String(entry[1])]);
  }
  return flashes;
}
