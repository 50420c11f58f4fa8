// Runtime values of the evaluator: the Unknown/Undefined markers, callables, and Python-like semantics.

/** A value that parse-time Jinja cannot know (a macro result, `this`, `run_query`...). Poisons what it touches. */
export class Unknown {
  private readonly brand = 'unknown';
}
export const UNKNOWN = new Unknown();

/** An object parse time knows exists but not what it renders as (a Relation from ref() or source()): truthy. */
export class UnknownObject extends Unknown {}
export const RELATION = new UnknownObject();

/** A value known only to be falsy (`x and false`, x not known: x itself when falsy, else false). */
export class FalsyUnknown extends Unknown {}
export const FALSY_UNKNOWN = new FalsyUnknown();

/** Jinja's Undefined: a missing key of a known mapping. Renders as '' and fails `is defined`. */
/** A string holding a UTF-16 surrogate: an astral character, one code point in Python, two units here. */
export const ASTRAL = /[\uD800-\uDFFF]/;

export class Undefined {
  private readonly brand = 'undefined';
}
export const UNDEFINED = new Undefined();

import type { Host } from './host.js';
import { Float, pythonFloat, pythonStringRepr } from '../python-text.js';

export interface CallArgs {
  args: unknown[];
  kwargs: Record<string, unknown>;
  line: number;
  /** Source text of the call, for messages. */
  text: string;
}

/** Something callable: a builtin, a bound method or a macro defined in the template. */
export class Fn {
  constructor(
    readonly name: string,
    readonly call: (a: CallArgs, host: Host) => unknown,
    readonly attrs: Record<string, unknown> = {},
  ) {}
}

/** A package's macros as `pkg.name` reaches them: looked up by attribute, linked only when used. */
export class Namespace {
  constructor(
    readonly name: string,
    readonly get: (attr: string) => unknown,
  ) {}
}

/**
 * Objects whose missing keys are Unknown rather than Undefined (e.g. `target`, whose profile we only partly know),
 * and lists whose items are not known (a method not followed may have changed them).
 */
const openObjects = new WeakSet<object>();
export function markOpen<T extends object>(o: T): T {
  openObjects.add(o);
  return o;
}
export function isOpen(o: object): boolean {
  return openObjects.has(o);
}

/** Python tuples: lists to the evaluator, but they print as `(a, b)` and never equal a list. */
const tuples = new WeakSet<unknown[]>();
export function tuple<T>(items: T[]): T[] {
  tuples.add(items);
  return items;
}
export const isTuple = (v: unknown[]): boolean => tuples.has(v);

/** Named tuples (groupby's `(grouper, list)`): tuples whose items are also attributes. */
const tupleFields = new WeakMap<unknown[], readonly string[]>();
export function namedTuple<T>(items: T[], fields: readonly string[]): T[] {
  tupleFields.set(items, fields);
  return tuple(items);
}
/** A named tuple's item of that name; undefined for any other list or name. */
export function tupleField(v: unknown[], name: string): unknown {
  const i = tupleFields.get(v)?.indexOf(name) ?? -1;
  return i === -1 ? undefined : v[i];
}

export { Float, pyFloat } from '../python-text.js';

/** An int or float's value (not a bool's); undefined for anything else. */
export const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v instanceof Float ? v.value : undefined;

/** The number a bool, int or float is to Python's arithmetic and comparisons; undefined for anything else. */
export const numeric = (v: unknown): number | undefined => (typeof v === 'boolean' ? Number(v) : numberOf(v));

/** A Python int, exact at any size: one beyond 2 ** 53 a JavaScript number cannot hold is not known; no -0. */
export const exactInt = (n: number): number | Unknown => (Number.isSafeInteger(n) ? n || 0 : UNKNOWN);

/** True for a Python float (a whole Float, or a number with a fraction, inf or nan). */
export const isFloat = (v: unknown): boolean => v instanceof Float || (typeof v === 'number' && !Number.isInteger(v));

export type Dict = Record<string, unknown>;

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isNum = (v: unknown): v is number => typeof v === 'number';

