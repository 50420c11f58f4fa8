// Filters, tests and methods of strings, lists and dicts: the small part of Jinja's and Python's library dbt models use.
import {
  Fn,
  Namespace,
  UNDEFINED,
  UNKNOWN,
  Undefined,
  Unknown,
  compare,
  equals,
  isDict,
  isOpen,
  setKey,
  str,
  truthy,
} from './values.js';
import type { CallArgs, Dict } from './values.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number';

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
  trim: (v) => str(v).trim(),
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
  join: (v, a) => (Array.isArray(v) ? v.map(str).join(isStr(a[0]) ? a[0] : '') : UNKNOWN),
  first: (v) => (Array.isArray(v) || isStr(v) ? (v[0] ?? UNDEFINED) : UNKNOWN),
  last: (v) => (Array.isArray(v) || isStr(v) ? (v[v.length - 1] ?? UNDEFINED) : UNKNOWN),
  list: (v) => (Array.isArray(v) ? [...v] : isStr(v) ? [...v] : isDict(v) ? Object.keys(v) : UNKNOWN),
  // Jinja's do_replace works on str(value): a number's digits too (`node.version | replace('.', '_')`).
  replace: (v, a) =>
    (isStr(v) || isNum(v) || typeof v === 'boolean' || v === null) && isStr(a[0]) && isStr(a[1])
      ? str(v).split(a[0]).join(a[1])
      : UNKNOWN,
  capitalize: (v) => (isStr(v) ? v.charAt(0).toUpperCase() + v.slice(1).toLowerCase() : UNKNOWN),
  title: (v) => (isStr(v) ? v.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()) : UNKNOWN),
  // Jinja's do_tojson: json.dumps with sorted keys and Python's separators, made safe for HTML.
  tojson: (v) => {
    const text = pythonJson(v);
    return text === undefined
      ? UNKNOWN
      : text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
  },
  abs: (v) => (isNum(v) ? Math.abs(v) : UNKNOWN),
  round: (v, a) => (isNum(v) ? Number(v.toFixed(isNum(a[0]) ? a[0] : 0)) : UNKNOWN),
  unique: (v) => (Array.isArray(v) ? v.filter((x, i) => v.findIndex((y) => equals(x, y)) === i) : UNKNOWN),
  reverse: (v) => (Array.isArray(v) ? [...v].reverse() : isStr(v) ? [...v].reverse().join('') : UNKNOWN),
  sort: (v) => (Array.isArray(v) && v.every((x) => isStr(x) || isNum(x)) ? [...(v as string[])].sort() : UNKNOWN),
};
FILTERS.count = FILTERS.length as Filter;
FILTERS.e = FILTERS.escape = (v) => str(v);

