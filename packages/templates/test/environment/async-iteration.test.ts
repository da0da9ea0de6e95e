import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Environment, TemplateRuntimeError } from '@flagon/templates';

const env = new Environment({ extensions: ['loopcontrols'] });
const renderAsync = (source: string, vars: Record<string, unknown>) =>
  env.fromString(source).renderAsync(vars);

/** An async generator over `items` that logs each item it yields and when its `finally` block runs. */
async function* logged(items: readonly unknown[], log: string[]): AsyncGenerator<unknown> {
  try {
    for (const item of items) {
      log.push(`yield ${String(item)}`);
      yield item;
    }
  } finally {
    log.push('finally');
  }
}

async function* numbers(...items: number[]): AsyncGenerator<number> {
  yield* items;
}

async function* failingAfter(count: number, message: string): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) yield i;
  throw new Error(message);
}

describe('for loops over async iterables in renderAsync', () => {
  it('iterates the items of an async generator in order', async () => {
    assert.equal(
      await renderAsync('{% for x in xs %}{{ x }},{% endfor %}', { xs: numbers(1, 2, 3) }),
      '1,2,3,',
    );
  });

  it('reads each item only when the loop reaches it', async () => {
    const log: string[] = [];
    const note = (x: unknown) => {
      log.push(`body ${String(x)}`);
      return '';
    };
    await renderAsync('{% for x in xs %}{{ note(x) }}{% endfor %}', { xs: logged([1, 2], log), note });
    assert.deepEqual(log, ['yield 1', 'body 1', 'yield 2', 'body 2', 'finally']);
  });

  it('answers loop.index, loop.length and loop.last', async () => {
    const out = await renderAsync(
      '{% for x in xs %}{{ loop.index }}/{{ loop.length }}{{ "!" if loop.last }} {% endfor %}',
      {
        xs: numbers(7, 8, 9),
      },
    );
    assert.equal(out, '1/3 2/3 3/3! ');
  });

  it('answers loop.revindex, loop.previtem, loop.nextitem, loop.cycle and loop.changed', async () => {
    const out = await renderAsync(
      '{% for x in xs %}{{ loop.revindex }}{{ loop.previtem }}{{ loop.nextitem }}{{ loop.cycle("a", "b") }}' +
        '{{ loop.changed(x) }} {% endfor %}',
      { xs: numbers(1, 1, 2) },
    );
    assert.equal(out, '31aTrue 212bFalse 11aTrue ');
  });

  it('runs the else branch for an empty async iterable', async () => {
    assert.equal(
      await renderAsync('{% for x in xs %}{{ x }}{% else %}none{% endfor %}', { xs: numbers() }),
      'none',
    );
  });

  it('keeps only the items passing the loop filter, and counts only those in loop.length', async () => {
    const out = await renderAsync('{% for x in xs if x is odd %}{{ x }}/{{ loop.length }} {% endfor %}', {
      xs: numbers(1, 2, 3, 4, 5),
    });
    assert.equal(out, '1/3 3/3 5/3 ');
  });

  it('recurses into async iterables in a recursive loop', async () => {
    const tree = numbers(1, 2);
    const children = (n: number) => (n === 1 ? numbers(10, 11) : numbers());
    const out = await renderAsync(
      '{% for n in tree recursive %}{{ loop.depth }}:{{ n }}[{{ loop(children(n)) }}]{% endfor %}',
      { tree, children },
    );
    assert.equal(out, '1:1[2:10[]2:11[]]1:2[]');
  });

  it('iterates an object-mode Node stream', async () => {
    const rows = Readable.from([{ name: 'Ann' }, { name: 'Bob' }]);
    assert.equal(await renderAsync('{% for r in rows %}{{ r.name }};{% endfor %}', { rows }), 'Ann;Bob;');
  });
});

describe('leaving a loop over an async iterable early', () => {
  it('calls return() on break, so the generator runs its finally block and reads no further', async () => {
    const log: string[] = [];
    const out = await renderAsync('{% for x in xs %}{{ x }}{% break %}{% endfor %}', {
      xs: logged([1, 2, 3], log),
    });
    assert.equal(out, '1');
    assert.deepEqual(log, ['yield 1', 'finally']);
  });

  it('calls return() on break out of a filtered loop', async () => {
    const log: string[] = [];
    await renderAsync('{% for x in xs if x > 1 %}{% break %}{% endfor %}', { xs: logged([1, 2, 3], log) });
    assert.deepEqual(log, ['yield 1', 'yield 2', 'finally']);
  });

  it('destroys a stream left by break', async () => {
    const rows = Readable.from([1, 2, 3]);
    await renderAsync('{% for r in rows %}{% break %}{% endfor %}', { rows });
    assert.equal(rows.destroyed, true);
  });

  it('calls return() when the loop body fails, and reports the body error', async () => {
    const log: string[] = [];
    await assert.rejects(
      renderAsync('{% for x in xs %}{{ x // 0 }}{% endfor %}', { xs: logged([1, 2], log) }),
      { name: 'ZeroDivisionError' },
    );
    assert.deepEqual(log, ['yield 1', 'finally']);
  });

  it('passes an error thrown by the async generator to the caller with its message', async () => {
    await assert.rejects(
      renderAsync('{% for x in xs %}{{ x }}{% endfor %}', { xs: failingAfter(2, 'feed broke') }),
      {
        message: 'feed broke',
      },
    );
  });
});

