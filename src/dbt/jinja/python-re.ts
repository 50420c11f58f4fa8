// dbt's `modules.re`: Python's re module, for the patterns whose meaning JavaScript's RegExp shares once translated
// (python-re-pattern.ts), on ASCII text only (Python's \w, \d, \s and case folding are Unicode-aware). Anything
// else, or what Python would refuse, is Unknown: never a guess.
import { translatePattern } from './python-re-pattern.js';
import { Fn, Namespace, UNKNOWN, hasUnknown, isNum, isStr, markOpen, tuple } from './values.js';
import type { CallArgs } from './values.js';

const FLAGS = {
  I: 2,
  IGNORECASE: 2,
  L: 4,
  LOCALE: 4,
  M: 8,
  MULTILINE: 8,
  S: 16,
  DOTALL: 16,
  U: 32,
  UNICODE: 32,
  X: 64,
  VERBOSE: 64,
  A: 256,
  ASCII: 256,
} as const;
/** Printable ASCII and \t \n \v \f \r: Python's \s also takes \x1c-\x1f, RegExp's does not. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && (c < 0x09 || c > 0x0d))) return false;
  }
  return true;
}

type Mode = 'match' | 'fullmatch' | 'search';

interface Compiled {
  re: RegExp;
  /** The capturing groups in order: a group's name, or null. */
  groups: Array<string | null>;
}

/** A pattern of ASCII characters (control characters stand for themselves in both). */
function isAsciiPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The RegExp for a Python pattern and flags; null when it is not one followed here. */
function compiled(pattern: unknown, flags: unknown, global = false): Compiled | null {
  if (!isStr(pattern) || !isAsciiPattern(pattern) || (flags !== undefined && !isNum(flags))) return null;
  const translated = translatePattern(pattern, (flags as number | undefined) ?? 0);
  if (translated === null) return null;
  try {
    const re = new RegExp(translated.source, `d${translated.flags}${global ? 'g' : 'y'}`);
    return { re, groups: translated.groups };
  } catch {
    return null;
  }
}

/** A match object: group(), groups(), groupdict(), start(), end(), span(). */
function matchObject(m: RegExpExecArray, groups: Array<string | null>): Namespace {
  const index = (g: unknown): number | null => {
    if (isNum(g)) return Number.isInteger(g) && g >= 0 && g < m.length ? g : null;
    const named = isStr(g) ? groups.indexOf(g) + 1 : 0;
    return named > 0 ? named : null;
  };
  const value = (g: unknown): unknown => {
    const i = index(g);
    return i === null ? UNKNOWN : (m[i] ?? null);
  };
  const span = (g: unknown, part: 0 | 1 | null): unknown => {
    const i = index(g ?? 0);
    if (i === null) return UNKNOWN;
    const pair = m.indices?.[i] ?? [-1, -1];
    return part === null ? tuple([...pair]) : pair[part];
  };
  const method = (name: string, f: (a: CallArgs) => unknown) =>
    new Fn(name, (a) => (a.args.some(hasUnknown) ? UNKNOWN : f(a)));
  const fallback = (a: CallArgs) => a.args[0] ?? a.kwargs['default'] ?? null;
  const members: Record<string, unknown> = {
    group: method('group', (a) => (a.args.length <= 1 ? value(a.args[0] ?? 0) : tuple(a.args.map(value)))),
    groups: method('groups', (a) => tuple([...m].slice(1).map((x) => x ?? fallback(a)))),
    groupdict: method('groupdict', (a) =>
      Object.fromEntries(
        groups.flatMap((name, i) => (name === null ? [] : [[name, m[i + 1] ?? fallback(a)] as const])),
      ),
    ),
    start: method('start', (a) => span(a.args[0], 0)),
    end: method('end', (a) => span(a.args[0], 1)),
    span: method('span', (a) => span(a.args[0], null)),
    string: m.input,
  };
  return new Namespace('re.Match', (attr) =>
    Object.hasOwn(members, attr) ? members[attr] : /^\d+$/.test(attr) ? value(Number(attr)) : UNKNOWN,
  );
}

function find(mode: Mode, pattern: unknown, text: unknown, flags: unknown): unknown {
  if (!isStr(text) || !isPlainAscii(text)) return UNKNOWN;
  // The pattern must read alone first: wrapped, `a)|(b` would balance.
  if (mode === 'fullmatch' && compiled(pattern, flags) === null) return UNKNOWN;
  const source = isStr(pattern) && mode === 'fullmatch' ? `(?:${pattern})\\Z` : pattern;
  const found = compiled(source, flags, mode === 'search');
  if (found === null) return UNKNOWN;
  const m = found.re.exec(text);
  return m === null ? null : matchObject(m, found.groups);
}

/**
 * Every match, as Python's finditer walks them, or null where the walk cannot be followed: after an empty match
 * Python looks for a non-empty one at the same place (`'|a'` on `a`), which RegExp cannot be asked for.
 */
function matches(re: RegExp, text: string): RegExpExecArray[] | null {
  const out: RegExpExecArray[] = [];
  let at = 0;
  let afterEmpty = false;
  while (at <= text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) break;
    if (afterEmpty && m.index === at && m[0] === '') {
      // Python's next try: a non-empty match at the same place (the lookbehind asks that it end past `at`), else
      // a search from the next place, where an empty match is allowed again.
      const nonEmpty = new RegExp(`(?:${re.source})(?<=(?<![\\s\\S])[\\s\\S]{${at + 1},})`, re.flags.replace('g', 'y'));
      nonEmpty.lastIndex = at;
      const longer = nonEmpty.exec(text);
      if (longer === null && at === text.length) break;
      re.lastIndex = at + 1;
      const next = longer ?? re.exec(text);
      if (next === null) break;
      out.push(next);
      at = next.index + next[0].length;
      afterEmpty = next[0] === '';
      continue;
    }
    out.push(m);
    at = m.index + m[0].length;
    afterEmpty = m[0] === '';
  }
  return out;
}

