// Public API of @flagon/redis: named re-exports only.

export {
  LimiterConfigError,
  RateLimitSyntaxError,
  SessionSerializationError,
  SessionTooLargeError,
  StoreUnavailableError,
} from './errors.ts';
export type { RedisClientLike, RedisConnectionOptions } from './internal/redis-connection.ts';
export { generateSessionId, RedisSession, UnavailableSession } from './sessions/redis-session.ts';
export {
  jsonSessionSerializer,
  RedisSessionInterface,
  type RedisSessionInterfaceOptions,
  type SessionSerializer,
} from './sessions/redis-session-interface.ts';
