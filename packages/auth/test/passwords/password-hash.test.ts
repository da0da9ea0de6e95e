import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  checkPasswordHash,
  generatePasswordHash,
  genSalt,
  hasArgon2,
  hashQueue,
  needsRehash,
  PasswordHashMethodError,
  setHashConcurrency,
} from '../../src/index.ts';
import { pythonMissing, runPython, werkzeugMajorVersion } from '../helpers/python.ts';

const FAST_SCRYPT = 'scrypt:1024:8:1';
const FAST_PBKDF2 = 'pbkdf2:sha256:1000';

describe('generatePasswordHash', () => {
  it('writes scrypt:32768:8:1 with a 16-character alphanumeric salt by default', async () => {
    const hash = await generatePasswordHash('secret');
    assert.match(hash, /^scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
  });

  it('writes pbkdf2 with the digest and iteration count in the method', async () => {
    assert.match(
      await generatePasswordHash('secret', { method: FAST_PBKDF2 }),
      /^pbkdf2:sha256:1000\$\w{16}\$[0-9a-f]{64}$/,
    );
  });

  it('fills in sha256 and 1,000,000 iterations for a bare pbkdf2', async () => {
    assert.match(await generatePasswordHash('x', { method: 'pbkdf2' }), /^pbkdf2:sha256:1000000\$/);
  });

  it('honours saltLength', async () => {
    const hash = await generatePasswordHash('x', { method: FAST_SCRYPT, saltLength: 24 });
    assert.equal(hash.split('$')[1]?.length, 24);
  });

  it('makes a different hash for the same password each time', async () => {
    const a = await generatePasswordHash('same', { method: FAST_SCRYPT });
    const b = await generatePasswordHash('same', { method: FAST_SCRYPT });
    assert.notEqual(a, b);
  });

  it('throws PasswordHashMethodError for a method it cannot write', async () => {
    await assert.rejects(generatePasswordHash('x', { method: 'md5' }), PasswordHashMethodError);
    await assert.rejects(generatePasswordHash('x', { method: 'scrypt:1000:8:1' }), PasswordHashMethodError);
    await assert.rejects(
      generatePasswordHash('x', { method: 'pbkdf2:whirlpool:10' }),
      PasswordHashMethodError,
    );
  });

  it('draws salts only from [A-Za-z0-9]', () => {
    assert.match(genSalt(200), /^[A-Za-z0-9]{200}$/);
  });
});

describe('checkPasswordHash', () => {
  it('accepts the right password and refuses a wrong one (scrypt)', async () => {
    const hash = await generatePasswordHash('correct horse', { method: FAST_SCRYPT });
    assert.equal(await checkPasswordHash(hash, 'correct horse'), true);
    assert.equal(await checkPasswordHash(hash, 'correct horsE'), false);
  });

  it('accepts the right password and refuses a wrong one (pbkdf2)', async () => {
    const hash = await generatePasswordHash('pässwörd', { method: FAST_PBKDF2 });
    assert.equal(await checkPasswordHash(hash, 'pässwörd'), true);
    assert.equal(await checkPasswordHash(hash, 'passwort'), false);
  });

  it('answers false, never throws, for unknown and malformed hashes', async () => {
    for (const bad of [
      '',
      'nodollar',
      'one$dollar',
      'bcrypt$salt$abc',
      'scrypt:3:8:1$salt$00',
      'scrypt:32768:8$salt$00',
      'scrypt:99999999999:8:1$s$00',
      'pbkdf2:sha256:0$salt$00',
      'pbkdf2:sha256:abc$salt$00',
      'pbkdf2:sha256:1000$$00',
      'pbkdf2:nohash:10$salt$00',
      '$argon2id$v=19$m=1,t=1,p=1$!!$!!',
      '\u0000$\u0000$\u0000',
    ]) {
      assert.equal(await checkPasswordHash(bad, 'x'), false, bad);
    }
    assert.equal(await checkPasswordHash(42 as unknown as string, 'x'), false);
  });

  it('reads Werkzeug 2.2 salted HMAC hashes (sha256$salt$hmac)', async () => {
    const hash = `sha256$salt$${createHmac('sha256', 'salt').update('secret').digest('hex')}`;
    assert.equal(await checkPasswordHash(hash, 'secret'), true);
    assert.equal(await checkPasswordHash(hash, 'Secret'), false);
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the current defaults', async () => {
    assert.equal(needsRehash(await generatePasswordHash('x')), false);
  });

  it('is true for weaker scrypt parameters, pbkdf2 and legacy hashes', async () => {
    assert.equal(needsRehash(await generatePasswordHash('x', { method: FAST_SCRYPT })), true);
    assert.equal(needsRehash('pbkdf2:sha256:260000$abcdefghijklmnop$00'), true);
    assert.equal(needsRehash('sha256$salt$00'), true);
  });

  it('is true for fewer pbkdf2 iterations than wanted, false for as many', () => {
    const hash = 'pbkdf2:sha256:600000$abcdefghijklmnop$00';
    assert.equal(needsRehash(hash, { method: 'pbkdf2:sha256:1000000' }), true);
    assert.equal(needsRehash(hash, { method: 'pbkdf2:sha256:600000' }), false);
  });

  it('is true for a shorter salt and for unreadable hashes', () => {
    assert.equal(needsRehash('scrypt:32768:8:1$short$00'), true);
    assert.equal(needsRehash('garbage'), true);
  });
});

describe('off the event loop', () => {
  it('lets the event loop run while a default hash is computed', async () => {
    const order: string[] = [];
    const hashing = generatePasswordHash('x').then(() => order.push('hash'));
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('immediate');
        resolve();
      }),
    );
    await hashing;
    assert.deepEqual(order, ['immediate', 'hash']);
  });
});

