/**
 * A parsed `Accept*` header: the client's values with their quality (`q`), most specific and then highest
 * quality first. The base class compares values case-insensitively and treats `*` as "anything".
 *
 * An absent header gives an empty Accept with `provided === false`; like Werkzeug, `bestMatch` then returns
 * the default, so pass one when any offer will do.
 */
export class Accept implements Iterable<[string, number]> {
  /** Whether the header was present at all. */
  readonly provided: boolean;
  readonly #items: [string, number][];

  constructor(header?: string | null) {
    this.provided = header != null;
    const items = header == null ? [] : parseItems(header);
    // Stable sort: among equals, the client's order is kept.
    this.#items = items
      .map((item, index) => ({ item, index, spec: this.specificity(item[0]) }))
      .sort((a, b) => compareSpecificity(b.spec, a.spec) || b.item[1] - a.item[1] || a.index - b.index)
      .map((x) => x.item);
  }

  /** Parses `header` into an instance of this class (same as `new`). */
  static parse<T extends Accept>(
    this: new (
      header?: string | null,
    ) => T,
    header: string | null | undefined,
  ): T {
    return new this(header);
  }

  /** Whether the client's `item` accepts the server's `offer`. Override point for subclasses. */
  protected matches(offer: string, item: string): boolean {
    return item === '*' || item.toLowerCase() === offer.toLowerCase();
  }

  /** How specific a client value is; more specific values are consulted first. Override point. */
  protected specificity(value: string): number[] {
    return [value === '*' ? 0 : 1];
  }

