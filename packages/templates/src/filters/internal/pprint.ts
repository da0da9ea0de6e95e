/**
 * Python's `pprint.pformat(value)` (width 80, dict keys sorted): the one-line repr when it fits,
 * else lists, dicts and sets one item a line, and long strings split at spaces inside parentheses.
 */

import { pySplitlines } from '../../runtime/python-methods/str.ts';
import {
  isMapping,
  mappingEntries,
  pyCompare,
  pyRepr,
  pyReprSorted,
  reprString,
} from '../../runtime/values.ts';

const WIDTH = 80;

function sortedEntries(value: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  const entries = mappingEntries(value);
  try {
    return entries.slice().sort((a, b) => pyCompare(a[0], b[0]) || 0);
  } catch {
    return entries;
  }
}

function format(value: unknown, indent: number, allowance: number, level: number, out: string[]): void {
  const rep = pyReprSorted(value);
  if (rep.length > WIDTH - indent - allowance) {
    if (Array.isArray(value) && value.length > 0) {
      out.push('[');
      formatItems(value, indent, allowance + 1, level, out);
      out.push(']');
      return;
    }
    if (value instanceof Set && value.size > 0) {
      let items = [...value];
      try {
        items = items.sort((a, b) => pyCompare(a, b) || 0);
      } catch {
        // Unorderable members keep their insertion order.
      }
      out.push('{');
      formatItems(items, indent, allowance + 1, level, out);
      out.push('}');
      return;
    }
    if (isMapping(value)) {
      const entries = sortedEntries(value);
      if (entries.length > 0) {
        out.push('{');
        const inner = indent + 1;
        entries.forEach(([key, item], i) => {
          const last = i === entries.length - 1;
          const keyRep = pyRepr(key);
          out.push(keyRep, ': ');
          format(item, inner + keyRep.length + 2, last ? allowance + 1 : 1, level + 1, out);
          if (!last) out.push(`,\n${' '.repeat(inner)}`);
        });
        out.push('}');
        return;
      }
    }
    if (typeof value === 'string' && value !== '') {
      formatString(value, indent, allowance, level, out);
      return;
    }
  }
  out.push(rep);
}

function formatItems(
  items: unknown[],
  indent: number,
  allowance: number,
  level: number,
  out: string[],
): void {
  const inner = indent + 1;
  items.forEach((item, i) => {
    if (i > 0) out.push(`,\n${' '.repeat(inner)}`);
    format(item, inner, i === items.length - 1 ? allowance : 1, level + 1, out);
  });
}

function formatString(text: string, indent: number, allowance: number, level: number, out: string[]): void {
  const top = level === 0;
  const ind = top ? indent + 1 : indent;
  const allow = top ? allowance + 1 : allowance;
  const maxWidth = WIDTH - ind;
  const lines = pySplitlines(text, true);
  const chunks: string[] = [];
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1;
    const rep = reprString(line);
    if (rep.length <= (lastLine ? maxWidth - allow : maxWidth)) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)?.filter((p) => p !== '') ?? [];
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      const limit = lastLine && j === parts.length - 1 ? maxWidth - allow : maxWidth;
      if (reprString(candidate).length > limit) {
        if (current) chunks.push(reprString(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(reprString(current));
  });
  if (chunks.length <= 1) {
    out.push(reprString(text));
    return;
  }
  if (top) out.push('(');
  out.push(chunks.join(`\n${' '.repeat(ind)}`));
  if (top) out.push(')');
}

/** `pprint.pformat(value)` with Python's defaults (width 80, sorted dict keys). */
export function prettyFormat(value: unknown): string {
  const out: string[] = [];
  format(value, 0, 0, 0, out);
  return out.join('');
}
