import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

const env = new Environment();
const strict = new Environment({ undefined: 'strict' });
const render = (source: string, vars: Record<string, unknown>) => env.fromString(source).render(vars);
const fails = (source: string, vars: Record<string, unknown>) =>
  assert.throws(() => strict.fromString(source).render(vars), { name: 'UndefinedError' });

describe('host objects: the methods of Node’s own classes are not callable from templates', () => {
  it('cannot fill a Buffer', () => {
    const buf = Buffer.alloc(3);
    fails('{{ buf.fill(65) }}', { buf });
    assert.deepEqual([...buf], [0, 0, 0]);
  });

  it('cannot emit an event, directly or through the emitter’s listener table', () => {
    let ran = 0;
    const emitter = new EventEmitter();
    emitter.on('x', () => {
      ran++;
    });
    fails("{{ emitter.emit('x') }}", { emitter });
    fails('{{ emitter._events.x() }}', { emitter });
    assert.equal(ran, 0);
  });

  it('cannot pipe or destroy a stream', () => {
    const stream = Readable.from(['a']);
    fails('{{ stream.pipe(sink) }}', { stream, sink: new PassThrough() });
    fails('{{ stream.destroy() }}', { stream });
    assert.equal(stream.destroyed, false);
  });

  it('cannot destroy an IncomingMessage or its socket, but reads its own data', () => {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/x';
    fails('{{ req.destroy() }}', { req });
    fails('{{ req.socket.destroy() }}', { req });
    assert.equal(render('{{ req.method }} {{ req.url }}', { req }), 'GET /x');
    assert.equal(req.destroyed, false);
  });

  it('cannot change a URL through its searchParams', () => {
    const url = new URL('http://example.com/');
    fails("{{ url.searchParams.append('a', 'b') }}", { url });
    fails("{{ params.append('a', 'b') }}", { params: new URLSearchParams() });
    assert.equal(url.href, 'http://example.com/');
  });

  it('still calls the methods of application classes, also those extending a Node class', () => {
    class Feed extends EventEmitter {
      title = 'News';
      heading(): string {
        return this.title.toUpperCase();
      }
    }
    const feed = new Feed();
    assert.equal(render('{{ feed.title }} {{ feed.heading() }}', { feed }), 'News NEWS');
    fails("{{ feed.emit('x') }}", { feed });
  });
});

describe('trustedClasses widens what templates may use', () => {
  it('lets templates read getters and call methods of the listed classes', () => {
    const trusting = new Environment({ trustedClasses: [URL, URLSearchParams] });
    const url = new URL('http://example.com/a?q=1');
    const out = trusting.fromString("{{ url.hostname }} {{ url.searchParams.get('q') }}").render({ url });
    assert.equal(out, 'example.com 1');
  });

  it('lets str.format fields read what the environment trusts, and only that', () => {
    const url = new URL('http://example.com/a?q=1');
    const trusting = new Environment({ trustedClasses: [URL] });
    assert.equal(trusting.fromString("{{ '{0.hostname}'.format(url) }}").render({ url }), 'example.com');
    const plain = new Environment();
    assert.throws(() => plain.fromString("{{ '{0.hostname}'.format(url) }}").render({ url }), {
      name: 'AttributeError',
    });
  });

  it('trusts only the listed classes', () => {
    const trusting = new Environment({ trustedClasses: [URL], undefined: 'strict' });
    const url = new URL('http://example.com/a?q=1');
    assert.throws(() => trusting.fromString("{{ url.searchParams.get('q') }}").render({ url }), {
      name: 'UndefinedError',
    });
  });

  it('refuses an entry that is not a class', () => {
    assert.throws(() => new Environment({ trustedClasses: [{} as never] }), { name: 'TypeError' });
  });
});
