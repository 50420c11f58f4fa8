// Python's str.format (with format specs), str.title, strip, split and startswith, as model templates use them to
// build names:
// `'events_{:02d}'.format(i)`, `'{}_{}'.format(a, b)`, `name.title()`.
import {
  Float,
  hasUnknown,
  isDict,
  isFloat,
  isNum,
  isStr,
  isTuple,
  numberOf,
  numeric,
  repr,
  str,
  Unknown,
  UNKNOWN,
} from './values.js';
import type { Dict } from './values.js';

/** A format spec: [[fill]align][sign][0][width][,][.precision][type]. */
const SPEC = /^(?:(.)?([<>^=]))?([-+ ])?(0)?(\d+)?(,)?(?:\.(\d+))?([sdfF%])?$/s;

/** One replacement field's value under a spec; undefined when the spec is not one followed here. */
function formatValue(value: unknown, spec: string): string | undefined {
  if (spec === '') return str(value);
  const m = SPEC.exec(spec);
  if (m === null) return undefined;
  const [, fillGiven, alignGiven, sign, zero, widthText, comma, precisionText, type] = m;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  let text: string;
  const numeric = typeof value === 'number' || value instanceof Float || typeof value === 'boolean';
  if (type === 's' || (type === undefined && typeof value === 'string')) {
    if (typeof value !== 'string' || sign !== undefined || comma !== undefined) return undefined;
    text = precision === undefined ? value : value.slice(0, precision);
  } else if (numeric) {
    const n = typeof value === 'boolean' ? Number(value) : (numberOf(value) as number);
    // Beyond 1e21 JavaScript writes exponents; zero padding with grouping pads the groups too: not followed.
    if (Math.abs(n) >= 1e21 || (zero !== undefined && comma !== undefined)) return undefined;
    // toFixed rounds an exact tie up, Python to even: a tie is not followed. (toFixed writes the binary value's
    // exact digits: 2.675 is 2.67499..., no tie; 0.25 is one.)
    if (type === 'f' || type === 'F' || type === '%') {
      const digits = (precision ?? 6) + (type === '%' ? 2 : 0);
      const exact = Math.abs(n).toFixed(Math.min(digits + 25, 100));
      if (/^50*$/.test(exact.slice(exact.indexOf('.') + 1 + digits))) return undefined;
    }
    if (type === 'd') {
      // Python refuses `d` for a float, even a whole one.
      if (!Number.isInteger(n) || isFloat(value) || precision !== undefined) return undefined;
      text = String(Math.abs(n));
    } else if (type === 'f' || type === 'F') text = Math.abs(n).toFixed(precision ?? 6);
    else if (type === '%') text = `${(Math.abs(n) * 100).toFixed(precision ?? 6)}%`;
    else if (type === undefined && Number.isInteger(n) && typeof value === 'number' && precision === undefined)
      text = String(Math.abs(n));
    else return undefined;
    if (comma !== undefined) text = text.replace(/^\d+/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
    const signText = n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    // Zero padding, or `=` alignment: the sign first, then the fill, then the digits.
    if ((zero !== undefined && alignGiven === undefined) || alignGiven === '=')
      return signText + text.padStart(width - signText.length, fillGiven ?? (zero !== undefined ? '0' : ' '));
    text = signText + text;
  } else return undefined;
  if (alignGiven === '=') return undefined; // Python refuses `=` for strings
  const fill = fillGiven ?? (zero !== undefined ? '0' : ' ');
  const align = alignGiven ?? (numeric ? '>' : '<');
  const pad = Math.max(width - [...text].length, 0);
  if (align === '<') return text + fill.repeat(pad);
  if (align === '>') return fill.repeat(pad) + text;
  return fill.repeat(Math.floor(pad / 2)) + text + fill.repeat(pad - Math.floor(pad / 2));
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, each with an optional `:spec`; Unknown for what is not followed. */
export function formatString(s: string, args: unknown[], kwargs: Dict): unknown {
  if (args.some((x) => hasUnknown(x)) || Object.values(kwargs).some((x) => hasUnknown(x))) return UNKNOWN;
  let next = 0;
  let ok = true;
  const out = s.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    // A lone brace is a ValueError in Python.
    if (field === undefined) return ((ok = false), '');
    const colon = field.indexOf(':');
    const key = colon < 0 ? field : field.slice(0, colon);
    const spec = colon < 0 ? '' : field.slice(colon + 1);
    // A conversion (`!r`) or an attribute or item of the argument (`{0.name}`, `{0[k]}`) is not followed.
    const v =
      key === '' ? args[next++] : /^\d+$/.test(key) ? args[Number(key)] : /^\w+$/.test(key) ? kwargs[key] : undefined;
    const text = v === undefined ? undefined : formatValue(v, spec);
    if (text === undefined) ok = false;
    return text ?? '';
  });
  return ok ? out : UNKNOWN;
}

