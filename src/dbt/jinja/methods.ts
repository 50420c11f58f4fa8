// Attributes and methods of strings, lists and dicts, as Python's: what `x.split('_')`, `l.append(y)` or
// `d.get('k')` give while dbt parses. A method of a list or dict that is not here leaves the object's contents
// unknown (it may have changed them), never as it was: a silent wrong value would be a silent wrong edge.
import { applyFilter } from './builtins.js';
import {
  affix,
  formatString,
  padded,
  pythonIsLower,
  pythonIsUpper,
  pythonTitle,
  replaceCall,
  split,
  strip,
} from './strings.js';
import {
  ASTRAL,
  Fn,
  Namespace,
  UNDEFINED,
  UNKNOWN,
  Undefined,
  Unknown,
  equals,
  Float,
  isDict,
  isNum,
  isOpen,
  isStr,
  markOpen,
  numberKeyIn,
  pySorted,
  setKey,
  tuple,
  tupleField,
} from './values.js';
import type { CallArgs, Dict } from './values.js';

const unknownIn = (a: CallArgs) =>
  a.args.some((x) => x instanceof Unknown) || Object.values(a.kwargs).some((x) => x instanceof Unknown);

const method = (name: string, f: (args: unknown[], kwargs: Dict) => unknown): Fn =>
  new Fn(name, (a: CallArgs) => (unknownIn(a) ? UNKNOWN : f(a.args, a.kwargs)));

