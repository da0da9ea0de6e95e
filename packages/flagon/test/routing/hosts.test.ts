import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindTo, mapOf, summary } from './helpers/maps.ts';

const NOT_FOUND = { kind: 'not-found' };

describe('subdomains and hosts', () => {
  const map = mapOf(
    [
      ['/', 'index'],
      ['/', { endpoint: 'user', subdomain: '<user>' }],
      ['/', { endpoint: 'api', subdomain: 'api' }],
    ],
    { defaultSubdomain: 'www' },
  );

  it('matches rules on the bound subdomain, static before variable', () => {
    assert.deepEqual(summary(bindTo(map, { subdomain: 'www' }).match('/')), ['index', {}]);
    assert.deepEqual(summary(bindTo(map, { subdomain: 'api' }).match('/')), ['api', {}]);
    assert.deepEqual(summary(bindTo(map, { subdomain: 'alice' }).match('/')), ['user', { user: 'alice' }]);
  });

  it('computes the subdomain from the Host header relative to the server name', () => {
    assert.deepEqual(summary(bindTo(map, { host: 'Alice.Example.com' }).match('/')), [
      'user',
      { user: 'alice' },
    ]);
    assert.deepEqual(summary(bindTo(map, { host: 'example.com:80' }).match('/')), NOT_FOUND);
  });

  it('matches nothing when the Host is not under the server name', () => {
    assert.deepEqual(bindTo(map, { host: 'evil.test' }).match('/'), NOT_FOUND);
  });

  it('builds a full URL for a rule on another subdomain', () => {
    const adapter = bindTo(map, { subdomain: 'www' });
    assert.equal(adapter.build('user', { user: 'bob' }), 'http://bob.example.com/');
    assert.equal(adapter.build('index'), '/');
  });

  it('matches whole hosts with hostMatching', () => {
    const hosts = mapOf(
      [
        ['/', { endpoint: 'main', host: 'example.com' }],
        ['/', { endpoint: 'shop', host: '<shop>.shops.test' }],
      ],
      { hostMatching: true },
    );
    assert.deepEqual(summary(hosts.bind({ serverName: 'example.com' }).match('/')), ['main', {}]);
    assert.deepEqual(summary(hosts.bind({ serverName: 'acme.shops.test' }).match('/')), [
      'shop',
      { shop: 'acme' },
    ]);
    assert.equal(
      hosts.bind({ serverName: 'example.com' }).build('shop', { shop: 'b' }),
      'http://b.shops.test/',
    );
  });
});
