// Jinja's filters over lists and dicts (jinja2/filters.py): sort, unique, dictsort, select/reject and their
// `attr` forms, sum, min, max, batch, items, join. Strings compare without case unless `case_sensitive=true`, as in
// Jinja; what they cannot order or test at parse time is Unknown, never a guess.
import {
  UNKNOWN,
  Undefined,
  Unknown,
  equals,
  hasUnknown,
  isDict,
  exactInt,
  isFloat,
  namedTuple,
  numberOf,
  pyFloat,
  pySorted,
  str,
  truthy,
  tuple,
} from './values.js';
import type { Dict } from './values.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;
type TestFn = (name: string, v: unknown, args: unknown[]) => boolean | Unknown;
/** `obj[key]` as Jinja's environment.getitem reads it (methods.ts getItem). */
type ItemFn = (obj: unknown, key: unknown) => unknown;

/**
 * Jinja's make_attrgetter: an attribute path (`a.b`, `a.0`: digit parts are indexes), each part looked up as
 * environment.getitem does; `fallback` (its `default`) stands for an Undefined after any part.
 */
export function attrGetter(path: unknown, getItem: ItemFn, fallback?: unknown): ((x: unknown) => unknown) | null {
  if (path === undefined || path === null) return (x) => x;
  if (typeof path !== 'string' && typeof path !== 'number') return null;
  const parts = typeof path === 'number' ? [path] : path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const hasFallback = fallback !== undefined && fallback !== null;
  return (x) => {
    let item = x;
    for (const part of parts) {
      item = getItem(item, part);
      if (hasFallback && item instanceof Undefined) item = fallback;
    }
    return item;
  };
}

/** Jinja's ignore_case: lower-cased strings, anything else as it is. */
const foldCase = (caseSensitive: unknown) => (x: unknown) =>
  caseSensitive !== true && typeof x === 'string' ? x.toLowerCase() : x;

