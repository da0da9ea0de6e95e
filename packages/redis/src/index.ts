// Public API of @flagon/redis: named re-exports only.

export {
  LimiterConfigError,
  RateLimitSyntaxError,
  SessionSerializationError,
  SessionTooLargeError,
  StoreUnavailableError,
} from './errors.ts';
export type { RedisClientLike, RedisConnectionOptions } from './internal/redis-connection.ts';
export { ClusterStorage, hasClusterMaster } from './limiter/cluster-storage.ts';
export {
  getRemoteAddress,
  type KeyFunc,
  Limiter,
  type LimiterOptions,
  type LimitOptions,
  type StorageOption,
} from './limiter/limiter.ts';
export { MemoryStorage } from './limiter/memory-storage.ts';
export { GRANULARITIES, type Granularity, parseLimits, RateLimitItem } from './limiter/rate-limit-item.ts';
export { RedisStorage } from './limiter/redis-storage.ts';
export type { LimitRequest, LimitStorage, Strategy, WindowResult } from './limiter/storage.ts';
export {
  destroySession,
  generateSessionId,
  RedisSession,
  regenerateSession,
  UnavailableSession,
} from './sessions/redis-session.ts';
export {
  jsonSessionSerializer,
  RedisSessionInterface,
  type RedisSessionInterfaceOptions,
  type SessionSerializer,
} from './sessions/redis-session-interface.ts';
