/**
 * The segment tree behind `MapAdapter.match`. Each state has the static segments leaving it (a character radix
 * tree) and a list of dynamic edges sorted by weight; matching walks the request's segments, trying the static
 * edge first and the dynamic ones in order, and backtracks on failure. A state is reached at most once per
 * match, so the cost depends on the depth of the tree and on the rules that share a prefix with the request, not
 * on the number of unrelated rules.
 *
 * The path is walked in place, by offsets: it is never split, and a segment is cut out only to be captured or
 * tested by a converter regex. The first step is the domain (the subdomain, or the host with host matching),
 * then the path's segments, the first being the empty text before its leading `/`.
 */
import { RuleSyntaxError } from '../errors.ts';
import { type CompiledRule, compareWeights, type Part } from './compiled-rule.ts';
import { compileAnchored } from './regex.ts';
import { StaticTrie } from './static-trie.ts';
import { decodeSegment } from './url-encoding.ts';

type DynamicPart = Part & { isStatic: false };

/**
 * How an edge tests one segment. The default string and int converters get a character loop: a regex test costs
 * far more for a short segment, and needs the segment cut out first.
 */
const ANY_TEXT = 0; // [^/]+ : any non-empty segment (a segment never holds '/')
const DIGITS = 1; // \d+ : one or more ASCII digits
const REGEX = 2;
type EdgeTest = typeof ANY_TEXT | typeof DIGITS | typeof REGEX;

const TESTS = new Map<string, EdgeTest>([
  ['[^/]+', ANY_TEXT],
  ['[^/]{1,}', ANY_TEXT],
  ['\\d+', DIGITS],
]);

interface Edge {
  readonly part: DynamicPart;
  readonly key: string;
  /** With named groups `__v0`…; or, for a bare part, without groups (the whole text is the value). */
  readonly regex: RegExp;
  /** How a bare, segment-sized part is tested; REGEX for the others. */
  readonly test: EdgeTest;
  readonly state: State;
}

class State {
  readonly static = new StaticTrie<State>();
  readonly dynamic: Edge[] = [];
  readonly rules: CompiledRule[] = [];
  /** The length of the static segment that leads here (0 for a state reached by a dynamic edge). */
  readonly keyLength: number;

  constructor(keyLength = 0) {
    this.keyLength = keyLength;
  }
}

/** What one walk of the tree found. */
export type MatcherResult = Found | { readonly kind: 'slash-required' } | { readonly kind: 'none' };

export interface Found {
  readonly kind: 'found';
  readonly compiled: CompiledRule;
  readonly params: Record<string, unknown>;
  /** After an OPTIONS walk: a rule for the path accepts any method. */
  readonly anyMethod: boolean;
}

const NONE: MatcherResult = { kind: 'none' };
const SLASH_REQUIRED: MatcherResult = { kind: 'slash-required' };
const NO_VALUES: string[] = [];
/**
 * Stand-ins for a decoded '/' (from %2F), so that the decoded path can still be cut at its real slashes and
 * converter regexes such as [^/]+ accept it inside one segment. Noncharacters, which no URL text needs; the
 * first one the path does not already hold is used. A path that holds all six and a %2F is not found.
 */
const SLASH_MASKS = ['\uFFFF', '\uFFFE', '\uFDD0', '\uFDD1', '\uFDD2', '\uFDD3'];

/**
 * One walk of the tree, and its answer when it finds a rule: one object per match rather than two. Matching is
 * synchronous, but a converter is user code that may match again, so each walk has its own.
 */
class Run implements Found {
  readonly kind = 'found';
  compiled!: CompiledRule;
  params!: Record<string, unknown>;
  readonly domain: string;
  /** The decoded path, decoded slashes replaced by `mask`. */
  readonly text: string;
  /** The character standing for a decoded `/` in `text`; null when the path holds none. */
  readonly mask: string | null;
  readonly method: string;
  readonly allowed: Set<string>;
  /** The captured values, `count` of them. */
  readonly values: string[];
  count = 0;
  /**
   * An OPTIONS walk: it keeps the first rule that accepts the method and goes on through the other rules for the
   * path, gathering their methods in `allowed`, so the automatic OPTIONS answer needs no second walk.
   */
  readonly collect: boolean;
  /** In a collecting walk, whether a rule has been kept. */
  matched = false;
  /** In a collecting walk, whether a rule for the path accepts any method (then none is listed, as Werkzeug). */
  anyMethod = false;

  constructor(
    domain: string,
    text: string,
    mask: string | null,
    method: string,
    allowed: Set<string>,
    values: string[],
  ) {
    this.domain = domain;
    this.text = text;
    this.mask = mask;
    this.method = method;
    this.allowed = allowed;
    this.values = values;
    this.collect = method === 'OPTIONS';
  }

  capture(value: string): void {
    this.values[this.count++] = value;
  }

  /** `text` with its decoded slashes back. */
  unmask(text: string): string {
    return this.mask === null ? text : text.replaceAll(this.mask, '/');
  }
}

