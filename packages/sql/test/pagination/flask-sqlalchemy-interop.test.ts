import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Pagination } from '@flagon/sql';

const PYTHON = '/usr/bin/python3';

// Flask-SQLAlchemy's own Pagination, fed the same items, computes every number and page list for each case.
const SCRIPT = `
import json, sys
from flask_sqlalchemy.pagination import Pagination

class ListPagination(Pagination):
    def _query_items(self):
        rows = self._query_args["rows"]
        start = (self.page - 1) * self.per_page
        return rows[start:start + self.per_page]
    def _query_count(self):
        return len(self._query_args["rows"])

out = []
for case in json.load(sys.stdin):
    p = ListPagination(page=case["page"], per_page=case["perPage"], error_out=False, rows=list(range(case["total"])))
    out.append({
        "first": p.first, "last": p.last, "pages": p.pages,
        "hasPrev": p.has_prev, "prevNum": p.prev_num, "hasNext": p.has_next, "nextNum": p.next_num,
        "iterPages": list(p.iter_pages(**case["options"])),
    })
print(json.dumps(out))
`;

interface Case {
  total: number;
  page: number;
  perPage: number;
  options: Record<string, number>;
}

function cases(): Case[] {
  const list: Case[] = [];
  const optionSets: Record<string, number>[] = [
    {},
    { left_edge: 1, left_current: 1, right_current: 1, right_edge: 1 },
    { left_edge: 0, right_edge: 0 },
  ];
  for (const total of [0, 1, 5, 19, 20, 21, 99, 100, 1000]) {
    for (const perPage of [1, 7, 20]) {
      const pages = Math.max(1, Math.ceil(total / perPage));
      for (const page of new Set([1, 2, 3, Math.ceil(pages / 2), pages - 2, pages - 1, pages])) {
        if (page < 1 || page > pages) continue;
        for (const options of optionSets) list.push({ total, page, perPage, options });
      }
    }
  }
  return list;
}

function camel(options: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [
      key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

describe('Pagination against Flask-SQLAlchemy 3', {
  skip: existsSync(PYTHON) ? undefined : `${PYTHON} is missing`,
}, () => {
  const all = cases();
  const expected = JSON.parse(
    execFileSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(all), encoding: 'utf8' }),
  ) as unknown[];

  it('gives the same first, last, pages, prev, next and iterPages (with null gaps) for every case', () => {
    assert.equal(expected.length, all.length);
    all.forEach((c, index) => {
      const rows = Array.from({ length: c.total }, (_, i) => i);
      const items = rows.slice((c.page - 1) * c.perPage, c.page * c.perPage);
      const p = new Pagination({ items, total: c.total, page: c.page, perPage: c.perPage }, () => {
        throw new Error('not fetched');
      });
      const actual = {
        first: p.first,
        last: p.last,
        pages: p.pages,
        hasPrev: p.hasPrev,
        prevNum: p.prevNum,
        hasNext: p.hasNext,
        nextNum: p.nextNum,
        iterPages: p.iterPages(camel(c.options)),
      };
      assert.deepEqual(actual, expected[index], JSON.stringify(c));
    });
  });

  it('puts null where pages are skipped, as the documented example', () => {
    const p = new Pagination({ items: [1], total: 20, page: 10, perPage: 1 }, () => {
      throw new Error('not fetched');
    });
    assert.deepEqual(p.iterPages(), [1, 2, null, 8, 9, 10, 11, 12, 13, 14, null, 19, 20]);
  });
});