describe('filters over async iterables in renderAsync', () => {
  it('reads all items with list', async () => {
    assert.equal(await renderAsync('{{ xs|list }}', { xs: numbers(1, 2) }), '[1, 2]');
  });

  it('joins the items with join', async () => {
    assert.equal(await renderAsync('{{ xs|join(", ") }}', { xs: numbers(1, 2, 3) }), '1, 2, 3');
  });

  it('adds the items with sum', async () => {
    assert.equal(await renderAsync('{{ xs|sum(start=10) }}', { xs: numbers(1, 2, 3) }), '16');
  });

  it('reads only the first item with first, then closes the generator', async () => {
    const log: string[] = [];
    assert.equal(await renderAsync('{{ xs|first }}', { xs: logged(['a', 'b'], log) }), 'a');
    assert.deepEqual(log, ['yield a', 'finally']);
  });

  it('maps and selects the items with map and select', async () => {
    const out = await renderAsync('{{ xs|select("odd")|map("string")|list }}', { xs: numbers(1, 2, 3) });
    assert.equal(out, "['1', '3']");
  });

  it('maps lazily, reading only the items asked for', async () => {
    const log: string[] = [];
    assert.equal(await renderAsync('{{ xs|map("upper")|first }}', { xs: logged(['a', 'b', 'c'], log) }), 'A');
    assert.deepEqual(log, ['yield a', 'finally']);
  });

  it('selects and rejects by attribute with selectattr and rejectattr', async () => {
    const users = () =>
      Readable.from([
        { name: 'Ann', admin: true },
        { name: 'Bob', admin: false },
      ]);
    const out = await renderAsync(
      '{{ a|selectattr("admin")|map(attribute="name")|join }}/{{ b|rejectattr("admin")|map(attribute="name")|join }}',
      { a: users(), b: users() },
    );
    assert.equal(out, 'Ann/Bob');
  });

  it('groups the items with groupby', async () => {
    const out = await renderAsync('{% for k, g in xs|groupby("k") %}{{ k }}={{ g|length }};{% endfor %}', {
      xs: Readable.from([{ k: 'a' }, { k: 'b' }, { k: 'a' }]),
    });
    assert.equal(out, 'a=2;b=1;');
  });

  it('slices and deduplicates the items with slice and unique', async () => {
    const out = await renderAsync('{{ a|slice(2)|list }} {{ b|unique|list }}', {
      a: numbers(1, 2, 3),
      b: numbers(1, 1, 2),
    });
    assert.equal(out, '[[1, 2], [3]] [1, 2]');
  });

  it('counts the items with list then length, as length alone needs a sized value', async () => {
    assert.equal(await renderAsync('{{ xs|list|length }}', { xs: numbers(4, 5) }), '2');
    await assert.rejects(
      renderAsync('{{ xs|length }}', { xs: numbers(4, 5) }),
      /has no len\(\).*\|list\|length/,
    );
  });

  it('rejects filters without an async variant, naming the ones that read async iterables', async () => {
    await assert.rejects(renderAsync('{{ xs|sort }}', { xs: numbers(2, 1) }), {
      name: 'TemplateRuntimeError',
      message: /async iterable.*apply \|list before other filters/,
    });
  });

  it('calls a user filter that replaces a builtin, not the builtin async variant', async () => {
    const custom = new Environment();
    custom.filters.list = () => 'mine';
    assert.equal(await custom.fromString('{{ xs|list }}').renderAsync({ xs: numbers(1) }), 'mine');
  });

  it('gives the same results as render() for arrays', async () => {
    const source = '{{ xs|map("string")|list }}{{ xs|select("odd")|first }}{{ xs|join("-") }}{{ xs|sum }}';
    const vars = { xs: [1, 2, 3] };
    assert.equal(await env.fromString(source).renderAsync(vars), env.fromString(source).render(vars));
  });
});

describe('async iterables in render()', () => {
  it('fails a for loop with a TemplateRuntimeError that points to renderAsync', () => {
    assert.throws(
      () => env.fromString('{% for x in xs %}{{ x }}{% endfor %}').render({ xs: numbers(1) }),
      (error) => {
        assert.ok(error instanceof TemplateRuntimeError);
        assert.match(
          error.message,
          /'async_generator' object is an async iterable, which only renderAsync\(\)/,
        );
        return true;
      },
    );
  });

  it('fails the list filter with the same error', () => {
    assert.throws(() => env.fromString('{{ xs|list }}').render({ xs: numbers(1) }), TemplateRuntimeError);
  });
});
