/**
 * The objects code and templates see for bound fields: functions (templates can only call functions) whose
 * members come from a prototype shared by every field of a kind, delegating to the field's state.
 */
import type { BoundField, FieldState, Label } from './field-types.ts';
import type { RenderKw } from './html.ts';

const impls = new WeakMap<object, FieldState<unknown>>();
const labels = new WeakMap<object, Label>();

/** The state behind a bound field, for this package's own code. */
export function implOf(bound: object): FieldState<unknown> | undefined {
  return impls.get(bound);
}

/** The state behind `bound`, for the shared getters below (which run with the bound field as `this`). */
// biome-ignore lint/suspicious/noExplicitAny: any field kind (FieldState is invariant in its data)
export function stateOf<I extends FieldState<any>>(bound: object): I {
  const impl = impls.get(bound);
  if (impl === undefined) throw new TypeError('Not a bound field of @flagon/forms.');
  return impl as I;
}

function makeLabel(impl: FieldState<unknown>): Label {
  const label = ((text?: string | RenderKw, kw?: RenderKw) => impl.label(text, kw)) as Label;
  Object.defineProperties(label, {
    text: { enumerable: true, get: () => impl.labelText },
    field_id: { enumerable: true, get: () => impl.id },
    __html__: { enumerable: true, value: () => impl.label().toString() },
    toString: { value: () => impl.label().toString() },
  });
  return label;
}

/**
 * The engine's attribute hook (a registered symbol, so this package need not import the engine): templates
 * read a function's attributes only through it. It allows exactly the members defined below and by the field
 * kinds, never what functions inherit (`call`, `bind`, `constructor`).
 */
const TEMPLATE_GETATTR = Symbol.for('flagon.templates.getattr');

function getter(get: (impl: FieldState<unknown>) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    get(this: object) {
      return get(stateOf(this));
    },
  };
}

// Members every bound field has, defined once on a prototype shared by all of them (defining them on each
// field made binding a form cost far more than validating it).
const baseProto: object = Object.create(Function.prototype, {
  name: getter((impl) => impl.name),
  shortName: getter((impl) => impl.shortName),
  short_name: getter((impl) => impl.shortName),
  id: getter((impl) => impl.id),
  type: getter((impl) => impl.type),
  label: getter((impl) => {
    const bound = impl.bound;
    let label = labels.get(bound);
    if (label === undefined) {
      label = makeLabel(impl);
      labels.set(bound, label);
    }
    return label;
  }),
  description: getter((impl) => String(impl.options.description ?? '')),
  data: {
    enumerable: true,
    get(this: object) {
      return stateOf(this).data;
    },
    set(this: object, value: unknown) {
      stateOf(this).data = value;
    },
  },
  rawData: getter((impl) => impl.rawData),
  raw_data: getter((impl) => impl.rawData),
  errors: getter((impl) => impl.errors),
  flags: getter((impl) => impl.flags),
  render: {
    enumerable: true,
    value(this: object, kw?: RenderKw) {
      return stateOf(this).render(kw);
    },
  },
  __html__: {
    enumerable: true,
    value(this: object) {
      return stateOf(this).render().toString();
    },
  },
  toString: {
    value(this: object) {
      return stateOf(this).render().toString();
    },
  },
  [TEMPLATE_GETATTR]: {
    value(this: object, name: string): unknown {
      for (let proto = Object.getPrototypeOf(this); proto !== null; proto = Object.getPrototypeOf(proto)) {
        if (Object.hasOwn(proto, name)) return (this as Record<string, unknown>)[name];
        if (proto === baseProto) break;
      }
      return undefined;
    },
  },
});

const protos = new WeakMap<object, object>();

/**
 * A function object (templates can only call functions) whose members come from a prototype shared by every
 * field of the same kind, delegating to the field's state.
 */
export function makeBound<T>(impl: FieldState<T>): BoundField<T> {
  const bound = ((kw?: RenderKw) => impl.render(kw)) as BoundField<T>;
  const key = impl.protoKey();
  let proto = protos.get(key);
  if (proto === undefined) {
    proto = Object.create(baseProto, impl.extraMembers()) as object;
    protos.set(key, proto);
  }
  // A function's own `name` would hide the field's name.
  delete (bound as { name?: string }).name;
  Object.setPrototypeOf(bound, proto);
  impls.set(bound, impl as FieldState<unknown>);
  return bound;
}
