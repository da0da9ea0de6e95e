// A real redis-server per test file (tools/services/redis.ts) and a raw client to look inside it.

import { after, before } from 'node:test';
import type { Flagon } from 'flagon';
import { createClient } from 'redis';
import { type RedisService, redisUnavailableReason, startRedis } from '../../../../tools/services/redis.ts';

export type { RedisService };

/** False when redis-server can run here, else the reason to skip. */
export const skipRedis: string | false = redisUnavailableReason() ?? false;

export type RawClient = ReturnType<typeof createClient>;

/** Starts Redis before the suite and stops it after; `raw` inspects it with plain commands. */
export function useRedis(): { readonly service: RedisService; readonly raw: RawClient } {
  let service: RedisService | undefined;
  let raw: RawClient | undefined;
  before(async () => {
    if (skipRedis) return;
    service = await startRedis();
    raw = createClient({ url: service.url });
    raw.on('error', () => {});
    await raw.connect();
  });
  after(async () => {
    raw?.destroy();
    await service?.stop();
  });
  return {
    get service() {
      return service as RedisService;
    },
    get raw() {
      return raw as RawClient;
    },
  };
}

/** A local port nothing listens on. */
export async function deadRedisUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  return `redis://127.0.0.1:${port}`;
}

/** Captures `app.logger` lines. */
export function captureLog(app: Flagon): string[] {
  const lines: string[] = [];
  app.logger.sink = (_level, line) => {
    lines.push(line);
  };
  return lines;
}
