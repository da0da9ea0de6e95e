/**
 * The segment tree behind `MapAdapter.match`. Each state has a hash table of static segments and a list of
 * dynamic edges sorted by weight; matching walks the request's segments, trying the static edge first and the
 * dynamic ones in order, and backtracks on failure. A state is reached at most once per match, so the cost
 * depends on the depth of the tree and on the rules that share a prefix with the request, not on the number
 * of unrelated rules.
 */
import { RuleSyntaxError } from '../errors.ts';
import { type CompiledRule, compareWeights, type Part } from './compiled-rule.ts';
import { compileAnchored } from './regex.ts';
import { decodeSegment } from './url-encoding.ts';

type DynamicPart = Part & { isStatic: false };

interface Edge {
  readonly part: DynamicPart;
  readonly key: string;
  /** With named groups `__v0`…; or, for a bare part, without groups (the whole text is the value). */
  readonly regex: RegExp;
  readonly state: State;
}

class State {
  readonly static = new Map<string, State>();
  readonly dynamic: Edge[] = [];
  readonly rules: CompiledRule[] = [];
}

/** What one walk of the tree found. */
export type MatcherResult = Found | { readonly kind: 'slash-required' } | { readonly kind: 'none' };

export interface Found {
  readonly kind: 'found';
  readonly compiled: CompiledRule;
  readonly params: Record<string, unknown>;
}

const NONE: MatcherResult = { kind: 'none' };
const SLASH_REQUIRED: MatcherResult = { kind: 'slash-required' };
// For a path found by its static leaf, whose rules have no variables: nothing is split, and nothing captured.
const NO_PATH: readonly string[] = [];
const NO_VALUES: string[] = [];
// Stands in for a decoded '/' (from %2F) so that converter regexes such as [^/]+ accept it inside one segment.
const SLASH_MASK = '\uFFFF';

/**
 * One walk of the tree, and its answer when it finds a rule: one object per match rather than two. Matching is
 * synchronous, but a converter is user code that may match again, so each walk has its own.
 */
class Run implements Found {
  readonly kind = 'found';
  compiled!: CompiledRule;
  params!: Record<string, unknown>;
  readonly domain: string;
  /** The path's segments, the first being the empty text before its leading `/`. */
  readonly path: readonly string[];
  /** Segments in all: the domain, then the path's. */
  readonly length: number;
  /** Segments holding a decoded `/`, with it replaced by SLASH_MASK, by segment index; null when none do. */
  readonly masked: readonly (string | undefined)[] | null;
  readonly method: string;
  readonly allowed: Set<string>;
  /** The captured values, `count` of them; made at the size of the path, so capturing rarely grows it. */
  readonly values: string[];
  count = 0;

  constructor(
    domain: string,
    path: readonly string[],
    masked: readonly (string | undefined)[] | null,
    method: string,
    allowed: Set<string>,
  ) {
    this.domain = domain;
    this.path = path;
    this.length = path.length + 1;
    this.masked = masked;
    this.method = method;
    this.allowed = allowed;
    this.values = path.length === 0 ? NO_VALUES : new Array(this.length);
  }

  /** Segment `index`: 0 is the domain, the path's follow (kept apart, so the split path is not copied). */
  segment(index: number): string {
    return index === 0 ? this.domain : (this.path[index - 1] as string);
  }

  /** Segments from `index` to the end, joined with `/` (what a `path` variable takes). */
  rest(index: number): string {
    return index === 0 ? [this.domain, ...this.path].join('/') : this.path.slice(index - 1).join('/');
  }

  capture(value: string): void {
    this.values[this.count++] = value;
  }
}

export class Matcher {
  readonly #root = new State();
  /**
   * The states of rules without variables, by domain, then by path (`''` → `'/about'`). The walk tries static
   * edges first, so for such a path it reaches this state before any other: looking it up directly gives the
   * same answer without splitting the path.
   */
  readonly #staticLeaves = new Map<string, Map<string, State>>();

  /** Adds a rule's parts to the tree. @throws RuleSyntaxError when a converter regex does not compile. */
  add(compiled: CompiledRule): void {
    let state = this.#root;
    for (const part of compiled.parts) {
      state = part.isStatic
        ? this.#staticChild(state, part.content)
        : this.#dynamicChild(state, part, compiled);
    }
    state.rules.push(compiled);
    const [domain, ...path] = compiled.parts;
    if (domain?.isStatic && compiled.parts.every((part) => part.isStatic && !part.content.includes('/'))) {
      let byPath = this.#staticLeaves.get(domain.content);
      if (byPath === undefined) {
        byPath = new Map();
        this.#staticLeaves.set(domain.content, byPath);
      }
      byPath.set(path.map((part) => part.content).join('/'), state);
    }
  }

