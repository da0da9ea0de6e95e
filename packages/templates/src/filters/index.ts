/**
 * The builtin filters of Jinja2 3.1, by name (aliases included: `e`, `d`, `count`).
 */

import { escapeFilter, forceescape, safe, striptags, urlencode, xmlattr } from './html.ts';
import { dumpsJson, pprint, tojson } from './json.ts';
import { attr, defaultFilter } from './misc.ts';
import { abs, filesizeformat, float, int, round } from './numbers.ts';
import { map, reject, rejectattr, select, selectattr } from './selection.ts';
import { batch, first, items, join, last, length, list, random, reverse, slice, sum } from './sequences.ts';
import { dictsort, groupby, max, min, sort, unique } from './sorting.ts';
import {
  capitalize,
  center,
  format,
  indent,
  lower,
  replace,
  string,
  title,
  trim,
  truncate,
  upper,
  wordcount,
  wordwrap,
} from './strings.ts';
import type { FilterFunction } from './types.ts';
import { urlize } from './urlize.ts';

Object.defineProperty(defaultFilter, 'name', { value: 'default' });
Object.defineProperty(escapeFilter, 'name', { value: 'escape' });

/** Every builtin filter by name, in a null-prototype object; copy it before adding your own. */
export const builtinFilters: Record<string, FilterFunction> = Object.assign(Object.create(null), {
  abs,
  attr,
  batch,
  capitalize,
  center,
  count: length,
  d: defaultFilter,
  default: defaultFilter,
  dictsort,
  e: escapeFilter,
  escape: escapeFilter,
  filesizeformat,
  first,
  float,
  forceescape,
  format,
  groupby,
  indent,
  int,
  items,
  join,
  last,
  length,
  list,
  lower,
  map,
  max,
  min,
  pprint,
  random,
  reject,
  rejectattr,
  replace,
  reverse,
  round,
  safe,
  select,
  selectattr,
  slice,
  sort,
  string,
  striptags,
  sum,
  title,
  tojson,
  trim,
  truncate,
  unique,
  upper,
  urlencode,
  urlize,
  wordcount,
  wordwrap,
  xmlattr,
});

export { dumpsJson };