function stringMethod(s: string, name: string): Fn | Undefined {
  switch (name) {
    case 'lower':
    case 'upper':
    case 'capitalize':
      return method(name, () => applyFilter(name, s, [], {}));
    case 'title':
      return method(name, () => pythonTitle(s));
    case 'strip':
      return method(name, (a) => strip(s, a[0], true, true));
    case 'lstrip':
      return method(name, (a) => strip(s, a[0], true, false));
    case 'rstrip':
      return method(name, (a) => strip(s, a[0], false, true));
    case 'split':
    case 'rsplit':
      return method(name, (a, k) => split(s, a[0] ?? k['sep'], a[1] ?? k['maxsplit'], name === 'rsplit'));
    case 'replace':
      return method(name, (a, k) => replaceCall(s, a, k));
    case 'startswith':
    case 'endswith':
      return method(name, (a) => affix(s, a[0], a[1], a[2], name === 'startswith'));
    case 'removeprefix':
      return method(name, (a) => (isStr(a[0]) ? (s.startsWith(a[0]) ? s.slice(a[0].length) : s) : UNKNOWN));
    case 'removesuffix':
      return method(name, (a) =>
        isStr(a[0]) ? (a[0] !== '' && s.endsWith(a[0]) ? s.slice(0, -a[0].length) : s) : UNKNOWN,
      );
    // With start/end bounds: not followed (Unknown, not a wrong index).
    case 'find':
      return method(name, (a) => (isStr(a[0]) && a.length === 1 ? s.indexOf(a[0]) : UNKNOWN));
    case 'rfind':
      return method(name, (a) => (isStr(a[0]) && a.length === 1 ? s.lastIndexOf(a[0]) : UNKNOWN));
    case 'count':
      return method(name, (a) => (isStr(a[0]) && a[0] !== '' && a.length === 1 ? s.split(a[0]).length - 1 : UNKNOWN));
    case 'isdigit':
      return method(name, () => /^[0-9]+$/.test(s));
    case 'isalpha':
      return method(name, () => /^\p{L}+$/u.test(s));
    case 'isalnum':
      return method(name, () => /^[\p{L}0-9]+$/u.test(s));
    case 'islower':
      return method(name, () => pythonIsLower(s));
    case 'isupper':
      return method(name, () => pythonIsUpper(s));
    case 'zfill':
      return method(name, (a) =>
        isNum(a[0]) ? (/^[-+]/.test(s) ? s[0]! + s.slice(1).padStart(a[0] - 1, '0') : s.padStart(a[0], '0')) : UNKNOWN,
      );
    case 'center':
    case 'ljust':
    case 'rjust':
      return method(name, (a) => padded(s, name, a[0], a[1] ?? ' '));
    case 'partition':
    case 'rpartition':
      return method(name, (a) => {
        if (!isStr(a[0]) || a[0] === '') return UNKNOWN; // Python: ValueError for an empty separator
        const at = name === 'partition' ? s.indexOf(a[0]) : s.lastIndexOf(a[0]);
        if (at === -1) return tuple(name === 'partition' ? [s, '', ''] : ['', '', s]);
        return tuple([s.slice(0, at), a[0], s.slice(at + a[0].length)]);
      });
    case 'casefold':
    case 'swapcase':
      // ASCII only: Unicode case folding (ß -> ss) and swapping are Python's own.
      return method(name, () =>
        /[^\x20-\x7e\t\n\r]/.test(s)
          ? UNKNOWN
          : name === 'casefold'
            ? s.toLowerCase()
            : [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(''),
      );
    case 'join':
      return method(name, (a) => (Array.isArray(a[0]) && a[0].every(isStr) ? a[0].join(s) : UNKNOWN));
    case 'format':
      return new Fn(name, (a) => (unknownIn(a) ? UNKNOWN : formatString(s, a.args, a.kwargs)));
    default:
      return UNDEFINED;
  }
}

/** The list's items are no longer known (a call not followed here may have changed them): it is open. */
function unknownContents(l: unknown[]): Unknown {
  markOpen(l);
  return UNKNOWN;
}

function listMethod(l: unknown[], name: string): Fn | Undefined {
  // An argument not known leaves the list open: it may have changed it anywhere.
  // Changed where it may not run at all (an undecidable `if`), the list is not known afterwards either.
  const mutating = (f: (args: unknown[], kwargs: Dict) => unknown) =>
    new Fn(name, (a: CallArgs, host) =>
      unknownIn(a) || isOpen(l) || host.uncertain ? unknownContents(l) : f(a.args, a.kwargs),
    );
  // What an open list holds is not known.
  const reading = (f: (args: unknown[], kwargs: Dict) => unknown) =>
    method(name, (args, kwargs) => (isOpen(l) ? UNKNOWN : f(args, kwargs)));
  switch (name) {
    case 'append':
      // An item not known is added as such: where the others are stays known.
      return new Fn(name, (a, host) => (host.uncertain ? unknownContents(l) : (l.push(a.args[0]), null)));
    case 'extend':
      return mutating((a) =>
        Array.isArray(a[0]) && !isOpen(a[0]) ? (l.push(...(a[0] as unknown[])), null) : unknownContents(l),
      );
    case 'insert':
      return new Fn(name, (a, host) => {
        const [at0, item] = a.args;
        if (!isNum(at0) || isOpen(l) || host.uncertain) return unknownContents(l);
        const at = at0 < 0 ? Math.max(l.length + at0, 0) : Math.min(at0, l.length);
        l.splice(at, 0, item);
        return null;
      });
    case 'pop':
      return mutating((a) => {
        if (l.length === 0 || (a[0] !== undefined && !isNum(a[0]))) return unknownContents(l);
        const at = a[0] === undefined ? l.length - 1 : a[0] < 0 ? l.length + a[0] : a[0];
        return at >= 0 && at < l.length ? l.splice(at, 1)[0] : unknownContents(l);
      });
    case 'remove':
      return mutating((a) => {
        const at = l.findIndex((x) => equals(x, a[0]));
        return at < 0 ? unknownContents(l) : (l.splice(at, 1), null);
      });
    case 'clear':
      return mutating(() => (l.splice(0, l.length), null));
    case 'reverse':
      return mutating(() => (l.reverse(), null));
    case 'sort':
      // Its arguments are keyword-only: a positional one is Python's TypeError.
      return mutating((args, k) => {
        if (args.length > 0) return unknownContents(l);
        const sorted = pySorted(l, undefined, k['reverse'] === true);
        return sorted === null ? unknownContents(l) : (l.splice(0, l.length, ...sorted), null);
      });
    case 'copy':
      return reading(() => [...l]);
    case 'index':
      return reading((a) => {
        const at = l.findIndex((x) => equals(x, a[0]));
        return at < 0 ? UNKNOWN : at;
      });
    case 'count':
      return reading((a) => l.filter((x) => equals(x, a[0])).length);
    default:
      return UNDEFINED; // a list has no other attribute
  }
}

/** A change not followed may have replaced any value or removed any key: what the dict holds is not known. */
function forgetValues(d: Dict): Unknown {
  for (const k of Object.keys(d)) setKey(d, k, UNKNOWN);
  markOpen(d);
  return UNKNOWN;
}

function dictMethod(d: Dict, name: string): Fn | Undefined {
  const key = (k: unknown): string | null => (isStr(k) ? k : isNum(k) ? String(k) : null);
  switch (name) {
    case 'get':
      return new Fn(name, (a) => {
        const k = a.args[0];
        if (k instanceof Unknown) return UNKNOWN;
        if (isStr(k) && Object.hasOwn(d, k)) return d[k];
        if (isOpen(d) || (!isStr(k) && numberKeyIn(d, k) instanceof Unknown)) return UNKNOWN;
        return a.args[1] ?? null;
      });
    case 'items':
      return method(name, () => Object.entries(d).map(tuple));
    case 'keys':
      return method(name, () => Object.keys(d));
    case 'values':
      return method(name, () => Object.values(d));
    case 'copy':
      return method(name, () => ({ ...d }));
    case 'update':
      return new Fn(name, (a, host) => {
        const src = a.args[0];
        // An open source (`target`) may set keys beyond those known: any of this dict's values may change.
        if (unknownIn(a) || (src !== undefined && !isDict(src)) || (isDict(src) && isOpen(src))) return forgetValues(d);
        // Where it may not run, each key it sets may or may not have its new value.
        for (const src of [a.args[0], a.kwargs])
          if (isDict(src)) for (const [k, v] of Object.entries(src)) setKey(d, k, host.uncertain ? UNKNOWN : v);
        return null;
      });
    case 'pop':
    case 'setdefault':
      return new Fn(name, (a, host) => {
        const k = key(a.args[0]);
        // A pop of a key not known may have removed any of them; a setdefault may only have added one.
        if (unknownIn(a) || k === null || isOpen(d)) return name === 'pop' ? forgetValues(d) : (markOpen(d), UNKNOWN);
        if (host.uncertain) {
          // It may or may not have run: the key's value (or whether it is there) is not known afterwards.
          if (name === 'pop' || !Object.hasOwn(d, k)) setKey(d, k, UNKNOWN);
          return UNKNOWN;
        }
        if (Object.hasOwn(d, k)) {
          const v = d[k];
          if (name === 'pop') delete d[k];
          return v;
        }
        if (name === 'setdefault') setKey(d, k, a.args[1] ?? null);
        return a.args.length > 1 ? a.args[1] : name === 'setdefault' ? null : UNKNOWN; // pop: KeyError
      });
    case 'clear':
      return new Fn(name, (_a, host) => {
        if (host.uncertain) {
          for (const k of Object.keys(d)) setKey(d, k, UNKNOWN);
          return null;
        }
        for (const k of Object.keys(d)) delete d[k];
        return null;
      });
    case 'popitem':
      // The last key put in goes (Python 3.7+); one that may not run leaves the dict unknown.
      return new Fn(name, (_a, host) => {
        const keys = Object.keys(d);
        if (isOpen(d) || host.uncertain || keys.length === 0) return forgetValues(d);
        const k = keys[keys.length - 1]!;
        const v = d[k];
        delete d[k];
        return tuple([k, v]);
      });
    default:
      return UNDEFINED; // a dict key that is not there, nor a method
  }
}

// Python's methods of str, list and dict: one not modelled here is not known (Unknown), where a name that is no
// method at all is Jinja's Undefined (which dbt's parse answers silently).
const PY_METHODS = {
  str: new Set(
    `capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii
    isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip
    maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines
    startswith strip swapcase title translate upper zfill`.split(/\s+/),
  ),
  list: new Set('append clear copy count extend index insert pop remove reverse sort'.split(' ')),
  dict: new Set('clear copy fromkeys get items keys pop popitem setdefault update values'.split(' ')),
};
const known = (method: Fn | Undefined, kind: keyof typeof PY_METHODS, name: string): unknown =>
  method instanceof Undefined && PY_METHODS[kind].has(name) ? UNKNOWN : method;

/** `obj.name`: a dict key, then a method; open objects (like `target`) give Unknown for what they lack. */
export function getAttr(obj: unknown, name: string): unknown {
  // Jinja's Undefined fails on an attribute (dbt's parse stops, but in a node's own template, where its silent
  // Undefined answers): not known here either way.
  if (obj instanceof Unknown || obj instanceof Undefined) return UNKNOWN;
  if (obj instanceof Fn) return Object.hasOwn(obj.attrs, name) ? obj.attrs[name] : UNKNOWN;
  if (obj instanceof Namespace) return obj.get(name);
  if (isDict(obj)) {
    if (Object.hasOwn(obj, name)) return obj[name];
    // `target.get('name')`: get answers for the keys known, Unknown for the others.
    if (isOpen(obj)) return name === 'get' ? dictMethod(obj, name) : UNKNOWN;
    return known(dictMethod(obj, name), 'dict', name);
  }
  if (isStr(obj)) return known(stringMethod(obj, name), 'str', name);
  if (Array.isArray(obj) && tupleField(obj, name) !== undefined) return tupleField(obj, name);
  if (Array.isArray(obj))
    return /^\d+$/.test(name)
      ? isOpen(obj)
        ? UNKNOWN
        : (obj[Number(name)] ?? UNDEFINED)
      : known(listMethod(obj, name), 'list', name);
  // None has no attributes; a number's or a boolean's (`bit_length`, `real`) are not modelled.
  return obj === null ? UNDEFINED : UNKNOWN;
}

/** `obj[index]`, falling back to attributes as Jinja does. */
export function getItem(obj: unknown, index: unknown): unknown {
  if (obj instanceof Unknown || index instanceof Unknown || obj instanceof Undefined) return UNKNOWN;
  if ((Array.isArray(obj) || isStr(obj)) && isNum(index)) {
    if (Array.isArray(obj) && isOpen(obj)) return UNKNOWN;
    // Python counts a string's code points: an astral character (an emoji) is one.
    const items = isStr(obj) && ASTRAL.test(obj) ? Array.from(obj) : obj;
    const v = items[index < 0 ? items.length + index : index];
    return v ?? UNDEFINED;
  }
  // A dict's keys are held as text: a float key (`d[1.0]`, which finds `1`) is not followed.
  if (isDict(obj) && index instanceof Float) return UNKNOWN;
  if (isDict(obj) && (isStr(index) || isNum(index))) {
    const k = String(index);
    return Object.hasOwn(obj, k) ? obj[k] : isOpen(obj) ? UNKNOWN : UNDEFINED;
  }
  if (isStr(index)) return getAttr(obj, index);
  // A match object's `m[1]` is its group(1) (python-re.ts answers numeric names so).
  if (obj instanceof Namespace && isNum(index)) return obj.get(String(index));
  return UNDEFINED;
}