  #staticChild(state: State, content: string): State {
    let next = state.static.get(content);
    if (next === undefined) {
      next = new State();
      state.static.set(content, next);
    }
    return next;
  }

  #dynamicChild(state: State, part: DynamicPart, compiled: CompiledRule): State {
    const key = `${part.isFinal ? 'F' : 'P'}${JSON.stringify(part.weight)}${part.content}`;
    const existing = state.dynamic.find((edge) => edge.key === key);
    if (existing !== undefined) return existing.state;
    let regex: RegExp;
    try {
      regex = compileAnchored(part.bare ?? part.content);
    } catch (error) {
      throw new RuleSyntaxError(
        `Rule '${compiled.rule.rule}' produces an invalid regular expression /${part.content}/: a converter's regex is malformed.`,
        { cause: error },
      );
    }
    const edge: Edge = { part, key, regex, state: new State() };
    // Stable insert: equal weights keep the order the rules were added in, as Werkzeug's stable sort does.
    const index = state.dynamic.findIndex((other) => compareWeights(part.weight, other.part.weight) < 0);
    if (index === -1) state.dynamic.push(edge);
    else state.dynamic.splice(index, 0, edge);
    return edge.state;
  }

  /**
   * Finds the rule for `domain` + the raw path (starting with `/`). The path is split at `/` and each segment
   * decoded afterwards. Methods of rules that matched the path but not `method` are added to `allowed`.
   */
  match(domain: string, rawPath: string, method: string, allowed: Set<string>): MatcherResult {
    if (rawPath.indexOf('%') === -1) {
      const leaf = this.#staticLeaves.get(domain)?.get(rawPath);
      if (leaf !== undefined) {
        const found = this.#atEnd(leaf, new Run(domain, NO_PATH, null, method, allowed));
        if (found !== null) return found;
      }
      // Nothing to decode: the native split makes the segments.
      return this.#walk(this.#root, 0, new Run(domain, rawPath.split('/'), null, method, allowed)) ?? NONE;
    }
    const path: string[] = [];
    let masked: (string | undefined)[] | null = null;
    let start = 0;
    for (;;) {
      const end = rawPath.indexOf('/', start);
      const raw = end === -1 ? rawPath.slice(start) : rawPath.slice(start, end);
      const segment = raw.includes('%') ? decodeSegment(raw) : raw;
      if (segment !== raw && segment.includes('/') && !segment.includes(SLASH_MASK)) {
        masked ??= [];
        // Indexed as the walk counts segments: the domain is segment 0.
        masked[path.length + 1] = segment.replaceAll('/', SLASH_MASK);
      }
      path.push(segment);
      if (end === -1) break;
      start = end + 1;
    }
    return this.#walk(this.#root, 0, new Run(domain, path, masked, method, allowed)) ?? NONE;
  }

  #walk(state: State, index: number, run: Run): MatcherResult | null {
    const last = run.length - 1;
    // Through states with only static edges (most of a path), a loop does what recursion would: there is no
    // other edge to backtrack to.
    for (;;) {
      if (index > last) return this.#atEnd(state, run);
      if (state.dynamic.length !== 0 || (index === last && run.segment(index) === '')) break;
      const next = state.static.get(run.segment(index));
      if (next === undefined) return null;
      state = next;
      index++;
    }
    const segment = run.segment(index);

    const next = state.static.get(segment);
    if (next !== undefined) {
      const result = this.#walk(next, index + 1, run);
      if (result !== null) return result;
    }

    for (const edge of state.dynamic) {
      const { part } = edge;
      const masked = part.isFinal ? undefined : run.masked?.[index];
      const target = part.isFinal ? run.rest(index) : (masked ?? segment);
      const before = run.count;
      if (part.bare !== null) {
        if (!edge.regex.test(target)) continue;
        run.capture(masked === undefined ? target : segment);
      } else {
        const found = edge.regex.exec(target);
        if (found === null) continue;
        const groups = found.groups ?? {};
        for (let i = 0; i < part.groups; i++) {
          const value = groups[`__v${i}`] ?? '';
          run.capture(masked === undefined ? value : value.replaceAll(SLASH_MASK, '/'));
        }
      }
      const result = this.#walk(edge.state, part.isFinal ? last + 1 : index + 1, run);
      if (result !== null) return result;
      run.count = before;
    }

    // Only a trailing slash is left: rules without strict slashes match without it.
    if (index === last && segment === '') {
      for (const compiled of state.rules) {
        if (compiled.strictSlashes) continue;
        const result = this.#try(compiled, run);
        if (result !== null) return result;
      }
    }
    return null;
  }

  #atEnd(state: State, run: Run): MatcherResult | null {
    for (const compiled of state.rules) {
      const result = this.#try(compiled, run);
      if (result !== null) return result;
    }
    // A branch rule ('/docs/') exists for this leaf: redirect to it, or match it without strict slashes.
    const branch = state.static.get('');
    if (branch !== undefined) {
      for (const compiled of branch.rules) {
        const { methods } = compiled.rule;
        if (methods !== null && !methods.has(run.method)) continue;
        const params = compiled.convert(run.values);
        if (params === null) continue;
        if (compiled.strictSlashes) return SLASH_REQUIRED;
        run.compiled = compiled;
        run.params = params;
        return run;
      }
    }
    return null;
  }

  #try(compiled: CompiledRule, run: Run): MatcherResult | null {
    // Converting first means a value the converter rejects is a 404, not a 405 for another method.
    const params = compiled.convert(run.values);
    if (params === null) return null;
    const { methods } = compiled.rule;
    if (methods !== null && !methods.has(run.method)) {
      for (const method of methods) run.allowed.add(method);
      return null;
    }
    run.compiled = compiled;
    run.params = params;
    return run;
  }
}