/** A printf-style conversion: %[(key)][flags][width][.precision]type. */
const PRINTF = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?(.|$)/gs;

/**
 * Python's `fmt % values` (and Jinja's `format` filter): a tuple gives the positional values, a dict the `%(key)s`
 * ones, anything else is the one value. Types s, r, d, i, f, F and %%; Unknown for what is not followed or what
 * Python refuses (too few or too many values).
 */
export function percentFormat(fmt: string, values: unknown): unknown {
  const keyed = isDict(values) && fmt.includes('%(');
  const args = keyed ? [] : Array.isArray(values) && isTuple(values) ? values : [values];
  let next = 0;
  let out = '';
  let last = 0;
  for (const m of fmt.matchAll(PRINTF)) {
    const [whole, key, flags = '', width = '', precision, type = ''] = m;
    let text: string | undefined = '%';
    if (whole !== '%%') {
      const value = key === undefined ? args[next++] : keyed ? (values as Dict)[key] : undefined;
      text =
        value === undefined || value instanceof Unknown ? undefined : conversion(value, flags, width, precision, type);
    }
    if (text === undefined) return UNKNOWN;
    out += fmt.slice(last, m.index) + text;
    last = m.index + whole.length;
  }
  return keyed || next === args.length ? out + fmt.slice(last) : UNKNOWN;
}

/** One `%` conversion of a value, as a format spec formatValue reads; undefined for one not followed. */
function conversion(value: unknown, flags: string, width: string, precision: string | undefined, type: string) {
  if (flags.includes('#') || !'srdifF'.includes(type || '?')) return undefined;
  const text = type === 's' || type === 'r';
  const align = flags.includes('-') ? '<' : text ? '>' : '';
  const dot = precision === undefined ? '' : `.${precision}`;
  if (text) return formatValue(type === 's' ? str(value) : repr(value), `${align}${width}${dot}`);
  const n = numeric(value);
  if (n === undefined) return undefined;
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const zero = flags.includes('0') && !flags.includes('-') ? '0' : '';
  // %d takes the integer part (Python's int()); a precision there is not followed.
  if (type === 'd' || type === 'i')
    return precision === undefined ? formatValue(Math.trunc(n), `${align}${sign}${zero}${width}d`) : undefined;
  return formatValue(n, `${align}${sign}${zero}${width}.${precision ?? 6}${type}`);
}

/** Python's str.title: a cased letter after an uncased character (or at the start) upper, the others lower. */
export function pythonTitle(s: string): string {
  let out = '';
  let previousCased = false;
  for (const c of s) {
    const cased = c.toLowerCase() !== c.toUpperCase();
    out += cased ? (previousCased ? c.toLowerCase() : c.toUpperCase()) : c;
    previousCased = cased;
  }
  return out;
}

/** Jinja's `title` filter: each piece between whitespace, `-`, `(`, `{`, `[` or `<` capitalised. */
export function jinjaTitle(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter((piece) => piece !== '')
    .map((piece) => piece.charAt(0).toUpperCase() + piece.slice(1).toLowerCase())
    .join('');
}

/** Python's str.strip family: whitespace, or the characters given. */
export function strip(s: string, chars: unknown, start: boolean, end: boolean): unknown {
  if (chars !== undefined && chars !== null && !isStr(chars)) return UNKNOWN;
  const set = isStr(chars) ? new Set(chars) : null;
  const strips = (c: string) => (set ? set.has(c) : /\s/.test(c));
  let from = 0;
  let to = s.length;
  if (start) while (from < to && strips(s[from]!)) from++;
  if (end) while (to > from && strips(s[to - 1]!)) to--;
  return s.slice(from, to);
}