const count = (v: unknown): v is number | undefined => v === undefined || (isNum(v) && Number.isInteger(v) && v >= 0);

function findall(pattern: unknown, text: unknown, flags: unknown): unknown {
  const found = isStr(text) && isPlainAscii(text) ? compiled(pattern, flags, true) : null;
  const all = found === null || !isStr(text) ? null : matches(found.re, text);
  if (all === null) return UNKNOWN;
  return all.map((m) =>
    m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : tuple([...m].slice(1).map((x) => x ?? '')),
  );
}

/** The text a replacement template gives for a match: \1, \g<1>, \g<name>, and Python's string escapes. */
function expand(template: string, m: RegExpExecArray, groups: Array<string | null>): string | null {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = template[++i];
    const named = next === 'g' ? /^<(\w+)>/.exec(template.slice(i + 1)) : null;
    if (named !== null) {
      const key = named[1]!;
      const at = /^\d+$/.test(key) ? Number(key) : groups.indexOf(key) + 1;
      if (at >= m.length || (at === 0 && !/^\d+$/.test(key))) return null;
      out += m[at] ?? '';
      i += named[0].length;
    } else if (next !== undefined && /\d/.test(next)) {
      const digits = /^\d\d?/.exec(template.slice(i))![0];
      if (Number(digits) >= m.length || digits.startsWith('0')) return null;
      out += m[Number(digits)] ?? '';
      i += digits.length - 1;
    } else if (next === 'n') out += '\n';
    else if (next === 't') out += '\t';
    else if (next === '\\') out += '\\';
    else if (next !== undefined && !/[a-zA-Z]/.test(next)) out += `\\${next}`;
    else return null; // an unknown escape of a letter is an error in Python
  }
  return out;
}

function sub(pattern: unknown, repl: unknown, text: unknown, times: unknown, flags: unknown): unknown {
  const found = isStr(text) && isPlainAscii(text) && isStr(repl) ? compiled(pattern, flags, true) : null;
  if (found === null || !isStr(text) || !isStr(repl) || !count(times)) return UNKNOWN;
  // Python reads the template before matching: a bad one is an error even where nothing matches.
  const probe = Array.from({ length: found.groups.length + 1 }, () => '') as unknown as RegExpExecArray;
  if (expand(repl, probe, found.groups) === null) return UNKNOWN;
  const all = matches(found.re, text);
  if (all === null) return UNKNOWN;
  const limit = times ?? 0;
  let out = '';
  let last = 0;
  let done = 0;
  for (const m of all) {
    if (limit > 0 && done === limit) break;
    const replaced = expand(repl, m, found.groups);
    if (replaced === null) return UNKNOWN;
    out += text.slice(last, m.index) + replaced;
    last = m.index + m[0].length;
    done++;
  }
  return out + text.slice(last);
}

function split(pattern: unknown, text: unknown, maxsplit: unknown, flags: unknown): unknown {
  const found = isStr(text) && isPlainAscii(text) ? compiled(pattern, flags, true) : null;
  if (found === null || !isStr(text) || !count(maxsplit)) return UNKNOWN;
  const all = matches(found.re, text);
  if (all === null) return UNKNOWN;
  const limit = maxsplit ?? 0;
  const out: unknown[] = [];
  let last = 0;
  for (const m of all) {
    if (limit > 0 && out.length >= limit * m.length) break;
    out.push(text.slice(last, m.index), ...[...m].slice(1).map((x) => x ?? null));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Python 3.7+'s re.escape: the characters special in a pattern, and whitespace, escaped. */
const escape = (s: string): string => s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`);

/** Positional and keyword arguments as Python binds them: the value of `name` at `position`. */
const arg = (a: CallArgs, position: number, name: string): unknown => a.args[position] ?? a.kwargs[name];

const fn = (name: string, f: (a: CallArgs) => unknown) =>
  new Fn(`re.${name}`, (a) => (a.args.some(hasUnknown) || Object.values(a.kwargs).some(hasUnknown) ? UNKNOWN : f(a)));

const RE_FUNCTIONS: Record<string, Fn> = {
  match: fn('match', (a) => find('match', arg(a, 0, 'pattern'), arg(a, 1, 'string'), arg(a, 2, 'flags'))),
  fullmatch: fn('fullmatch', (a) => find('fullmatch', arg(a, 0, 'pattern'), arg(a, 1, 'string'), arg(a, 2, 'flags'))),
  search: fn('search', (a) => find('search', arg(a, 0, 'pattern'), arg(a, 1, 'string'), arg(a, 2, 'flags'))),
  findall: fn('findall', (a) => findall(arg(a, 0, 'pattern'), arg(a, 1, 'string'), arg(a, 2, 'flags'))),
  sub: fn('sub', (a) =>
    sub(arg(a, 0, 'pattern'), arg(a, 1, 'repl'), arg(a, 2, 'string'), arg(a, 3, 'count'), arg(a, 4, 'flags')),
  ),
  split: fn('split', (a) =>
    split(arg(a, 0, 'pattern'), arg(a, 1, 'string'), arg(a, 2, 'maxsplit'), arg(a, 3, 'flags')),
  ),
  escape: fn('escape', (a) => (isStr(a.args[0]) ? escape(a.args[0]) : UNKNOWN)),
};

/** `modules.re`; `modules` itself is open: its other members (datetime, pytz, itertools) are not known here. */
export function reModule(): Record<string, unknown> {
  return markOpen({ ...RE_FUNCTIONS, ...FLAGS });
}