export class Matcher {
  /** The states after the domain step, by domain text (`''` without subdomains or host matching). */
  readonly #domains = new Map<string, State>();
  /** Edges for domains with variables (`<user>.example.com`). */
  readonly #domainEdges: Edge[] = [];
  /** The most variables one rule has: the size of each walk's value array. */
  #maxValues = 0;
  /**
   * The states of rules without variables, by domain, then by path (`''` → `'/about'`). The walk tries static
   * edges first, so for such a path it reaches this state before any other: one lookup gives the same answer
   * as the walk, for less work than the walk (bench/README.md).
   */
  readonly #staticLeaves = new Map<string, Map<string, State>>();
  /**
   * Which path lengths (below 256) some static leaf has: hashing a fresh path for a lookup that misses costs
   * more than the whole check, which saves it for most parametric paths.
   */
  readonly #staticLengths = new Uint8Array(256);

  /** Adds a rule's parts to the tree. @throws RuleSyntaxError when a converter regex does not compile. */
  add(compiled: CompiledRule): void {
    const [domain, ...path] = compiled.parts;
    if (domain === undefined) throw new Error('A compiled rule always has a domain part.');
    let state: State;
    if (domain.isStatic) {
      state = this.#domains.get(domain.content) ?? new State();
      this.#domains.set(domain.content, state);
    } else {
      state = this.#dynamicChild(this.#domainEdges, domain, compiled);
    }
    for (const part of path) {
      state = part.isStatic
        ? this.#staticChild(state, part.content)
        : this.#dynamicChild(state.dynamic, part, compiled);
    }
    state.rules.push(compiled);
    this.#maxValues = Math.max(this.#maxValues, compiled.names.length);
    if (domain.isStatic && path.every((part) => part.isStatic))
      this.#addStaticLeaf(domain.content, path, state);
  }

  #addStaticLeaf(domain: string, path: readonly Part[], state: State): void {
    let byPath = this.#staticLeaves.get(domain);
    if (byPath === undefined) {
      byPath = new Map();
      this.#staticLeaves.set(domain, byPath);
    }
    const text = path.map((part) => part.content).join('/');
    byPath.set(text, state);
    if (text.length < this.#staticLengths.length) this.#staticLengths[text.length] = 1;
  }