export function isDict(v: unknown): v is Dict {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function setKey(d: Dict, k: string, v: unknown): void {
  // A plain assignment to `__proto__` would change the prototype instead of adding a key.
  if (k === '__proto__')
    Object.defineProperty(d, k, { value: v, enumerable: true, writable: true, configurable: true });
  else d[k] = v;
}

/** True when the value or anything nested in it is Unknown (or open: not known as a whole). */
export function hasUnknown(v: unknown, depth = 0): boolean {
  if (v instanceof Unknown || v instanceof Fn || v instanceof Namespace) return true;
  if (depth > 50) return true;
  // An open list or dict (`target`, a list a call not followed may have changed) is not known as a whole.
  if (Array.isArray(v)) return isOpen(v) || v.some((x) => hasUnknown(x, depth + 1));
  if (isDict(v)) return isOpen(v) || Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}

/** Python truthiness; Unknown stays Unknown. */
export function truthy(v: unknown): boolean | Unknown {
  if (v instanceof Unknown) return v instanceof UnknownObject ? true : v instanceof FalsyUnknown ? false : v;
  if (v === null || v === undefined || v instanceof Undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof Float) return v.value !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return isOpen(v) ? UNKNOWN : v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python `repr`, as Jinja shows a value nested in a list or dict. */
export function repr(v: unknown): string {
  if (typeof v === 'string') return pythonStringRepr(v);
  return str(v);
}

/** A date's isoformat: YAML timestamps carry Python's (date, naive or aware datetime); any other Date is UTC. */
function isoformat(d: Date): string {
  const own = (d as { isoformat?: unknown }).isoformat;
  return typeof own === 'function' ? String(own.call(d)) : d.toISOString();
}

/** A YAML timestamp's kind (`date`, `naive`, `aware`), or undefined for any other Date. */
function kindOf(d: Date): unknown {
  return (d as { kind?: unknown }).kind;
}

/** Python `str`, as `{{ value }}` renders it. Callers check for Unknown first. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v instanceof Undefined) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  // A float as Python's repr writes it (`5.0`, `1e-05`); an int's digits.
  if (typeof v === 'number')
    return Number.isInteger(v) ? (Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString()) : pythonFloat(v);
  if (v instanceof Float) return pythonFloat(v.value);
  // A YAML date or datetime (a var, a meta value): Python's str() is isoformat() with a space before the time.
  if (v instanceof Date) return isoformat(v).replace('T', ' ');
  if (Array.isArray(v)) {
    if (!isTuple(v)) return `[${v.map(repr).join(', ')}]`;
    return v.length === 1 ? `(${repr(v[0])},)` : `(${v.map(repr).join(', ')})`;
  }
  if (isDict(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${pythonStringRepr(k)}: ${repr(x)}`)
      .join(', ')}}`;
  }
  if (v instanceof Fn) return `<function ${v.name}>`;
  return '';
}

/** Python `==` on plain values (1 == 1.0, deep on lists and dicts). */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Python's bool is an int (True == 1, False == 0), and 1 == 1.0.
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) return x === y;
  if (a === undefined || b === undefined) return a === b;
  // Dates from YAML: equal when they are the same date or datetime (their isoformat says both what and when).
  if (a instanceof Date || b instanceof Date) {
    if (!(a instanceof Date && b instanceof Date)) return false;
    // Two aware datetimes are equal at the same instant, whatever their offsets (Python); else same value.
    if (kindOf(a) === 'aware' && kindOf(b) === 'aware') return a.getTime() === b.getTime();
    return isoformat(a) === isoformat(b);
  }
  if (Array.isArray(a) && Array.isArray(b))
    return isTuple(a) === isTuple(b) && a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equals(a[k], b[k]));
  }
  return false;
}

/**
 * Python's `<` ordering of two plain values (negative, 0, positive): numbers and bools, strings, and lists or
 * tuples item by item; null where Python refuses to compare (a list and a tuple, a string and a number, None...).
 */
export function pyOrder(a: unknown, b: unknown): number | null {
  if (hasUnknown(a) || hasUnknown(b)) return null;
  const x = numeric(a) ?? a;
  const y = numeric(b) ?? b;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'string' && typeof y === 'string') return codePointOrder(x, y);
  if (Array.isArray(x) && Array.isArray(y) && isTuple(x) === isTuple(y)) {
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) if (!equals(x[i], y[i])) return pyOrder(x[i], y[i]);
    return x.length - y.length;
  }
  return null;
}

