import { ContextError } from '../context/errors.ts';
import { type CurrentApp, currentFrame } from '../context/storage.ts';
import { addFlash, type FlashedMessage, takeFlashes } from '../sessions/flashes.ts';
import type { Session } from '../sessions/session.ts';
import { messageFlashed } from '../signals/builtin-signals.ts';

// Messages taken from the session once per request, so every getFlashedMessages() call in a request (and
// in its templates) sees the same list, as Flask's `request_ctx.flashes`.
const FLASHES = Symbol('flagon.flashes');

function requestSession(helper: string) {
  const frame = currentFrame();
  if (frame?.getSession === undefined) {
    throw new ContextError(`${helper}() needs a request context, because messages are kept in the session.`);
  }
  return { app: frame.app, session: frame.getSession() as Session, scratch: frame.scratch };
}

/**
 * Keeps a message for the next request that shows messages, as Flask's `flash`. Needs a session (SECRET_KEY).
 *
 * @example
 * flash('Post created.', 'success');
 * return redirect(urlFor('index'));
 */
export function flash(message: string, category = 'message'): void {
  const { app, session } = requestSession('flash');
  addFlash(session, String(message), category);
  if (messageFlashed.hasReceivers) messageFlashed.sendSync(app as CurrentApp, String(message), category);
}

/** Options of `getFlashedMessages`. */
export interface FlashOptions {
  /** Return `[category, message]` pairs instead of messages. */
  withCategories?: boolean;
  /** Only messages of these categories. */
  categoryFilter?: readonly string[];
}

/**
 * The messages flashed since they were last shown, removed from the session, as Flask's
 * `get_flashed_messages`. Calls within one request return the same messages.
 */
export function getFlashedMessages(options: FlashOptions & { withCategories: true }): FlashedMessage[];
export function getFlashedMessages(options?: FlashOptions & { withCategories?: false }): string[];
export function getFlashedMessages(options?: FlashOptions): string[] | FlashedMessage[];
export function getFlashedMessages(options: FlashOptions = {}): string[] | FlashedMessage[] {
  const { session, scratch } = requestSession('getFlashedMessages');
  let flashes = scratch.get(FLASHES) as FlashedMessage[] | undefined;
  if (flashes === undefined) {
    flashes = takeFlashes(session);
    scratch.set(FLASHES, flashes);
  }
  const filter = options.categoryFilter;
  const selected =
    filter && filter.length > 0 ? flashes.filter(([category]) => filter.includes(category)) : flashes;
  return options.withCategories
    ? selected.map(([c, m]) => [c, m] as FlashedMessage)
    : selected.map(([, m]) => m);
}
