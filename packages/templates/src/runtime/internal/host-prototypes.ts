/**
 * The prototypes of Node.js's own classes. Node writes most of them in JavaScript (Buffer, EventEmitter,
 * streams, sockets, IncomingMessage, URL…), so "not native code" does not tell them from an application's
 * classes; this set does. Templates may not call their methods (`buf.fill(65)`, `emitter.emit('x')`,
 * `req.destroy()`), since those act on the process rather than on data.
 */

/** Built-in modules whose exported classes count as host classes. */
const MODULES = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'perf_hooks',
  'readline',
  'stream',
  'stream/web',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

let hostPrototypes: WeakSet<object> | null = null;

function addClass(set: WeakSet<object>, value: unknown): void {
  if (typeof value !== 'function') return;
  const proto = (value as { prototype?: unknown }).prototype;
  if (proto !== null && typeof proto === 'object' && proto !== Object.prototype) set.add(proto);
}

/**
 * Adds the classes among an object's own values (a module's exports, a namespace such as `fs.promises`).
 * Getters run only for class-like (capitalized) names of the globals, which Node defines lazily; module
 * getters are skipped, since some print deprecation warnings when read (`fs.F_OK`, `crypto.fips`).
 */
function addExports(set: WeakSet<object>, exports: unknown, depth: number, runGetters: boolean): void {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return;
  addClass(set, exports);
  for (const key of Object.getOwnPropertyNames(exports)) {
    const desc = Object.getOwnPropertyDescriptor(exports, key);
    let value: unknown;
    if (desc === undefined) continue;
    if ('value' in desc) value = desc.value;
    else if (runGetters && desc.get !== undefined && /^[A-Z][a-z]/.test(key)) {
      try {
        value = Reflect.apply(desc.get, exports, []);
      } catch {
        continue;
      }
    } else continue;
    addClass(set, value);
    if (depth > 0 && value !== null && typeof value === 'object') addExports(set, value, depth - 1, false);
  }
}

type GetBuiltin = (id: string) => unknown;

function collect(): WeakSet<object> {
  const set = new WeakSet<object>();
  // The globals: JS built-ins and Node's web classes (URL, AbortController, Blob, TextEncoder, Headers…).
  addExports(set, globalThis, 0, true);
  const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process;
  const getBuiltin = proc?.getBuiltinModule;
  if (typeof getBuiltin === 'function') {
    for (const id of MODULES) {
      try {
        addExports(set, getBuiltin.call(proc, id), 1, false);
      } catch {
        // A module this runtime lacks has no instances to protect.
      }
    }
  }
  // Classes Node does not export but hands out: timers.
  const timeout = setTimeout(() => {}, 0);
  clearTimeout(timeout);
  set.add(Object.getPrototypeOf(timeout) as object);
  if (typeof setImmediate === 'function') {
    const immediate = setImmediate(() => {});
    clearImmediate(immediate);
    set.add(Object.getPrototypeOf(immediate) as object);
  }
  return set;
}

/** True when `proto` is the prototype of one of Node's (or the JS runtime's) own classes. */
export function isHostPrototype(proto: object): boolean {
  hostPrototypes ??= collect();
  return hostPrototypes.has(proto);
}
