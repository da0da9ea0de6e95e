// Type-level promises of @flagon/redis, checked by `npm run typecheck` (never run).
import { Limiter, type RedisSession, RedisSessionInterface } from '@flagon/redis';
import { Blueprint, Flagon, session } from 'flagon';

const app = new Flagon('types');
const limiter = new Limiter(app, { defaultLimits: ['200 per day'], strategy: 'moving-window' });

// A decorated view keeps its type, so the route still checks its params against the rule.
const view = limiter.limit('10/minute')(({ id }: { id: number }) => id + 1);
app.get('/items/<int:id>', view);
const same: typeof view = limiter.exempt(view);
// A blueprint comes back as a Blueprint.
const bp: Blueprint = limiter.limit('100/hour')(new Blueprint('api', import.meta.url));

// @ts-expect-error a limit is a string (or a function giving one), not a number
limiter.limit(10);
// @ts-expect-error strategies are named
new Limiter(null, { strategy: 'leaky-bucket' });
// @ts-expect-error deductWhen receives the response and answers a boolean
limiter.limit('1/second', { deductWhen: (response: number) => response > 1 });

app.sessionInterface = new RedisSessionInterface({
  url: 'redis://127.0.0.1:6379',
  keyPrefix: 'app:session:',
});
// @ts-expect-error serializer is 'json' or { dumps, loads }
new RedisSessionInterface({ serializer: 'pickle' });
const sid: string = (session as RedisSession).sid;

export { bp, same, sid };