/** Python's str.split / rsplit with a separator (or runs of whitespace) and a maximum number of splits. */
export function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): unknown {
  if ((sep !== undefined && sep !== null && !isStr(sep)) || (maxsplit !== undefined && !isNum(maxsplit)))
    return UNKNOWN;
  if (sep === '') return UNKNOWN; // ValueError: empty separator
  const limit = isNum(maxsplit) && maxsplit >= 0 ? maxsplit : Infinity;
  const parts = isStr(sep) ? s.split(sep) : s.trim() === '' ? [] : s.trim().split(/\s+/);
  if (parts.length - 1 <= limit) return parts;
  const joiner = isStr(sep) ? sep : ' ';
  if (!isStr(sep)) {
    // Whitespace splitting keeps the rest as written (its own whitespace included).
    const words = fromRight ? s.trimEnd() : s.trimStart();
    const re = /\s+/g;
    const cuts: number[] = [];
    for (let m = re.exec(words); m !== null; m = re.exec(words)) cuts.push(m.index, m.index + m[0].length);
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < cuts.length; i += 2) pairs.push([cuts[i]!, cuts[i + 1]!]);
    const used = fromRight ? pairs.slice(pairs.length - limit) : pairs.slice(0, limit);
    const out: string[] = [];
    let at = 0;
    for (const [a, b] of used) {
      out.push(words.slice(at, a));
      at = b;
    }
    out.push(words.slice(at));
    return out;
  }
  return fromRight
    ? [parts.slice(0, parts.length - limit).join(joiner), ...parts.slice(parts.length - limit)]
    : [...parts.slice(0, limit), parts.slice(limit).join(joiner)];
}

/** startswith / endswith: a string or a tuple (list) of them, with optional start and end. */
export function affix(s: string, what: unknown, start: unknown, end: unknown, atStart: boolean): unknown {
  const options = isStr(what) ? [what] : Array.isArray(what) && what.every(isStr) ? what : null;
  if (options === null) return UNKNOWN;
  if ((start !== undefined && start !== null && !isNum(start)) || (end !== undefined && end !== null && !isNum(end)))
    return UNKNOWN;
  const part = s.slice(isNum(start) ? start : 0, isNum(end) ? end : undefined);
  return options.some((o) => (atStart ? part.startsWith(o) : part.endsWith(o)));
}

/** str.center / ljust / rjust: padded to `width` code points with one fill character, as CPython pads. */
export function padded(s: string, name: string, width: unknown, fill: unknown): unknown {
  if (!isNum(width) || !Number.isInteger(width) || !isStr(fill) || [...fill].length !== 1) return UNKNOWN;
  const margin = width - [...s].length;
  if (margin <= 0) return s;
  // CPython's center: the odd character of padding goes left when the width is odd.
  const left = name === 'ljust' ? 0 : name === 'rjust' ? margin : Math.floor(margin / 2) + (margin & width & 1);
  return fill.repeat(left) + s + fill.repeat(margin - left);
}

/** Python's str.islower / isupper: a character of that case, and none of the other case or titlecase. */
export const pythonIsLower = (s: string): boolean => LOWERCASE.test(s) && !UPPER_OR_TITLE.test(s);
export const pythonIsUpper = (s: string): boolean => UPPERCASE.test(s) && !LOWER_OR_TITLE.test(s);
const LOWERCASE = /\p{Lowercase}/u;
const UPPERCASE = /\p{Uppercase}/u;
const UPPER_OR_TITLE = /[\p{Uppercase}\p{Lt}]/u;
const LOWER_OR_TITLE = /[\p{Lowercase}\p{Lt}]/u;

/** Python's str.replace: the first `count` occurrences (every one when negative); `''` is found between characters. */
function pyReplace(s: string, old: string, replacement: string, count = -1): string {
  if (old === '') {
    const chars = [...s];
    const n = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
    let out = '';
    chars.forEach((c, i) => (out += (i < n ? replacement : '') + c));
    return n > chars.length ? out + replacement : out;
  }
  const parts = s.split(old);
  if (count < 0 || count >= parts.length - 1) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

/** Python's str.replace(old, new[, count]) (Jinja's replace filter calls it on str(value)). */
export function replaceCall(s: string, a: unknown[], k: Dict): unknown {
  const [old, replacement] = a;
  const count = a[2] ?? k['count'] ?? -1;
  // A count Python would refuse, or a bool (an int to Python): not followed.
  if (!isStr(old) || !isStr(replacement) || !isNum(count) || !Number.isInteger(count)) return UNKNOWN;
  return pyReplace(s, old, replacement, count);
}
