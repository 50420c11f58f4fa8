// Jinja's filters over lists and dicts (jinja2/filters.py): sort, unique, dictsort, select/reject and their
// `attr` forms, sum, min, max, batch, items, join. Strings compare without case unless `case_sensitive=true`, as in
// Jinja; what they cannot order or test at parse time is Unknown, never a guess.
import { UNKNOWN, Undefined, Unknown, equals, isDict, namedTuple, pySorted, str, truthy, tuple } from './values.js';
import type { Dict } from './values.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;
type TestFn = (name: string, v: unknown, args: unknown[]) => boolean | Unknown;
type AttrFn = (obj: unknown, name: string) => unknown;

/** Jinja's make_attrgetter: `a.b` or `a.0` paths; `fallback` (its `default`) stands for an Undefined result. */
export function attrGetter(path: unknown, getAttr: AttrFn, fallback?: unknown): ((x: unknown) => unknown) | null {
  if (path === undefined || path === null) return (x) => x;
  if (typeof path !== 'string' && typeof path !== 'number') return null;
  const parts = String(path).split('.');
  const get = (x: unknown) =>
    parts.reduce((o, p) => (/^\d+$/.test(p) && Array.isArray(o) ? o[Number(p)] : getAttr(o, p)), x);
  if (fallback === undefined || fallback === null) return get;
  return (x) => {
    const value = get(x);
    return value instanceof Undefined ? fallback : value;
  };
}

/** Jinja's ignore_case: lower-cased strings, anything else as it is. */
const foldCase = (caseSensitive: unknown) => (x: unknown) =>
  caseSensitive !== true && typeof x === 'string' ? x.toLowerCase() : x;

export function collectionFilters(applyTest: TestFn, getAttr: AttrFn): Record<string, Filter> {
  const keyOf = (kwargs: Dict, arg?: unknown) => {
    const get = attrGetter(kwargs['attribute'] ?? arg, getAttr);
    const fold = foldCase(kwargs['case_sensitive']);
    return get && ((x: unknown) => fold(get(x)));
  };
  const anyUnknown = (xs: unknown[]) => xs.some((x) => x instanceof Unknown);
  /** select / reject (and their attr forms): items whose test (truthiness by default) passes, or fails. */
  const selecting =
    (keep: boolean, byAttribute: boolean): Filter =>
    (v, args) => {
      if (!Array.isArray(v)) return UNKNOWN;
      const [first, ...rest] = args;
      const get = byAttribute ? attrGetter(first, getAttr) : (x: unknown) => x;
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
    // groupby(attribute, default=None, case_sensitive=False): (grouper, list) pairs, sorted by the key; without case,
    // each grouper is the first item's own value.
    groupby: (v, a, k) => {
      const path = a[0] ?? k['attribute'];
      const get = attrGetter(path, getAttr, a[1] ?? k['default']);
      const caseSensitive = (a[2] ?? k['case_sensitive']) === true;
      if (!Array.isArray(v) || get === null || anyUnknown(v)) return UNKNOWN;
      const key = (x: unknown) => foldCase(caseSensitive)(get(x));
      const sorted = pySorted(v, key);
      if (sorted === null || sorted.some((x) => get(x) instanceof Unknown)) return UNKNOWN;
      const groups: unknown[][] = [];
      let members: unknown[] = [];
      let lastKey: unknown;
      for (const item of sorted) {
        const k = key(item);
        if (groups.length > 0 && equals(lastKey, k)) {
          members.push(item);
          continue;
        }
        members = [item];
        lastKey = k;
        groups.push(namedTuple([get(item), members], ['grouper', 'list']));
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
      const get = attrGetter(k['attribute'] ?? a[0], getAttr);
      if (!Array.isArray(v) || get === null) return UNKNOWN;
      const values = v.map(get);
      const start = k['start'] ?? a[1] ?? 0;
      return values.every((x) => typeof x === 'number') && typeof start === 'number'
        ? values.reduce((s: number, x) => s + (x as number), start)
        : UNKNOWN;
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
      const get = attrGetter(k['attribute'] ?? a[1], getAttr);
      const sep = a[0] ?? k['d'] ?? '';
      if (!Array.isArray(v) || get === null || typeof sep !== 'string') return UNKNOWN;
      const parts = v.map(get);
      return anyUnknown(parts) ? UNKNOWN : parts.map(str).join(sep);
    },
  };
}

function extreme(v: unknown, key: ((x: unknown) => unknown) | null, max: boolean): unknown {
  if (!Array.isArray(v) || key === null || v.some((x) => x instanceof Unknown)) return UNKNOWN;
  const sorted = pySorted(v, key, false);
  if (sorted === null || sorted.length === 0) return UNKNOWN;
  if (!max) return sorted[0];
  // Python's max: the first of the items whose key is greatest.
  const top = key(sorted[sorted.length - 1]);
  return v.find((x) => equals(key(x), top));
}
