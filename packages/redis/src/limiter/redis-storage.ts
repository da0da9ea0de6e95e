/**
 * Limits counted in Redis, right across processes and machines. Each strategy is one Lua script, so a check
 * and its increment are one atomic step (no read-then-write race), and time is Redis's own clock (TIME), so
 * machines with skewed clocks still share one window.
 */

import { randomBytes } from 'node:crypto';
import { luaScript, RedisConnection, type RedisConnectionOptions } from '../internal/redis-connection.ts';
import type { LimitRequest, LimitStorage, Strategy, WindowResult } from './storage.ts';

// Every script: KEYS[1] the limit key; ARGV amount, expiry (ms), cost, dry run ('1'), a unique member id.
// Each answers {allowed (1/0), remaining, milliseconds until reset}.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local amount, expiry, cost, dry = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
`;

const SCRIPTS: Record<Strategy, ReturnType<typeof luaScript>> = {
  'fixed-window': luaScript(`${NOW}
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then count = 0; ttl = expiry end
if count + cost > amount then return {0, math.max(0, amount - count), ttl} end
if not dry then
  if count == 0 then redis.call('SET', KEYS[1], cost, 'PX', expiry) else redis.call('INCRBY', KEYS[1], cost) end
end
return {1, amount - count - cost, ttl}
`),
  'moving-window': luaScript(`${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - expiry)
local count = redis.call('ZCARD', KEYS[1])
if count + cost > amount then
  local index = math.max(0, count + cost - amount - 1)
  local oldest = redis.call('ZRANGE', KEYS[1], index, index, 'WITHSCORES')
  local at = now
  if oldest[2] then at = tonumber(oldest[2]) end
  return {0, math.max(0, amount - count), at + expiry - now}
end
if not dry and cost > 0 then
  for i = 1, cost do redis.call('ZADD', KEYS[1], now, ARGV[5] .. ':' .. i) end
  redis.call('PEXPIRE', KEYS[1], expiry)
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local start = now
if first[2] then start = tonumber(first[2]) end
return {1, amount - count - cost, start + expiry - now}
`),
  'sliding-window-counter': luaScript(`${NOW}
local index = math.floor(now / expiry)
local currentKey = KEYS[1] .. '/' .. index
local current = tonumber(redis.call('GET', currentKey) or '0')
local previous = tonumber(redis.call('GET', KEYS[1] .. '/' .. (index - 1)) or '0')
local elapsed = now - index * expiry
local weighted = math.floor(previous * (expiry - elapsed) / expiry) + current
local reset = (index + 1) * expiry - now
if weighted + cost > amount then return {0, math.max(0, amount - weighted), reset} end
if not dry then
  redis.call('INCRBY', currentKey, cost)
  redis.call('PEXPIRE', currentKey, expiry * 2)
end
return {1, amount - weighted - cost, reset}
`),
};

/** Flask-Limiter's `redis://` storage. */
export class RedisStorage implements LimitStorage {
  readonly #connection: RedisConnection;
  readonly #prefix: string;

  constructor(options: RedisConnectionOptions & { keyPrefix?: string }) {
    this.#connection = new RedisConnection(options);
    this.#prefix = options.keyPrefix ?? '';
  }

  /** @throws StoreUnavailableError when Redis cannot be reached in time. */
  async acquire(request: LimitRequest): Promise<WindowResult> {
    const started = Date.now();
    const reply = (await this.#connection.eval(
      SCRIPTS[request.strategy],
      [this.#prefix + request.key],
      [
        String(request.amount),
        String(request.expiryMs),
        String(request.cost),
        request.dryRun ? '1' : '0',
        // Only the moving window stores members, which must be unique.
        request.strategy === 'moving-window' ? randomBytes(8).toString('hex') : '',
      ],
    )) as [number, number, number];
    return { allowed: reply[0] === 1, remaining: Math.max(0, reply[1]), resetAt: started + reply[2] };
  }

  /** Deletes the keys of every limit under this storage's prefix (`LIMITER/…`). */
  async reset(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = (await this.#connection.command([
        'SCAN',
        cursor,
        'MATCH',
        `${this.#prefix}LIMITER/*`,
        'COUNT',
        '500',
      ])) as [string, string[]];
      if (keys.length > 0) await this.#connection.command(['UNLINK', ...keys]);
      cursor = next;
    } while (cursor !== '0');
  }

  close(): void {
    this.#connection.close();
  }
}
