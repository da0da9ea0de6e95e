/**
 * A stand-in for a class that loads it on first use: `new`, `extends`, `instanceof` and static members all
 * reach the real class, which `load` gives the first time any of them is used. For names a module keeps
 * exporting after their class moved to an outer layer it must not load up front.
 */
export function lazyClass<C extends abstract new (...args: never[]) => unknown>(load: () => C): C {
  let real: C | undefined;
  const target = (): C => {
    real ??= load();
    return real;
  };
  // A constructible function as the proxy's target, so that the stand-in can be called with `new`.
  const shell = function LazyClass() {} as unknown as C;
  const standIn: C = new Proxy(shell, {
    construct: (_shell, args, newTarget) =>
      Reflect.construct(
        target() as unknown as new (
          ...a: unknown[]
        ) => object,
        args,
        newTarget === standIn ? target() : newTarget,
      ),
    apply: (_shell, thisArg, args) =>
      Reflect.apply(target() as unknown as (...a: unknown[]) => unknown, thisArg, args),
    get: (_shell, key) => Reflect.get(target(), key),
    has: (_shell, key) => Reflect.has(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
  return standIn;
}
