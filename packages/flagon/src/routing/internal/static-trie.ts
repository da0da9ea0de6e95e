/**
 * The static segments that leave one state of the matcher, kept as a character radix tree. The matcher finds the
 * segment of the request path that starts at an offset without cutting it out: cutting a segment such as
 * `r50` out of a fresh path and looking it up in a `Map` makes V8 hash each new string. Walking this tree
 * compares characters in place and allocates nothing.
 *
 * A segment ends at `/` or at the end of the text. Keys never contain `/`: the rule parser cuts static text
 * at each slash.
 */

class TrieNode<T> {
  /** The characters this node consumes, its first one being the character its parent filed it under. */
  prefix: string;
  /** What is stored under the key that ends after `prefix`. */
  value: T | undefined = undefined;
  /** Children by the code of their first character: ASCII in an array, the rest in a map. */
  ascii: (TrieNode<T> | undefined)[] | null = null;
  other: Map<number, TrieNode<T>> | null = null;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  child(code: number): TrieNode<T> | undefined {
    return code < 128 ? (this.ascii?.[code] ?? undefined) : this.other?.get(code);
  }

  setChild(node: TrieNode<T>): void {
    const code = node.prefix.charCodeAt(0);
    if (code < 128) {
      this.ascii ??= [];
      this.ascii[code] = node;
    } else {
      this.other ??= new Map();
      this.other.set(code, node);
    }
  }
}

export class StaticTrie<T> {
  readonly #root = new TrieNode<T>('');

  /** The value stored under exactly `key`. */
  get(key: string): T | undefined {
    let node = this.#root;
    let at = 0;
    for (;;) {
      if (!key.startsWith(node.prefix, at)) return undefined;
      at += node.prefix.length;
      if (at === key.length) return node.value;
      const next = node.child(key.charCodeAt(at));
      if (next === undefined) return undefined;
      node = next;
    }
  }

  set(key: string, value: T): void {
    let node = this.#root;
    let at = 0;
    for (;;) {
      const shared = commonLength(node.prefix, key, at);
      if (shared < node.prefix.length) {
        // The key leaves this node's prefix part-way: split the node there.
        const tail = new TrieNode<T>(node.prefix.slice(shared));
        tail.value = node.value;
        tail.ascii = node.ascii;
        tail.other = node.other;
        node.prefix = node.prefix.slice(0, shared);
        node.value = undefined;
        node.ascii = null;
        node.other = null;
        node.setChild(tail);
      }
      at += shared;
      if (at === key.length) {
        node.value = value;
        return;
      }
      const next = node.child(key.charCodeAt(at));
      if (next === undefined) {
        const leaf = new TrieNode<T>(key.slice(at));
        leaf.value = value;
        node.setChild(leaf);
        return;
      }
      node = next;
    }
  }

  /** The value stored under the segment of `text` that starts at `start` and ends at the next `/` or the end. */
  find(text: string, start: number): T | undefined {
    const { length } = text;
    // The root's prefix is always empty, and a child's first character is the one it was found by: each step
    // compares only the rest of the child's prefix.
    let node = this.#root;
    let at = start;
    for (;;) {
      if (at === length) return node.value;
      const code = text.charCodeAt(at);
      if (code === SLASH) return node.value;
      const next = node.child(code);
      if (next === undefined) return undefined;
      const { prefix } = next;
      const end = at + prefix.length;
      if (end > length) return undefined;
      // startsWith has a fixed cost that a character loop beats on short prefixes (most nodes of a branching
      // tree hold one character); the loop loses on long ones. The crossover is in bench/README.md.
      if (prefix.length > 5) {
        if (!text.startsWith(prefix, at)) return undefined;
      } else {
        for (let i = 1; i < prefix.length; i++) {
          if (text.charCodeAt(at + i) !== prefix.charCodeAt(i)) return undefined;
        }
      }
      at = end;
      node = next;
    }
  }
}

const SLASH = 47;

/** How many characters of `prefix` match `key` from `at`. */
function commonLength(prefix: string, key: string, at: number): number {
  let i = 0;
  while (i < prefix.length && at + i < key.length && prefix.charCodeAt(i) === key.charCodeAt(at + i)) i++;
  return i;
}
