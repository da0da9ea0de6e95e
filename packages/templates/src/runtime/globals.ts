/** The default template globals: range, dict, lipsum, cycler, joiner, namespace. */

import { SecurityError, ValueError } from '../errors/errors.ts';
import { NOT_FOUND } from './access.ts';
import { checkOutputSize } from './internal/limits.ts';
import { kwCallable } from './macro.ts';
import { Markup } from './markup.ts';
import { GETATTR } from './undefined.ts';
import { isMapping, mappingEntries, pyIter, pyRepr, pyTypeName } from './values.ts';

/** Most items `range()` may produce, as in Jinja2's sandbox (MAX_RANGE). */
export const MAX_RANGE = 100_000;

function toInt(value: unknown, what: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer (${what})`);
  }
  return value;
}

/**
 * Python's `range(stop)` / `range(start, stop[, step])` as an array.
 * @throws SecurityError above MAX_RANGE items; ValueError for a zero step.
 */
export function range(...args: unknown[]): number[] {
  if (args.length === 0 || args.length > 3)
    throw new TypeError(`range expected 1 to 3 arguments, got ${args.length}`);
  let start = 0;
  let stop: number;
  let step = 1;
  if (args.length === 1) stop = toInt(args[0], 'range stop');
  else {
    start = toInt(args[0], 'range start');
    stop = toInt(args[1], 'range stop');
    if (args.length === 3) step = toInt(args[2], 'range step');
  }
  if (step === 0) throw new ValueError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) {
    throw new SecurityError(
      `range() of ${count} items is too large; templates may create at most ${MAX_RANGE}.`,
    );
  }
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return out;
}

/** `dict(mapping_or_pairs, **kwargs)` as a null-prototype object. */
export const dict = kwCallable('dict', (args, kwargs) => {
  const out: Record<string, unknown> = Object.create(null);
  if (args.length > 1) throw new TypeError(`dict expected at most 1 argument, got ${args.length}`);
  if (args.length === 1) {
    const src = args[0];
    if (isMapping(src)) {
      for (const [k, v] of mappingEntries(src)) out[String(k)] = v;
    } else {
      for (const pair of pyIter(src)) {
        const [k, v] = Array.from(pyIter(pair));
        out[String(k)] = v;
      }
    }
  }
  if (kwargs) for (const key of Object.keys(kwargs)) out[key] = kwargs[key];
  return out;
});

/** Jinja2's `namespace()`: an object whose attributes `{% set ns.x = … %}` may assign. */
export class Namespace {
  readonly #attrs: Record<string, unknown> = Object.create(null);

  constructor(initial?: Record<string, unknown>) {
    if (initial) for (const key of Object.keys(initial)) this.#attrs[key] = initial[key];
  }

  /** Sets an attribute (the engine's `{% set ns.name = value %}`). */
  set(name: string, value: unknown): void {
    this.#attrs[name] = value;
  }

  [GETATTR](name: string): unknown {
    return name in this.#attrs ? this.#attrs[name] : NOT_FOUND;
  }

  __repr__(): string {
    const parts = Object.keys(this.#attrs).map((k) => `${k}=${pyRepr(this.#attrs[k])}`);
    return `<Namespace(${parts.join(', ')})>`;
  }

  toString(): string {
    return this.__repr__();
  }
}

/** `namespace(dict, **kwargs)`: a new Namespace. */
export const namespace = kwCallable('namespace', (args, kwargs) => {
  const init: Record<string, unknown> = Object.create(null);
  for (const arg of args) {
    if (isMapping(arg)) for (const [k, v] of mappingEntries(arg)) init[String(k)] = v;
    else {
      for (const pair of pyIter(arg)) {
        const [k, v] = Array.from(pyIter(pair));
        init[String(k)] = v;
      }
    }
  }
  if (kwargs) for (const key of Object.keys(kwargs)) init[key] = kwargs[key];
  return new Namespace(init);
});

/** `cycler(a, b, c)`: `next()` walks the items round-robin, `current` peeks, `reset()` restarts. */
export class Cycler {
  readonly items: unknown[];
  #pos = 0;

  constructor(items: unknown[]) {
    if (items.length === 0) throw new TypeError('at least one item has to be provided to cycler()');
    this.items = items;
  }

  get current(): unknown {
    return this.items[this.#pos];
  }

  next(): unknown {
    const value = this.items[this.#pos];
    this.#pos = (this.#pos + 1) % this.items.length;
    return value;
  }

  reset(): void {
    this.#pos = 0;
  }

  [GETATTR](name: string): unknown {
    switch (name) {
      case 'items':
        return this.items;
      case 'current':
        return this.current;
      case 'next':
        return () => this.next();
      case 'reset':
        return () => {
          this.reset();
          return null;
        };
      default:
        return NOT_FOUND;
    }
  }
}

/** `cycler(*items)`: a new Cycler. */
export const cycler = (...items: unknown[]): Cycler => new Cycler(items);

/** `joiner(sep)`: a function returning '' the first time and `sep` afterwards. */
export const joiner = kwCallable('joiner', (args, kwargs) => {
  const sep = args.length > 0 ? args[0] : (kwargs?.sep ?? ', ');
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return '';
    }
    return sep;
  };
});

const WORDS =
  'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate'.split(
    ' ',
  );

/** `lipsum(n=5, html=True, min=20, max=100)`: placeholder paragraphs (random, as in Jinja2). */
export const lipsum = kwCallable('lipsum', (args, kwargs) => {
  const pick = (i: number, key: string, dflt: unknown) =>
    args.length > i ? args[i] : (kwargs?.[key] ?? dflt);
  const n = Number(pick(0, 'n', 5));
  const html = Boolean(pick(1, 'html', true));
  const min = Number(pick(2, 'min', 20));
  const max = Number(pick(3, 'max', 100));
  const paragraphs: string[] = [];
  for (let p = 0; p < Math.min(n, 1000); p++) {
    const count = min + Math.floor(Math.random() * Math.max(1, max - min + 1));
    checkOutputSize(count * Math.min(n, 1000), 'lipsum()');
    let words: string[] = [];
    let nextCapitalized = true;
    let lastComma = 0;
    let lastFullstop = 0;
    let last = '';
    for (let i = 0; i < count; i++) {
      let word = WORDS[Math.floor(Math.random() * WORDS.length)] as string;
      while (word === last) word = WORDS[Math.floor(Math.random() * WORDS.length)] as string;
      last = word;
      if (nextCapitalized) {
        word = word.charAt(0).toUpperCase() + word.slice(1);
        nextCapitalized = false;
      }
      if (i - lastComma > 3 + Math.floor(Math.random() * 6)) {
        lastComma = i;
        lastFullstop += 2;
        word += ',';
      }
      if (i - lastFullstop > 10 + Math.floor(Math.random() * 10)) {
        lastComma = i;
        lastFullstop = i;
        word += '.';
        nextCapitalized = true;
      }
      words.push(word);
    }
    let text = words.join(' ');
    if (text.endsWith(',')) text = `${text.slice(0, -1)}.`;
    else if (!text.endsWith('.')) text += '.';
    paragraphs.push(html ? `<p>${text}</p>` : text);
    words = [];
  }
  return html ? new Markup(paragraphs.join('\n\n')) : paragraphs.join('\n\n');
});

/** A fresh null-prototype object holding the default globals. */
export function defaultGlobals(): Record<string, unknown> {
  const g: Record<string, unknown> = Object.create(null);
  g.range = range;
  g.dict = dict;
  g.lipsum = lipsum;
  g.cycler = cycler;
  g.joiner = joiner;
  g.namespace = namespace;
  return g;
}