export function applyFilter(name: string, v: unknown, args: unknown[], kwargs: Dict): unknown {
  if (name === 'default' || name === 'd') {
    if (v instanceof Unknown) return v;
    const fallback = args[0] ?? kwargs.default_value ?? '';
    const boolean = args[1] ?? kwargs.boolean ?? false;
    return v instanceof Undefined || (boolean === true && truthy(v) === false) ? fallback : v;
  }
  if (name === 'map' && Array.isArray(v)) {
    // `map('lower')` applies a filter to each item; `map(attribute='name')` picks an attribute.
    const attribute = kwargs.attribute;
    if (typeof attribute === 'string') return v.map((x) => getAttr(x, attribute));
    const [inner, ...rest] = args;
    return typeof inner === 'string' ? v.map((x) => applyFilter(inner, x, rest, {})) : UNKNOWN;
  }
  const f = FILTERS[name];
  if (f === undefined || v instanceof Unknown || args.some((a) => a instanceof Unknown)) return UNKNOWN;
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
  lower: (v) => isStr(v) && v === v.toLowerCase(),
  upper: (v) => isStr(v) && v === v.toUpperCase(),
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

const method = (name: string, f: (args: unknown[], kwargs: Dict) => unknown): Fn =>
  new Fn(name, (a: CallArgs) => (a.args.some((x) => x instanceof Unknown) ? UNKNOWN : f(a.args, a.kwargs)));

/** Python's `str.format` for `{}`, `{0}` and `{name}` placeholders. */
function formatString(s: string, args: unknown[], kwargs: Dict): unknown {
  if (args.some((x) => x instanceof Unknown) || Object.values(kwargs).some((x) => x instanceof Unknown)) return UNKNOWN;
  let next = 0;
  let ok = true;
  const out = s.replace(/\{\{|\}\}|\{(\w*)\}/g, (m, key: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const v = key === '' || key === undefined ? args[next++] : /^\d+$/.test(key) ? args[Number(key)] : kwargs[key];
    if (v === undefined) ok = false;
    return str(v);
  });
  return ok ? out : UNKNOWN;
}

function stringMethod(s: string, name: string): Fn | Undefined {
  const arg = (a: unknown[], i: number): string | undefined => (isStr(a[i]) ? a[i] : undefined);
  switch (name) {
    case 'lower':
    case 'upper':
    case 'strip':
    case 'title':
    case 'capitalize':
      return method(name, () => applyFilter(name === 'strip' ? 'trim' : name, s, [], {}));
    case 'lstrip':
      return method(name, () => s.trimStart());
    case 'rstrip':
      return method(name, () => s.trimEnd());
    case 'split':
      return method(name, (a) => (arg(a, 0) === undefined ? s.trim().split(/\s+/) : s.split(arg(a, 0) as string)));
    case 'replace':
      return method(name, (a) => applyFilter('replace', s, a, {}));
    case 'startswith':
      return method(name, (a) => s.startsWith(arg(a, 0) ?? '\0'));
    case 'endswith':
      return method(name, (a) => s.endsWith(arg(a, 0) ?? '\0'));
    case 'join':
      return method(name, (a) => (Array.isArray(a[0]) ? a[0].map(str).join(s) : UNKNOWN));
    case 'format':
      return new Fn(name, (a) => formatString(s, a.args, a.kwargs));
    default:
      return UNDEFINED;
  }
}

function listMethod(l: unknown[], name: string): Fn | Undefined {
  switch (name) {
    case 'append':
      return new Fn(name, (a) => (l.push(a.args[0]), null));
    case 'extend':
      return new Fn(name, (a) => (Array.isArray(a.args[0]) ? l.push(...(a.args[0] as unknown[])) : 0, null));
    case 'index':
      return method(name, (a) => l.findIndex((x) => equals(x, a[0])));
    case 'count':
      return method(name, (a) => l.filter((x) => equals(x, a[0])).length);
    default:
      return UNDEFINED;
  }
}

function dictMethod(d: Dict, name: string): Fn | Undefined {
  switch (name) {
    case 'get':
      return new Fn(name, (a) => {
        const k = a.args[0];
        if (k instanceof Unknown) return UNKNOWN;
        if (isStr(k) && Object.hasOwn(d, k)) return d[k];
        return isOpen(d) ? UNKNOWN : (a.args[1] ?? null);
      });
    case 'items':
      return method(name, () => Object.entries(d));
    case 'keys':
      return method(name, () => Object.keys(d));
    case 'values':
      return method(name, () => Object.values(d));
    case 'update':
      return new Fn(name, (a) => {
        for (const src of [a.args[0], a.kwargs])
          if (isDict(src)) for (const [k, v] of Object.entries(src)) setKey(d, k, v);
        return null;
      });
    default:
      return UNDEFINED;
  }
}

/** `obj.name`: a dict key, then a method; open objects (like `target`) give Unknown for what they lack. */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Unknown || obj instanceof Undefined) return UNKNOWN;
  if (obj instanceof Fn) return Object.hasOwn(obj.attrs, name) ? obj.attrs[name] : UNKNOWN;
  if (obj instanceof Namespace) return obj.get(name);
  if (isDict(obj)) {
    if (Object.hasOwn(obj, name)) return obj[name];
    if (isOpen(obj)) return UNKNOWN;
    return dictMethod(obj, name);
  }
  if (isStr(obj)) return stringMethod(obj, name);
  if (Array.isArray(obj)) return /^\d+$/.test(name) ? (obj[Number(name)] ?? UNDEFINED) : listMethod(obj, name);
  return UNDEFINED;
}

/** `obj[index]`, falling back to attributes as Jinja does. */
export function getItem(obj: unknown, index: unknown): unknown {
  if (obj instanceof Unknown || index instanceof Unknown || obj instanceof Undefined) return UNKNOWN;
  if ((Array.isArray(obj) || isStr(obj)) && isNum(index)) {
    const v = obj[index < 0 ? obj.length + index : index];
    return v ?? UNDEFINED;
  }
  if (isDict(obj) && (isStr(index) || isNum(index))) {
    const k = String(index);
    return Object.hasOwn(obj, k) ? obj[k] : isOpen(obj) ? UNKNOWN : UNDEFINED;
  }
  if (isStr(index)) return getAttr(obj, index);
  return UNDEFINED;
}