export function collectionFilters(applyTest: TestFn, getItem: ItemFn): Record<string, Filter> {
  const keyOf = (kwargs: Dict, arg?: unknown) => {
    const get = attrGetter(kwargs['attribute'] ?? arg, getItem);
    const fold = foldCase(kwargs['case_sensitive']);
    return get && ((x: unknown) => fold(get(x)));
  };
  // An item holding anything not known (at any depth) leaves the order, the groups or the text unknown.
  const anyUnknown = (xs: unknown[]) => xs.some((x) => hasUnknown(x));
  /** select / reject (and their attr forms): items whose test (truthiness by default) passes, or fails. */
  const selecting =
    (keep: boolean, byAttribute: boolean): Filter =>
    (v, args) => {
      if (!Array.isArray(v)) return UNKNOWN;
      const [first, ...rest] = args;
      const get = byAttribute ? attrGetter(first, getItem) : (x: unknown) => x;
      const [testName, ...testArgs] = byAttribute ? rest : args;
      if (get === null || (testName !== undefined && typeof testName !== 'string')) return UNKNOWN;
      const out: unknown[] = [];
      for (const item of v) {
        const value = get(item);
        const passed = testName === undefined ? truthy(value) : applyTest(testName, value, testArgs);
        if (passed instanceof Unknown) return UNKNOWN;
        if (passed === keep) out.push(item);
      }
      return out;
    };
  return {
    sort: (v, a, k) => {
      const key = keyOf(k);
      if (!Array.isArray(v) || key === null || anyUnknown(v)) return UNKNOWN;
      return pySorted(v, key, (a[0] ?? k['reverse']) === true) ?? UNKNOWN;
    },
    // groupby(attribute, default=None, case_sensitive=False): (grouper, list) pairs in key order; without case,
    // items group by their folded key and each grouper is its first item's own value.
    groupby: (v, a, k) => {
      const get = attrGetter(a[0] ?? k['attribute'], getItem, a[1] ?? k['default']);
      if (!Array.isArray(v) || get === null || anyUnknown(v)) return UNKNOWN;
      const fold = foldCase((a[2] ?? k['case_sensitive']) === true);
      const keyed = v.map((item) => ({ item, value: get(item) }));
      if (keyed.some((x) => hasUnknown(x.value))) return UNKNOWN;
      const sorted = pySorted(keyed, (x) => fold(x.value));
      if (sorted === null) return UNKNOWN;
      const groups: unknown[][] = [];
      let members: unknown[] = [];
      let groupKey: unknown;
      for (const { item, value } of sorted) {
        if (groups.length > 0 && equals(groupKey, fold(value))) {
          members.push(item);
          continue;
        }
        members = [item];
        groupKey = fold(value);
        groups.push(namedTuple([value, members], ['grouper', 'list']));
      }
      return groups;
    },
    unique: (v, _a, k) => {
      const key = keyOf(k);
      if (!Array.isArray(v) || key === null || anyUnknown(v)) return UNKNOWN;
      const seen: unknown[] = [];
      return v.filter((x) => {
        const kx = key(x);
        if (seen.some((s) => equals(s, kx))) return false;
        seen.push(kx);
        return true;
      });
    },
    dictsort: (v, a, k) => {
      if (!isDict(v)) return UNKNOWN;
      const by = a[1] ?? k['by'] ?? 'key';
      const fold = foldCase(a[0] ?? k['case_sensitive']);
      const pairs = Object.entries(v).map(tuple);
      const sorted = pySorted(pairs, (p) => fold(by === 'value' ? p[1] : p[0]), (a[2] ?? k['reverse']) === true);
      return sorted ?? UNKNOWN;
    },
    select: selecting(true, false),
    reject: selecting(false, false),
    selectattr: selecting(true, true),
    rejectattr: selecting(false, true),
    sum: (v, a, k) => {
      const get = attrGetter(k['attribute'] ?? a[0], getItem);
      if (!Array.isArray(v) || get === null) return UNKNOWN;
      const values = v.map(get);
      const start = k['start'] ?? a[1] ?? 0;
      // Python's sum: a float as soon as one term is.
      const terms = [start, ...values];
      const numbers = terms.map(numberOf);
      if (numbers.some((n) => n === undefined)) return UNKNOWN;
      const total = (numbers as number[]).reduce((s, n) => s + n, 0);
      if (terms.some(isFloat)) return pyFloat(total);
      return exactInt(total);
    },
    min: (v, a, k) => extreme(v, keyOf(k, a[1]), false),
    max: (v, a, k) => extreme(v, keyOf(k, a[1]), true),
    batch: (v, a) => {
      if (!Array.isArray(v) || typeof a[0] !== 'number' || a[0] < 1) return UNKNOWN;
      const size = Math.floor(a[0]);
      const out: unknown[][] = [];
      for (let i = 0; i < v.length; i += size) out.push(v.slice(i, i + size));
      const last = out[out.length - 1];
      if (a[1] !== undefined && last) while (last.length < size) last.push(a[1]);
      return out;
    },
    items: (v) => (isDict(v) ? Object.entries(v).map(tuple) : UNKNOWN),
    join: (v, a, k) => {
      const get = attrGetter(k['attribute'] ?? a[1], getItem);
      const sep = a[0] ?? k['d'] ?? '';
      if (!Array.isArray(v) || get === null || typeof sep !== 'string') return UNKNOWN;
      const parts = v.map(get);
      return anyUnknown(parts) ? UNKNOWN : parts.map(str).join(sep);
    },
  };
}

function extreme(v: unknown, key: ((x: unknown) => unknown) | null, max: boolean): unknown {
  if (!Array.isArray(v) || key === null || v.some((x) => hasUnknown(x))) return UNKNOWN;
  const sorted = pySorted(v, key, false);
  if (sorted === null || sorted.length === 0) return UNKNOWN;
  if (!max) return sorted[0];
  // Python's max: the first of the items whose key is greatest.
  const top = key(sorted[sorted.length - 1]);
  return v.find((x) => equals(key(x), top));
}