  #staticChild(state: State, content: string): State {
    let next = state.static.get(content);
    if (next === undefined) {
      next = new State(content.length);
      state.static.set(content, next);
    }
    return next;
  }

  #dynamicChild(edges: Edge[], part: DynamicPart, compiled: CompiledRule): State {
    const key = `${part.isFinal ? 'F' : 'P'}${JSON.stringify(part.weight)}${part.content}`;
    const existing = edges.find((edge) => edge.key === key);
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
    const test = part.bare !== null && !part.isFinal ? (TESTS.get(part.bare) ?? REGEX) : REGEX;
    const edge: Edge = { part, key, regex, test, state: new State() };
    // Stable insert: equal weights keep the order the rules were added in, as Werkzeug's stable sort does.
    const index = edges.findIndex((other) => compareWeights(part.weight, other.part.weight) < 0);
    if (index === -1) edges.push(edge);
    else edges.splice(index, 0, edge);
    return edge.state;
  }

  /**
   * Finds the rule for `domain` + the raw path (starting with `/`). Each segment is decoded on its own, so a %2F
   * stays inside its segment. Methods of rules that matched the path but not `method` are added to `allowed`.
   */
  match(domain: string, rawPath: string, method: string, allowed: Set<string>): MatcherResult {
    if (rawPath.indexOf('%') === -1) {
      const { length } = rawPath;
      // A collecting (OPTIONS) walk must see every rule for the path: no shortcut.
      if (
        method !== 'OPTIONS' &&
        (length >= this.#staticLengths.length || this.#staticLengths[length] === 1)
      ) {
        const leaf = this.#staticLeaves.get(domain)?.get(rawPath);
        if (leaf !== undefined) {
          const found = this.#atEnd(leaf, new Run(domain, rawPath, null, method, allowed, NO_VALUES));
          if (found !== null) return found;
        }
      }
      return this.#walkDomain(new Run(domain, rawPath, null, method, allowed, this.#newValues())) ?? NONE;
    }
    const values = this.#newValues();
    const segments = rawPath.split('/').map(decodeSegment);
    if (!segments.some((segment) => segment.includes('/'))) {
      return this.#walkDomain(new Run(domain, segments.join('/'), null, method, allowed, values)) ?? NONE;
    }
    const all = segments.join('');
    const mask = SLASH_MASKS.find((candidate) => !all.includes(candidate));
    if (mask === undefined) return NONE;
    const text = segments.map((segment) => segment.replaceAll('/', mask)).join('/');
    return this.#walkDomain(new Run(domain, text, mask, method, allowed, values)) ?? NONE;
  }

  #newValues(): string[] {
    return this.#maxValues === 0 ? NO_VALUES : new Array<string>(this.#maxValues);
  }

  #walkDomain(run: Run): MatcherResult | null {
    const result = this.#walkDomains(run);
    return result === null && run.matched ? run : result;
  }

  #walkDomains(run: Run): MatcherResult | null {
    const { domain } = run;
    const next = this.#domains.get(domain);
    if (next !== undefined) {
      const result = this.#walk(next, 0, run);
      if (result !== null) return result;
    }
    for (const edge of this.#domainEdges) {
      const before = run.count;
      // A domain is one step whatever its converters: the path is not part of it.
      if (!this.#captureRegex(edge, domain, domain, run)) continue;
      const result = this.#walk(edge.state, 0, run);
      if (result !== null) return result;
      run.count = before;
    }
    return null;
  }

  /** Walks from `state` with the segment of the path that starts at `start` (past the end: nothing is left). */
  #walk(state: State, start: number, run: Run): MatcherResult | null {
    const { text } = run;
    const { length } = text;
    // Through states with only static edges (most of a path), a loop does what recursion would: there is no
    // other edge to backtrack to.
    for (;;) {
      if (start > length) return this.#atEnd(state, run);
      // An empty last segment (a trailing slash) may also end the path for rules without strict slashes.
      if (state.dynamic.length !== 0 || start === length) break;
      const next = state.static.find(text, start);
      if (next === undefined) return null;
      state = next;
      start += next.keyLength + 1;
    }

    const next = state.static.find(text, start);
    if (next !== undefined) {
      const result = this.#walk(next, start + next.keyLength + 1, run);
      if (result !== null) return result;
    }

    let end = -1; // where the segment ends, found when a dynamic edge first needs it
    for (const edge of state.dynamic) {
      const before = run.count;
      let after: number;
      if (edge.part.isFinal) {
        const rest = run.unmask(text.slice(start));
        if (!this.#captureRegex(edge, rest, rest, run)) continue;
        after = length + 1;
      } else {
        if (end === -1) end = segmentEnd(text, start);
        if (!this.#captureSegment(edge, start, end, run)) continue;
        after = end + 1;
      }
      const result = this.#walk(edge.state, after, run);
      if (result !== null) return result;
      run.count = before;
    }

    // Only a trailing slash is left: rules without strict slashes match without it.
    if (start === length) {
      for (const compiled of state.rules) {
        if (compiled.strictSlashes) continue;
        const result = this.#try(compiled, run);
        if (result !== null) return result;
      }
    }
    return null;
  }

  /** Tests the segment `text[start, end)` against a path edge, capturing its values when it matches. */
  #captureSegment(edge: Edge, start: number, end: number, run: Run): boolean {
    const { text } = run;
    switch (edge.test) {
      case ANY_TEXT:
        if (end === start) return false;
        break;
      case DIGITS:
        if (end === start) return false;
        for (let i = start; i < end; i++) {
          const code = text.charCodeAt(i);
          if (code < 48 || code > 57) return false;
        }
        break;
      default: {
        const segment = text.slice(start, end);
        return this.#captureRegex(edge, segment, run.unmask(segment), run);
      }
    }
    run.capture(run.unmask(text.slice(start, end)));
    return true;
  }

  /**
   * Tests `target` (the text the converter regex sees) against an edge's regex, capturing values taken from
   * `decoded` (the same text with its decoded slashes back) when it matches.
   */
  #captureRegex(edge: Edge, target: string, decoded: string, run: Run): boolean {
    if (edge.part.bare !== null) {
      if (!edge.regex.test(target)) return false;
      run.capture(decoded);
      return true;
    }
    const found = edge.regex.exec(target);
    if (found === null) return false;
    const groups = found.groups ?? {};
    for (let i = 0; i < edge.part.groups; i++) run.capture(run.unmask(groups[`__v${i}`] ?? ''));
    return true;
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
        if (compiled.strictSlashes) {
          // A collecting walk that has its rule only gathers methods; the redirect would not be taken.
          if (run.matched) continue;
          return SLASH_REQUIRED;
        }
        if (run.collect) {
          // Kept as the match, but not listed: `allowedMethods`, as Werkzeug's, lists only the path's own rules.
          this.#keep(compiled, params, run, false);
          continue;
        }
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
    if (run.collect) {
      this.#keep(compiled, params, run, true);
      return null;
    }
    run.compiled = compiled;
    run.params = params;
    return run;
  }

  /** A collecting walk: the first rule accepting the method is the match; the path's rules add their methods. */
  #keep(compiled: CompiledRule, params: Record<string, unknown>, run: Run, listed: boolean): void {
    const { methods } = compiled.rule;
    if (methods === null) run.anyMethod = true;
    else if (listed) for (const method of methods) run.allowed.add(method);
    if (run.matched) return;
    run.matched = true;
    run.compiled = compiled;
    run.params = params;
  }
}

/** Where the segment starting at `start` ends: at the next `/`, or at the end of the text. */
function segmentEnd(text: string, start: number): number {
  const end = text.indexOf('/', start);
  return end === -1 ? text.length : end;
}
