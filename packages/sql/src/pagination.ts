/** Options of `iterPages`, with Flask-SQLAlchemy's defaults. */
export interface IterPagesOptions {
  /** Pages shown at the start. Default 2. */
  readonly leftEdge?: number;
  /** Pages shown before the current one. Default 2. */
  readonly leftCurrent?: number;
  /** Pages shown after the current one. Default 4. */
  readonly rightCurrent?: number;
  /** Pages shown at the end. Default 2. */
  readonly rightEdge?: number;
}

/**
 * One page of a query's results and the numbers around it (Flask-SQLAlchemy's `Pagination`). Get one from
 * `db.paginate(query)`; templates read its fields and loop over `iterPages()`.
 *
 * @example
 * {% for page in pagination.iterPages() %}
 *   {% if page %}<a href="{{ url_for('index', page=page) }}">{{ page }}</a>{% else %}…{% endif %}
 * {% endfor %}
 */
export class Pagination<T> {
  /** The rows of this page. */
  readonly items: T[];
  /** Rows in the whole query; null when counting was turned off (`count: false`). */
  readonly total: number | null;
  /** This page's number, from 1. */
  readonly page: number;
  readonly perPage: number;
  readonly #fetch: (page: number) => Promise<Pagination<T>>;

  constructor(
    init: { items: T[]; total: number | null; page: number; perPage: number },
    fetch: (page: number) => Promise<Pagination<T>>,
  ) {
    this.items = init.items;
    this.total = init.total;
    this.page = init.page;
    this.perPage = init.perPage;
    this.#fetch = fetch;
  }

  /** The number of the first item on the page, counted from 1 (0 when the page is empty). */
  get first(): number {
    return this.items.length === 0 ? 0 : (this.page - 1) * this.perPage + 1;
  }

  /** The number of the last item on the page. */
  get last(): number {
    const first = this.first;
    return Math.max(first, first + this.items.length - 1);
  }

  /** The number of pages (0 when there are no rows, or when not counted). */
  get pages(): number {
    if (this.total === null || this.total === 0) return 0;
    return Math.ceil(this.total / this.perPage);
  }

  get hasPrev(): boolean {
    return this.page > 1;
  }

  /** The previous page's number, or null on the first page. */
  get prevNum(): number | null {
    return this.hasPrev ? this.page - 1 : null;
  }

  get hasNext(): boolean {
    return this.page < this.pages;
  }

  /** The next page's number, or null on the last page. */
  get nextNum(): number | null {
    return this.hasNext ? this.page + 1 : null;
  }

  /** The previous page, queried with the same options. Differs from Flask: async. */
  prev(): Promise<Pagination<T>> {
    return this.#fetch(Math.max(1, this.page - 1));
  }

  /** The next page, queried with the same options. Differs from Flask: async. */
  next(): Promise<Pagination<T>> {
    return this.#fetch(this.page + 1);
  }

  /**
   * Page numbers for a pagination widget: the edges, the pages around the current one, and `null` where pages
   * are skipped, exactly as Flask-SQLAlchemy's `iter_pages`.
   *
   * @example
   * // page 10 of 20: [1, 2, null, 8, 9, 10, 11, 12, 13, 14, null, 19, 20]
   */
  iterPages(options: IterPagesOptions = {}): Array<number | null> {
    const leftEdge = options.leftEdge ?? 2;
    const leftCurrent = options.leftCurrent ?? 2;
    const rightCurrent = options.rightCurrent ?? 4;
    const rightEdge = options.rightEdge ?? 2;
    const result: Array<number | null> = [];
    const pagesEnd = this.pages + 1;
    if (pagesEnd === 1) return result;
    const leftEnd = Math.min(1 + leftEdge, pagesEnd);
    for (let p = 1; p < leftEnd; p++) result.push(p);
    if (leftEnd === pagesEnd) return result;
    const midStart = Math.max(leftEnd, this.page - leftCurrent);
    const midEnd = Math.min(this.page + rightCurrent + 1, pagesEnd);
    if (midStart - leftEnd > 0) result.push(null);
    for (let p = midStart; p < midEnd; p++) result.push(p);
    if (midEnd === pagesEnd) return result;
    const rightStart = Math.max(midEnd, pagesEnd - rightEdge);
    if (rightStart - midEnd > 0) result.push(null);
    for (let p = rightStart; p < pagesEnd; p++) result.push(p);
    return result;
  }
}
