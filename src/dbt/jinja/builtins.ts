// Jinja's filters and tests, the part dbt models use (collection filters: collection-filters.ts; methods of strings,
// lists and dicts: methods.ts).
import {
  Fn,
  UNDEFINED,
  UNKNOWN,
  Undefined,
  Unknown,
  compare,
  equals,
  hasUnknown,
  isDict,
  isNum,
  isOpen,
  isStr,
  str,
  truthy,
  tuple,
} from './values.js';
import type { Dict } from './values.js';
// A cycle of functions only (methods.ts calls filters): each is used when a template runs, not when loaded.
import { getItem } from './methods.js';

import { jinjaTitle, percentFormat, pythonIsLower, pythonIsUpper, strip } from './strings.js';
import { attrGetter, collectionFilters } from './collection-filters.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;

function toInt(v: unknown, dflt: unknown): unknown {
  if (isNum(v)) return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isStr(v) && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
  return dflt ?? 0;
}

/**
 * Python's `json.dumps(value, sort_keys=...)`: `, ` and `: ` separators, non-ASCII escaped; undefined for what JSON
 * cannot hold.
 */
export function pythonJson(v: unknown, sortKeys = true): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'string')
    return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) {
    const items = v.map((item) => pythonJson(item, sortKeys));
    return items.some((item) => item === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (isDict(v)) {
    const parts: string[] = [];
    for (const key of sortKeys ? Object.keys(v).sort() : Object.keys(v)) {
      const value = pythonJson(v[key], sortKeys);
      if (value === undefined) return undefined;
      parts.push(`${pythonJson(key) as string}: ${value}`);
    }
    return `{${parts.join(', ')}}`;
  }
  return undefined;
}

/** Filters that see Unknown inputs are Unknown, except `default`, which only replaces Undefined. */
const FILTERS: Record<string, Filter> = {
  lower: (v) => (isStr(v) ? v.toLowerCase() : str(v).toLowerCase()),
  upper: (v) => (isStr(v) ? v.toUpperCase() : str(v).toUpperCase()),
  // Jinja's do_trim: str.strip, of the characters given or whitespace.
  trim: (v, a) => strip(str(v), a[0], true, true),
  string: (v) => str(v),
  // dbt's TEXT_FILTERS: identities (a YAML value made of one marked expression is read natively: native.ts).
  as_text: (v) => v,
  as_native: (v) => v,
  as_bool: (v) => v,
  as_number: (v) => v,
  is_list: (v) => Array.isArray(v),
  int: (v, a) => toInt(v, a[0]),
  float: (v, a) => (isNum(v) ? v : isStr(v) && v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : (a[0] ?? 0)),
  length: (v) => (isStr(v) || Array.isArray(v) ? v.length : isDict(v) ? Object.keys(v).length : UNKNOWN),
  first: (v) => (Array.isArray(v) || isStr(v) ? (v[0] ?? UNDEFINED) : UNKNOWN),
  last: (v) => (Array.isArray(v) || isStr(v) ? (v[v.length - 1] ?? UNDEFINED) : UNKNOWN),
  list: (v) => (Array.isArray(v) ? [...v] : isStr(v) ? [...v] : isDict(v) ? Object.keys(v) : UNKNOWN),
  // Jinja's do_replace works on str(value): a number's digits too (`node.version | replace('.', '_')`).
  replace: (v, a) =>
    (isStr(v) || isNum(v) || typeof v === 'boolean' || v === null) && isStr(a[0]) && isStr(a[1])
      ? str(v).split(a[0]).join(a[1])
      : UNKNOWN,
  capitalize: (v) => (isStr(v) ? v.charAt(0).toUpperCase() + v.slice(1).toLowerCase() : UNKNOWN),
  title: (v) => (isStr(v) ? jinjaTitle(v) : UNKNOWN),
  // Jinja's do_tojson: json.dumps with sorted keys and Python's separators, made safe for HTML.
  tojson: (v) => {
    const text = pythonJson(v);
    return text === undefined
      ? UNKNOWN
      : text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
  },
  abs: (v) => (isNum(v) ? Math.abs(v) : UNKNOWN),
  round: (v, a) => (isNum(v) ? Number(v.toFixed(isNum(a[0]) ? a[0] : 0)) : UNKNOWN),
  // do_format: `value % (kwargs or args)`, args as a tuple.
  format: (v, a, k) =>
    isStr(v) && !(a.length > 0 && Object.keys(k).length > 0)
      ? percentFormat(v, Object.keys(k).length > 0 ? k : tuple([...a]))
      : UNKNOWN,
  reverse: (v) => (Array.isArray(v) ? [...v].reverse() : isStr(v) ? [...v].reverse().join('') : UNKNOWN),
};
FILTERS.count = FILTERS.length as Filter;
FILTERS.e = FILTERS.escape = (v) => str(v);

const TEXT_FILTERS = new Set([
  'string',
  'trim',
  'upper',
  'lower',
  'e',
  'escape',
  'capitalize',
  'title',
  'replace',
  'format',
  'tojson',
  'center',
  'indent',
  'truncate',
  'wordcount',
  'urlencode',
  'striptags',
  'pprint',
  'safe',
  'forceescape',
]);

export function applyFilter(name: string, v: unknown, args: unknown[], kwargs: Dict): unknown {
  if (name === 'default' || name === 'd') {
    if (v instanceof Unknown) return v;
    const fallback = args[0] ?? kwargs.default_value ?? '';
    const boolean = args[1] ?? kwargs.boolean ?? false;
    return v instanceof Undefined || (boolean === true && truthy(v) === false) ? fallback : v;
  }
  if (name === 'map' && Array.isArray(v)) {
    if (isOpen(v)) return UNKNOWN;
    // `map('lower')` applies a filter to each item; `map(attribute='name')` picks an attribute.
    if (kwargs.attribute !== undefined) {
      const get = attrGetter(kwargs.attribute, getItem, kwargs.default);
      return get === null ? UNKNOWN : v.map(get);
    }
    const [inner, ...rest] = args;
    return typeof inner === 'string' ? v.map((x) => applyFilter(inner, x, rest, {})) : UNKNOWN;
  }
  const f = FILTERS[name];
  if (f === undefined || v instanceof Unknown || args.some((a) => a instanceof Unknown)) return UNKNOWN;
  // A filter that writes its value as text has none for a value holding something not known (or open).
  if (TEXT_FILTERS.has(name) && (hasUnknown(v) || args.some((a) => hasUnknown(a)))) return UNKNOWN;
  // A list or dict whose items are not known (methods.ts, `target`): its length, items and text are not known either.
  if ((Array.isArray(v) || isDict(v)) && isOpen(v)) return UNKNOWN;
  if (v instanceof Undefined && name !== 'string' && name !== 'length') return UNKNOWN;
  return f(v, args, kwargs);
}

type Test = (v: unknown, args: unknown[]) => boolean | Unknown;
const TESTS: Record<string, Test> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  string: isStr,
  // Jinja's test_number is isinstance(value, Number): a bool is one (test_integer leaves bools out).
  number: (v) => isNum(v) || typeof v === 'boolean',
  integer: (v) => isNum(v) && Number.isInteger(v),
  float: (v) => isNum(v) && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: isDict,
  sequence: (v) => Array.isArray(v) || isStr(v) || isDict(v),
  iterable: (v) => Array.isArray(v) || isStr(v) || isDict(v),
  callable: (v) => v instanceof Fn,
  sameas: (v, a) => v === a[0],
  eq: (v, a) => equals(v, a[0]),
  in: (v, a) => compare('in', v, a[0]),
  ne: (v, a) => compare('!=', v, a[0]),
  lt: (v, a) => compare('<', v, a[0]),
  le: (v, a) => compare('<=', v, a[0]),
  gt: (v, a) => compare('>', v, a[0]),
  ge: (v, a) => compare('>=', v, a[0]),
  odd: (v) => isNum(v) && Math.abs(v % 2) === 1,
  even: (v) => isNum(v) && v % 2 === 0,
  divisibleby: (v, a) => isNum(v) && isNum(a[0]) && a[0] !== 0 && v % a[0] === 0,
  // Jinja's test_lower / test_upper: str(value).islower() / isupper(), which need a cased character.
  lower: (v) => (hasUnknown(v) ? UNKNOWN : pythonIsLower(str(v))),
  upper: (v) => (hasUnknown(v) ? UNKNOWN : pythonIsUpper(str(v))),
};
// Jinja's aliases of its comparison tests.
for (const [alias, name] of [
  ['equalto', 'eq'],
  ['==', 'eq'],
  ['!=', 'ne'],
  ['<', 'lt'],
  ['lessthan', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['greaterthan', 'gt'],
  ['>=', 'ge'],
] as const)
  TESTS[alias] = TESTS[name] as Test;

export function applyTest(name: string, v: unknown, args: unknown[]): boolean | Unknown {
  const t = TESTS[name];
  if (t === undefined || v instanceof Unknown || args.some((a) => a instanceof Unknown)) return UNKNOWN;
  return t(v, args);
}
Object.assign(FILTERS, collectionFilters(applyTest, getItem));