  /** The quality the client gives `offer` (0 when nothing matches it). */
  quality(offer: string): number {
    for (const [item, q] of this.#items) if (this.matches(offer, item)) return q;
    return 0;
  }

  /**
   * Whether the client accepts `offer` with a quality above 0.
   *
   * Differs from Flask: `offer in accept` there is also true for values the client marked `q=0`.
   */
  has(offer: string): boolean {
    return this.quality(offer) > 0;
  }

  /**
   * The offer the client prefers. Each offer gets the quality of the most specific client value matching
   * it; the highest quality wins, then the more specific client value, then the earlier offer. Returns
   * `defaultValue` when nothing is acceptable.
   *
   * @example
   * new MIMEAccept('text/html;q=0.9, application/json').bestMatch(['text/html', 'application/json']);
   * // 'application/json'
   */
  bestMatch(offers: readonly string[], defaultValue: string | null = null): string | null {
    let result = defaultValue;
    let bestQuality = -1;
    let bestSpec: number[] = [-1];
    for (const offer of offers) {
      // The most specific client value that matches decides this offer's quality (q=0 included).
      const match = this.#items.find(([item]) => this.matches(offer, item));
      if (match === undefined) continue;
      const [item, q] = match;
      if (q <= 0 || q < bestQuality) continue;
      const spec = this.specificity(item);
      if (q > bestQuality || compareSpecificity(spec, bestSpec) > 0) {
        bestQuality = q;
        bestSpec = spec;
        result = offer;
      }
    }
    return result;
  }

  /** The client's most preferred value, or null when the header is empty. */
  get best(): string | null {
    return this.#items[0]?.[0] ?? null;
  }

  /** The number of values. */
  get size(): number {
    return this.#items.length;
  }

  /** Each client value, in preference order. */
  *values(): IterableIterator<string> {
    for (const [value] of this.#items) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.#items.map(([v, q]): [string, number] => [v, q])[Symbol.iterator]();
  }

  /** The header again, e.g. `text/html,application/json;q=0.5`. */
  toString(): string {
    return this.#items.map(([v, q]) => (q === 1 ? v : `${v};q=${q}`)).join(',');
  }
}

/**
 * The `Accept` header: media types with `type/*` and `*\/*` wildcards. Parameters other than `q` take
 * part in matching (`text/html;level=1` is not `text/html`), and more specific ranges win.
 */
export class MIMEAccept extends Accept {
  protected override matches(offer: string, item: string): boolean {
    const o = splitMime(offer);
    const c = splitMime(item);
    if (o === null || c === null) return false;
    // '*/html' is not a valid media range.
    if (c.type === '*' && c.subtype !== '*') return false;
    if (o.type === '*' && o.subtype !== '*') return false;
    if (c.type === '*' || o.type === '*') return true;
    if (c.type !== o.type) return false;
    if (c.subtype === '*' || o.subtype === '*') return true;
    return c.subtype === o.subtype && c.params === o.params;
  }

  protected override specificity(value: string): number[] {
    return value.split(/[/;]/).map((part) => (part.trim() === '*' ? 0 : 1));
  }

  /** Whether HTML (or XHTML) is acceptable. */
  get acceptHtml(): boolean {
    // As Werkzeug: XHTML or plain XML counts as HTML too.
    return this.has('text/html') || this.acceptXhtml;
  }

  /** Whether XHTML (or XML) is acceptable. */
  get acceptXhtml(): boolean {
    return this.has('application/xhtml+xml') || this.has('application/xml');
  }

  /** Whether JSON is acceptable. */
  get acceptJson(): boolean {
    return this.has('application/json');
  }
}

/**
 * The `Accept-Language` header. `en_US` and `en-us` are the same tag. `bestMatch` falls back to the
 * primary language: a client asking for `en-US` is offered `en`, and one asking for `en` gets `en-GB`.
 */
export class LanguageAccept extends Accept {
  protected override matches(offer: string, item: string): boolean {
    return item === '*' || normalizeLanguage(item) === normalizeLanguage(offer);
  }

  override bestMatch(offers: readonly string[], defaultValue: string | null = null): string | null {
    const exact = super.bestMatch(offers);
    if (exact !== null) return exact;
    // The client's 'en-US' accepts the server's 'en'.
    const primaries = new Accept(
      [...this].map(([v, q]) => `${primaryLanguage(v)};q=${q}`).join(','),
    ).bestMatch(offers);
    if (primaries !== null) return primaries;
    // The server's 'en-GB' satisfies the client's 'en'.
    const primaryOffer = super.bestMatch(offers.map(primaryLanguage));
    if (primaryOffer !== null) {
      return (
        offers.find((o) => normalizeLanguage(primaryLanguage(o)) === normalizeLanguage(primaryOffer)) ?? null
      );
    }
    return defaultValue;
  }
}

/** The `Accept-Charset` header; `utf-8`, `UTF8` and `utf_8` are the same charset. */
export class CharsetAccept extends Accept {
  protected override matches(offer: string, item: string): boolean {
    return item === '*' || normalizeCharset(item) === normalizeCharset(offer);
  }
}

function parseItems(header: string): [string, number][] {
  const items: [string, number][] = [];
  for (const part of header.split(',')) {
    const pieces = part.split(';').map((p) => p.trim());
    const value = pieces[0]!;
    if (value === '' || /\s/.test(value)) continue;
    let q = 1;
    const params: string[] = [];
    for (const param of pieces.slice(1)) {
      if (param === '') continue;
      const eq = param.indexOf('=');
      const name = (eq === -1 ? param : param.slice(0, eq)).trim().toLowerCase();
      if (name === 'q') {
        // Everything after q is an accept-extension, not a media type parameter.
        const parsed = Number(param.slice(eq + 1).trim());
        if (/^\s*\d*(\.\d+)?\s*$/.test(param.slice(eq + 1)) && Number.isFinite(parsed)) {
          q = Math.min(1, Math.max(0, parsed));
        }
        break;
      }
      params.push(param);
    }
    items.push([[value, ...params].join(';'), q]);
  }
  return items;
}

function compareSpecificity(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

function splitMime(value: string): { type: string; subtype: string; params: string } | null {
  const parts = value
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  const [type, subtype, ...rest] = parts[0]!.split('/');
  if (type === undefined || subtype === undefined || rest.length > 0 || type === '' || subtype === '')
    return null;
  const params = parts
    .slice(1)
    .filter((p) => p !== '')
    .map((p) => p.replace(/\s*=\s*/, '='))
    .sort()
    .join(';');
  return { type: type.trim(), subtype: subtype.trim(), params };
}

function normalizeLanguage(tag: string): string {
  return tag.replaceAll('_', '-').toLowerCase();
}

function primaryLanguage(tag: string): string {
  return tag.split(/[-_]/, 1)[0]!;
}

function normalizeCharset(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}
