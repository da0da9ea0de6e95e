import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Limiter, parseLimits, RateLimitSyntaxError } from '@flagon/redis';
import { Flagon } from 'flagon';

const PYTHON = '/usr/bin/python3';

const CASES = [
  '10 per minute',
  '10/minute',
  '10/minute;100/hour',
  '5 per 2 seconds',
  '1 per day, 2 per month | 3 per year',
  '100 PER HOUR',
  ' 7/second ',
  '3 per 10 minutes',
  '0/second',
  // Malformed:
  '',
  'ten per minute',
  '10 per fortnight',
  '10 minute',
  '10 per minute;',
  '/minute',
  '10 per -1 minute',
];

function describeLimits(text: string): string[] | 'error' {
  try {
    return parseLimits(text).map(String);
  } catch (error) {
    assert.ok(error instanceof RateLimitSyntaxError);
    return 'error';
  }
}

function pythonAvailable(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import limits'], { stdio: 'ignore' });
    return false;
  } catch {
    return "Python's limits package (Flask-Limiter's) is missing: run .ci/install-components";
  }
}

describe('rate limit strings', () => {
  it('reads amount, multiples and unit as Flask-Limiter does', () => {
    assert.deepEqual(
      parseLimits('5 per 2 seconds;100/hour').map((item) => [
        item.amount,
        item.multiples,
        item.granularity,
        item.expiry,
      ]),
      [
        [5, 2, 'second', 2],
        [100, 1, 'hour', 3600],
      ],
    );
  });

  it('names the malformed string in the error', () => {
    assert.throws(() => parseLimits('10 per fortnight'), /Cannot parse the rate limit "10 per fortnight"/);
  });

  it('refuses a malformed string when the limit is registered, not when a request comes', () => {
    const limiter = new Limiter(new Flagon('limits'));
    assert.throws(() => limiter.limit('lots per minute'), RateLimitSyntaxError);
    assert.throws(() => new Limiter(null, { defaultLimits: ['10/minute', 'oops'] }), /"oops"/);
  });

  it("accepts and refuses exactly the strings Python's limits library does", {
    skip: pythonAvailable(),
  }, () => {
    const script = `
import json, sys
from limits import parse_many
out = []
for text in json.loads(sys.stdin.read()):
    try:
        out.append([str(item) for item in parse_many(text)])
    except ValueError:
        out.append('error')
print(json.dumps(out))
`;
    const python = JSON.parse(
      execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(CASES) }).toString(),
    );
    assert.deepEqual(CASES.map(describeLimits), python);
  });
});
