// Jinja's filters and tests, the part dbt models use (collection filters: collection-filters.ts; text filters:
// text-filters.ts; methods of strings, lists and dicts: methods.ts).
import {
  Fn,
  UNDEFINED,
  UNKNOWN,
  Undefined,
  Unknown,
  compare,
  equals,
  Float,
  hasUnknown,
  isDict,
  isFloat,
  isNum,
  exactInt,
  numberOf,
  numeric,
  pyFloat,
  isOpen,
  UnknownObject,
  isStr,
  str,
  truthy,
  tuple,
} from './values.js';
import type { Dict } from './values.js';
// A cycle of functions only (methods.ts calls filters): each is used when a template runs, not when loaded.
import { getItem } from './methods.js';

import { pyMod } from './python-math.js';
import { jinjaTitle, percentFormat, pythonIsLower, pythonIsUpper, replaceCall, strip } from './strings.js';
import { attrGetter, collectionFilters } from './collection-filters.js';
import { TEXT_FILTER_FUNCTIONS } from './text-filters.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;

function toInt(v: unknown, dflt: unknown, base: unknown = 10): unknown {
  // Jinja's do_int: int(value, base) of a str, int(value) of anything else, else int(float(value)), else the
  // default; an int beyond 2 ** 53 is not known here.
  const n = numeric(v);
  if (n !== undefined) return Number.isFinite(n) ? exactInt(Math.trunc(n)) : UNKNOWN;
  if (!isStr(v)) return dflt ?? 0;
  if (base !== 10) {
    // Other bases: digits of that base (2 to 36), after the base's own 0x / 0o / 0b prefix if written (in another
    // base those letters may be digits); base 0 and underscores not followed.
    if (!isNum(base) || !Number.isInteger(base) || base < 2 || base > 36) return UNKNOWN;
    const m = /^\s*([-+]?)([0-9a-z]+)\s*$/i.exec(v);
    const prefix = { 16: '0x', 8: '0o', 2: '0b' }[base as 16 | 8 | 2];
    let digits = m?.[2]?.toLowerCase();
    if (digits !== undefined && prefix !== undefined && digits.startsWith(prefix) && digits.length > 2)
      digits = digits.slice(2);
    if (m && digits && [...digits].every((c) => parseInt(c, 36) < base))
      return exactInt(Number(`${m[1]}${parseInt(digits, base)}`));
  } else if (/^\s*[-+]?\d+\s*$/.test(v)) return exactInt(Math.trunc(Number(v)));
  if (DECIMAL.test(v)) return exactInt(Math.trunc(Number(v)));
  return NOT_FOLLOWED.test(v) ? UNKNOWN : (dflt ?? 0);
}

/** Jinja's do_float: Python's float(value), or the default where float() raises. */
function toFloat(v: unknown, dflt: unknown = new Float(0)): unknown {
  const n = numeric(v);
  if (n !== undefined) return pyFloat(n);
  if (!isStr(v)) return dflt;
  if (DECIMAL.test(v)) return pyFloat(Number(v));
  return NOT_FOLLOWED.test(v) ? UNKNOWN : dflt;
}
const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
/** Text Python's int() / float() also read (`1_000`, `inf`, `nan`, digits of other scripts): not followed here. */
const NOT_FOLLOWED = /_|inf|nan|[^ -~\s]/i;

/**
 * What Jinja's first / last walk (next(iter(seq)), next(reversed(seq))): a list's items, a string's code points, a
 * dict's keys (the stage macros of data vault packages read a source-style `source_model: {name: table}` that way);
 * null when not known.
 */
function itemsOf(v: unknown): readonly unknown[] | null {
  if (Array.isArray(v)) return v;
  if (isStr(v)) return [...v];
  return isDict(v) && !isOpen(v) ? Object.keys(v) : null;
}

/**
 * Jinja's do_round: Python's round(value, precision) for `common` (an int stays an int; a float's exact ties go
 * to the even digit), else floor or ceil of the value scaled by 10 ** precision, over it: a float.
 */
function jinjaRound(v: unknown, precision: unknown, method: unknown): unknown {
  const n = numberOf(v);
  if (n === undefined || !isNum(precision) || !Number.isInteger(precision) || precision < 0) return UNKNOWN;
  if (method === 'floor' || method === 'ceil') {
    const scale = 10 ** precision;
    // math.floor / math.ceil give an int (no negative zero), divided back into a float.
    const whole = (method === 'floor' ? Math.floor : Math.ceil)(n * scale) || 0;
    return precision > 22 ? UNKNOWN : pyFloat(whole / scale);
  }
  if (method !== 'common' || !Number.isFinite(n)) return UNKNOWN;
  if (!isFloat(v) || precision > 100) return v;
  // toFixed rounds an exact tie away from zero; Python to the even digit, which the cut-off digits tell apart.
  const exact = Math.abs(n).toFixed(Math.min(precision + 30, 100));
  const point = exact.indexOf('.');
  const tie = /^50*$/.test(exact.slice(point + 1 + precision));
  const kept = exact.slice(0, precision === 0 ? point : point + 1 + precision);
  const text = tie && Number(kept.at(-1)) % 2 === 0 ? kept : Math.abs(n).toFixed(precision);
  return pyFloat(n < 0 || Object.is(n, -0) ? -Number(text) : Number(text));
}