describe('hash concurrency cap', () => {
  it('runs at most the cap at once and queues the rest', async () => {
    const previous = setHashConcurrency(2);
    try {
      const all = Array.from({ length: 6 }, () => generatePasswordHash('x', { method: FAST_SCRYPT }));
      const queue = hashQueue();
      assert.equal(queue.running, 2);
      assert.equal(queue.pending, 4);
      await Promise.all(all);
      assert.deepEqual({ ...hashQueue(), limit: 2 }, { running: 0, pending: 0, limit: 2 });
    } finally {
      setHashConcurrency(previous);
    }
  });

  it('refuses a cap that is not a whole number of at least 1', () => {
    assert.throws(() => setHashConcurrency(0), RangeError);
    assert.throws(() => setHashConcurrency(1.5), RangeError);
  });
});

describe('argon2id (PHC format)', {
  skip: hasArgon2() ? false : 'this Node build has no crypto.argon2',
}, () => {
  it('writes a PHC string that verifies', async () => {
    const hash = await generatePasswordHash('pw', { method: 'argon2id:8192:2:1' });
    assert.match(hash, /^\$argon2id\$v=19\$m=8192,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert.equal(await checkPasswordHash(hash, 'pw'), true);
    assert.equal(await checkPasswordHash(hash, 'pW'), false);
  });

  it('asks for a rehash when argon2id is wanted with more memory', async () => {
    const hash = await generatePasswordHash('pw', { method: 'argon2id:8192:2:1' });
    assert.equal(needsRehash(hash, { method: 'argon2id:8192:2:1' }), false);
    assert.equal(needsRehash(hash, { method: 'argon2id' }), true);
  });
});

const WERKZEUG_CHECK = `
import json, sys
from werkzeug.security import check_password_hash
data = json.load(sys.stdin)
print(json.dumps([check_password_hash(h, p) for h, p in data]))
`;
const WERKZEUG3_SCRYPT = `
import hashlib, hmac, json, sys
# Werkzeug 3's recipe (security._hash_internal): scrypt with maxmem = 132 * n * r * p, hex digest.
def check(pwhash, password):
    method, salt, hashval = pwhash.split("$", 2)
    _, n, r, p = method.split(":")
    n, r, p = int(n), int(r), int(p)
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=132 * n * r * p)
    return hmac.compare_digest(key.hex(), hashval)
def generate(password, n, r, p, salt):
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=132 * n * r * p)
    return f"scrypt:{n}:{r}:{p}\${salt}\${key.hex()}"
data = json.load(sys.stdin)
if data["op"] == "check":
    print(json.dumps([check(h, p) for h, p in data["items"]]))
else:
    print(json.dumps([generate(p, 32768, 8, 1, "AbCdEfGhIjKlMnOp") for p in data["items"]]))
`;

describe('interop with Werkzeug', { skip: pythonMissing }, () => {
  it('Werkzeug 2.2 verifies pbkdf2 hashes written here', async () => {
    const hashes = await Promise.all([
      generatePasswordHash('secret', { method: 'pbkdf2:sha256:260000' }),
      generatePasswordHash('ünïcödé', { method: FAST_PBKDF2 }),
      generatePasswordHash('sha1!', { method: 'pbkdf2:sha1:2000' }),
    ]);
    const result = await runPython(WERKZEUG_CHECK, [
      [hashes[0], 'secret'],
      [hashes[1], 'ünïcödé'],
      [hashes[2], 'sha1!'],
      [hashes[0], 'wrong'],
    ]);
    assert.deepEqual(result, [true, true, true, false]);
  });

  it('verifies pbkdf2 and salted HMAC hashes Werkzeug 2.2 wrote', async () => {
    const hashes = (await runPython(
      `
import json, sys
from werkzeug.security import generate_password_hash
print(json.dumps([
    generate_password_hash("secret"),
    generate_password_hash("ünïcödé", method="pbkdf2:sha512:5000", salt_length=20),
    generate_password_hash("legacy", method="sha256"),
]))
`,
    )) as string[];
    assert.match(hashes[0] ?? '', /^pbkdf2:sha256:260000\$/);
    assert.equal(await checkPasswordHash(hashes[0] ?? '', 'secret'), true);
    assert.equal(await checkPasswordHash(hashes[1] ?? '', 'ünïcödé'), true);
    assert.equal(await checkPasswordHash(hashes[2] ?? '', 'legacy'), true);
    assert.equal(await checkPasswordHash(hashes[0] ?? '', 'Secret'), false);
  });

  it("Python's hashlib.scrypt with Werkzeug 3's recipe verifies default hashes written here", async () => {
    const hash = await generatePasswordHash('correct horse');
    const result = await runPython(WERKZEUG3_SCRYPT, {
      op: 'check',
      items: [
        [hash, 'correct horse'],
        [hash, 'wrong'],
      ],
    });
    assert.deepEqual(result, [true, false]);
  });

  it("verifies scrypt hashes made by Werkzeug 3's recipe in Python", async () => {
    const [hash] = (await runPython(WERKZEUG3_SCRYPT, { op: 'generate', items: ['pässword'] })) as string[];
    assert.equal(await checkPasswordHash(hash ?? '', 'pässword'), true);
    assert.equal(await checkPasswordHash(hash ?? '', 'password'), false);
  });
});

const werkzeug = werkzeugMajorVersion();

describe('interop with Werkzeug 3 itself', {
  skip:
    werkzeug !== null && werkzeug >= 3
      ? false
      : `the installed Werkzeug is ${werkzeug ?? 'missing'}, not 3.x`,
}, () => {
  it('Werkzeug 3 verifies the default hash and writes one that verifies here', async () => {
    const hash = await generatePasswordHash('correct horse');
    const [checked, written] = (await runPython(
      `
import json, sys
from werkzeug.security import check_password_hash, generate_password_hash
h = json.load(sys.stdin)
print(json.dumps([check_password_hash(h, "correct horse"), generate_password_hash("pässword")]))
`,
      hash,
    )) as [boolean, string];
    assert.equal(checked, true);
    assert.match(written, /^scrypt:32768:8:1\$/);
    assert.equal(await checkPasswordHash(written, 'pässword'), true);
  });
});
