/**
 * Python's `difflib.get_close_matches(word, possibilities, 1)`, which Babel's catalog update uses to give a
 * new message the translation of an old one that reads almost the same: the similarity is
 * `SequenceMatcher(None, candidate, word).ratio()` (with its automatic junk heuristic), at least 0.6, the
 * best score winning and, among equal scores, the greater string.
 */

/** The number of matching characters `SequenceMatcher(None, a, b).get_matching_blocks()` finds. */
function matchingCharacters(a: readonly string[], b: readonly string[]): number {
  // Where each element of b occurs; with 200 or more elements, those more frequent than 1% + 1 are "popular"
  // and left out, as difflib's autojunk does (they can still extend a match, never start one).
  const b2j = new Map<string, number[]>();
  for (const [j, element] of b.entries()) {
    const at = b2j.get(element);
    if (at === undefined) b2j.set(element, [j]);
    else at.push(j);
  }
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [element, at] of b2j) if (at.length > limit) b2j.delete(element);
  }

  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let [besti, bestj, bestsize] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i] as string) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti -= 1;
      bestj -= 1;
      bestsize += 1;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize])
      bestsize += 1;
    return [besti, bestj, bestsize];
  };

  let total = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  for (let range = queue.pop(); range !== undefined; range = queue.pop()) {
    const [alo, ahi, blo, bhi] = range;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k === 0) continue;
    total += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return total;
}

/** difflib's `SequenceMatcher(None, a, b).ratio()`, over code points as Python's strings are. */
export function similarity(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = left.length + right.length;
  return length === 0 ? 1 : (2 * matchingCharacters(left, right)) / length;
}

function compareCodePoints(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * difflib's `quick_ratio`: twice the characters `a` and `b` share as multisets over their total length, an upper
 * bound of `similarity` that costs one pass.
 */
function quickRatio(a: readonly string[], bCounts: ReadonlyMap<string, number>, bLength: number): number {
  const left = new Map(bCounts);
  let matches = 0;
  for (const char of a) {
    const n = left.get(char) ?? 0;
    if (n > 0) {
      matches++;
      left.set(char, n - 1);
    }
  }
  return (2 * matches) / (a.length + bLength);
}

/**
 * The possibility closest to `word` with a similarity of at least `cutoff`, or null. As `get_close_matches`,
 * candidates are first checked against two cheap upper bounds of the similarity (the lengths, then the shared
 * characters), so a catalog of thousands of messages is not compared in full with every new one.
 */
export function closestMatch(word: string, possibilities: Iterable<string>, cutoff = 0.6): string | null {
  const wordChars = Array.from(word);
  const wordCounts = new Map<string, number>();
  for (const char of wordChars) wordCounts.set(char, (wordCounts.get(char) ?? 0) + 1);
  let best: { score: number; value: string } | null = null;
  for (const value of possibilities) {
    const valueChars = Array.from(value);
    const total = valueChars.length + wordChars.length;
    if (total > 0) {
      if ((2 * Math.min(valueChars.length, wordChars.length)) / total < cutoff) continue;
      if (quickRatio(valueChars, wordCounts, wordChars.length) < cutoff) continue;
    }
    const score = similarity(value, word);
    if (score < cutoff) continue;
    if (
      best === null ||
      score > best.score ||
      (score === best.score && compareCodePoints(value, best.value) > 0)
    )
      best = { score, value };
  }
  return best?.value ?? null;
}