/** `value % by == rest` for an int or float value; false for anything else (Jinja's odd / even / divisibleby). */
function numberTest(v: unknown, by: unknown, rest: number): boolean | Unknown {
  const n = numeric(v);
  const d = numeric(by);
  if (n === undefined || d === undefined) return false;
  if (d === 0) return UNKNOWN; // ZeroDivisionError
  return pyMod(n, d) === rest;
}

/**
 * Python's `json.dumps(value, sort_keys=...)`: `, ` and `: ` separators, non-ASCII escaped; undefined for what JSON
 * cannot hold.
 */
export function pythonJson(v: unknown, sortKeys = true): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || v instanceof Float) {
    const n = numberOf(v) as number;
    return Number.isFinite(n) ? str(v) : undefined;
  }
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
  int: (v, a, k) => toInt(v, a[0] ?? k['default'], a[1] ?? k['base'] ?? 10),
  float: (v, a) => toFloat(v, a[0]),
  // Python's len counts code points (an emoji is one).
  length: (v) => (isStr(v) ? [...v].length : Array.isArray(v) ? v.length : isDict(v) ? Object.keys(v).length : UNKNOWN),
  first: (v) => {
    const items = itemsOf(v);
    return items === null ? UNKNOWN : (items[0] ?? UNDEFINED);
  },
  last: (v) => {
    const items = itemsOf(v);
    return items === null ? UNKNOWN : (items[items.length - 1] ?? UNDEFINED);
  },
  list: (v) => (Array.isArray(v) ? [...v] : isStr(v) ? [...v] : isDict(v) ? Object.keys(v) : UNKNOWN),
  // Jinja's do_replace works on str(value): a number's digits too (`node.version | replace('.', '_')`).
  replace: (v, a, k) =>
    isStr(v) || numberOf(v) !== undefined || typeof v === 'boolean' || v === null ? replaceCall(str(v), a, k) : UNKNOWN,
  capitalize: (v) => (isStr(v) ? v.charAt(0).toUpperCase() + v.slice(1).toLowerCase() : UNKNOWN),
  title: (v) => (isStr(v) ? jinjaTitle(v) : UNKNOWN),
  // Jinja's do_tojson: json.dumps with sorted keys and Python's separators, made safe for HTML.
  tojson: (v) => {
    const text = pythonJson(v);
    return text === undefined
      ? UNKNOWN
      : text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
  },
  abs: (v) => {
    const n = numberOf(v);
    return n === undefined ? UNKNOWN : isFloat(v) ? pyFloat(Math.abs(n)) : Math.abs(n);
  },
  round: (v, a, k) => jinjaRound(v, k['precision'] ?? a[0] ?? 0, k['method'] ?? a[1] ?? 'common'),
  // do_format: `value % (kwargs or args)`, args as a tuple.
  format: (v, a, k) =>
    isStr(v) && !(a.length > 0 && Object.keys(k).length > 0)
      ? percentFormat(v, Object.keys(k).length > 0 ? k : tuple([...a]))
      : UNKNOWN,
  reverse: (v) => (Array.isArray(v) ? [...v].reverse() : isStr(v) ? [...v].reverse().join('') : UNKNOWN),
};
FILTERS.count = FILTERS.length as Filter;

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
  number: (v) => numberOf(v) !== undefined || typeof v === 'boolean',
  integer: (v) => isNum(v) && !isFloat(v),
  float: isFloat,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: isDict,
  // Jinja's Undefined has __len__, __getitem__, __iter__ and __call__ (they fail, but are there).
  sequence: (v) => Array.isArray(v) || isStr(v) || isDict(v) || v instanceof Undefined,
  iterable: (v) => Array.isArray(v) || isStr(v) || isDict(v) || v instanceof Undefined,
  callable: (v) => v instanceof Fn || v instanceof Undefined,
  sameas: (v, a) => v === a[0],
  eq: (v, a) => equals(v, a[0]),
  in: (v, a) => compare('in', v, a[0]),
  ne: (v, a) => compare('!=', v, a[0]),
  lt: (v, a) => compare('<', v, a[0]),
  le: (v, a) => compare('<=', v, a[0]),
  gt: (v, a) => compare('>', v, a[0]),
  ge: (v, a) => compare('>=', v, a[0]),
  // Jinja's `value % 2 == 1`, `value % 2 == 0`, `value % num == 0`, on ints and floats alike.
  odd: (v) => numberTest(v, 2, 1),
  even: (v) => numberTest(v, 2, 0),
  divisibleby: (v, a) => numberTest(v, a[0], 0),
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
  // An object known to be there (a Relation from ref(), source() or `this`; a truthy value): defined, not none.
  if (v instanceof UnknownObject && (name === 'defined' || name === 'undefined' || name === 'none'))
    return name === 'defined';
  if (t === undefined || v instanceof Unknown || args.some((a) => a instanceof Unknown)) return UNKNOWN;
  return t(v, args);
}
Object.assign(FILTERS, collectionFilters(applyTest, getItem), TEXT_FILTER_FUNCTIONS);