/** Python's str order, by code points (JavaScript's `<` compares UTF-16 units: astral characters sort apart). */
function codePointOrder(x: string, y: string): number {
  if (!SURROGATE.test(x) && !SURROGATE.test(y)) return x < y ? -1 : x > y ? 1 : 0;
  const a = Array.from(x, (c) => c.codePointAt(0)!);
  const b = Array.from(y, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
const SURROGATE = /[\ud800-\udfff]/;

/** Python's sorted(items, key=key, reverse=reverse): stable either way; null where Python would refuse. */
export function pySorted<T>(items: T[], key: (x: T) => unknown = (x) => x, reverse = false): T[] | null {
  const keyed = items.map((item) => ({ item, k: key(item) }));
  let refused = false;
  keyed.sort((p, q) => {
    const order = pyOrder(p.k, q.k);
    if (order === null) refused = true;
    return (order ?? 0) * (reverse ? -1 : 1);
  });
  return refused ? null : keyed.map((p) => p.item);
}

/** Copies a value to plain JS data (lists and dicts), for handing config values to the compiler. */
export function toPlain(v: unknown): unknown {
  if (v instanceof Undefined) return null;
  if (v instanceof Float) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (isDict(v)) {
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, toPlain(x));
    return out;
  }
  return v;
}

/**
 * Whether a dict holds a key that is a number (or bool, or something else that is not text): a dict's keys are held
 * as text, so one written like the number's (`'1'` for 1 or 1.0, `'True'` for 1) may be that number or a str, which
 * Python tells apart; false when no key could be it.
 */
export function numberKeyIn(d: Dict, key: unknown): boolean | Unknown {
  const n = numeric(key);
  if (n === undefined && key !== null) return UNKNOWN;
  // A YAML mapping's keys are its words as written: `true` / `yes` / `on` are True to PyYAML, `~` / `null` None.
  const texts =
    n === undefined
      ? ['None', ...NULL_WORDS]
      : [String(n), pythonFloat(n), ...(n === 1 ? ['True', ...TRUE_WORDS] : n === 0 ? ['False', ...FALSE_WORDS] : [])];
  return texts.some((text) => Object.hasOwn(d, text)) ? UNKNOWN : false;
}
const TRUE_WORDS = 'yes|Yes|YES|true|True|TRUE|on|On|ON'.split('|');
const FALSE_WORDS = 'no|No|NO|false|False|FALSE|off|Off|OFF'.split('|');
const NULL_WORDS = ['~', 'null', 'Null', 'NULL', ''];

/** Python comparison operators on plain values (`in` / `notin` too); Unknown when parse time cannot say. */
export function compare(op: string, l: unknown, r: unknown): boolean | Unknown {
  if (l instanceof Unknown || r instanceof Unknown) return UNKNOWN;
  switch (op) {
    case '==':
    case '!=':
      // Two values holding something not known are not known to be equal (nor different).
      if (hasUnknown(l) || hasUnknown(r)) return UNKNOWN;
      return equals(l, r) === (op === '==');
    case 'in':
    case 'notin': {
      let found: boolean | Unknown;
      if (hasUnknown(l)) found = UNKNOWN;
      // What an open list holds is not known: an item seen in it may have gone.
      else if (Array.isArray(r))
        found = isOpen(r)
          ? UNKNOWN
          : r.some((x) => !hasUnknown(x) && equals(x, l))
            ? true
            : hasUnknown(r)
              ? UNKNOWN
              : false;
      else if (typeof r === 'string') found = typeof l === 'string' ? r.includes(l) : UNKNOWN;
      // Jinja's Undefined iterates as empty: nothing is in it (`'x' not in node.missing_field` is true).
      else if (r instanceof Undefined) found = false;
      // An open dict's keys are there unless a change not followed may have removed them (their values forgotten).
      else if (isDict(r))
        found =
          typeof l === 'string' && Object.hasOwn(r, l) && !(isOpen(r) && r[l] instanceof Unknown)
            ? true
            : isOpen(r)
              ? UNKNOWN
              : typeof l === 'string'
                ? false
                : numberKeyIn(r, l);
      else found = UNKNOWN;
      return op === 'in' || found instanceof Unknown ? found : !found;
    }
  }
  // Numbers (bools among them), strings, and lists or tuples item by item; what is open or not known is Unknown.
  const order = pyOrder(l, r);
  if (order === null) return UNKNOWN;
  return op === '<' ? order < 0 : op === '>' ? order > 0 : op === '<=' ? order <= 0 : order >= 0;
}
