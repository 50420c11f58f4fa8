// Jinja's filters that write text (jinja2/filters.py, markupsafe), as Jinja 3.1 runs them: truncate, center, indent,
// wordcount, escape, striptags, urlencode. A project's generate_alias_name that truncates a long name with
// `| truncate(128, True, '', 0)` names every relation with it.
import { UNKNOWN, isDict, isNum, isStr, str, truthy } from './values.js';
import type { Dict } from './values.js';
import { padded } from './strings.js';

type Filter = (v: unknown, args: unknown[], kwargs: Dict) => unknown;

/** Argument `i` of a filter, given by position or by name, else its default. */
function arg(args: unknown[], kwargs: Dict, i: number, name: string, dflt: unknown): unknown {
  return i < args.length ? args[i] : Object.hasOwn(kwargs, name) ? kwargs[name] : dflt;
}

const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

/** The code points of a string: Python's len and slices count them. */
const points = (s: string): string[] => [...s];

/** do_truncate: at most `length` characters, cut at a word unless `killwords`, ending with `end`. */
const truncate: Filter = (v, a, k) => {
  const length = arg(a, k, 0, 'length', 255);
  const killwords = arg(a, k, 1, 'killwords', false);
  const end = arg(a, k, 2, 'end', '...');
  // The environment's policy `truncate.leeway` is 5 unless a project changes it (dbt does not).
  const leeway = arg(a, k, 3, 'leeway', 5);
  if (!isStr(v) || !isInt(length) || !isStr(end) || !isInt(leeway)) return UNKNOWN;
  const chars = points(v);
  const endLength = points(end).length;
  // Jinja asserts both (an AssertionError stops the render).
  if (length < endLength || leeway < 0) return UNKNOWN;
  if (chars.length <= length + leeway) return v;
  const kept = chars.slice(0, Math.max(0, length - endLength)).join('');
  if (killwords !== false && killwords !== null && killwords !== 0 && killwords !== '') return kept + end;
  const space = kept.lastIndexOf(' ');
  return (space < 0 ? kept : kept.slice(0, space)) + end;
};

// eslint-disable-next-line no-control-regex -- Python's line ends: \x1c-\x1e are file, group and record separators.
const LINE_ENDS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python's str.splitlines, without the line ends. */
function splitLines(s: string): string[] {
  const lines = s.split(LINE_ENDS);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** do_indent: every line but the first indented by `width` spaces (or that text); blank lines only when asked. */
const indent: Filter = (v, a, k) => {
  const width = arg(a, k, 0, 'width', 4);
  const first = truthy(arg(a, k, 1, 'first', false));
  const blank = truthy(arg(a, k, 2, 'blank', false));
  if (!isStr(v) || !(isStr(width) || isInt(width)) || typeof first !== 'boolean' || typeof blank !== 'boolean')
    return UNKNOWN;
  const indention = isStr(width) ? width : ' '.repeat(Math.max(0, width));
  // Jinja appends a line break first, for splitlines.
  const lines = splitLines(`${v}\n`);
  let out: string;
  if (blank) out = lines.join(`\n${indention}`);
  else {
    out = lines.shift() ?? '';
    if (lines.length > 0) out += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  return first ? indention + out : out;
};

/** markupsafe's escape: the five characters HTML gives meaning to. */
export function htmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/>/g, '&gt;')
    .replace(/</g, '&lt;')
    .replace(/'/g, '&#39;')
    .replace(/"/g, '&#34;');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Markup.striptags: comments and tags out, whitespace runs made one space, entities read. */
function stripTags(s: string): string {
  const text = s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[\s\S]*?>/g, '')
    .split(/\s+/)
    .filter((word) => word !== '')
    .join(' ');
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/** jinja2.utils.url_quote: UTF-8 percent-encoding, `/` kept outside query strings, a space `+` in them. */
function urlQuote(value: unknown, forQuery: boolean): string {
  const out = Array.from(new TextEncoder().encode(str(value)), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9_.~-]/.test(c) || (!forQuery && c === '/')
      ? c
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return forQuery ? out.replace(/%20/g, '+') : out;
}

const urlencode: Filter = (v) => {
  if (isStr(v)) return urlQuote(v, false);
  const pairs = isDict(v) ? Object.entries(v) : Array.isArray(v) ? v : null;
  if (pairs === null) return urlQuote(v, false);
  const parts: string[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) return UNKNOWN;
    parts.push(`${urlQuote(pair[0], true)}=${urlQuote(pair[1], true)}`);
  }
  return parts.join('&');
};

export const TEXT_FILTER_FUNCTIONS: Record<string, Filter> = {
  truncate,
  indent,
  center: (v, a, k) => padded(str(v), 'center', arg(a, k, 0, 'width', 80), ' '),
  // do_wordcount: the `\w+` runs of the text (Python's \w: letters, digits and `_`).
  wordcount: (v) => str(v).match(/[\p{L}\p{N}_]+/gu)?.length ?? 0,
  escape: (v) => htmlEscape(str(v)),
  e: (v) => htmlEscape(str(v)),
  forceescape: (v) => htmlEscape(str(v)),
  // Markup(value): the text as it is (dbt renders without autoescaping).
  safe: (v) => str(v),
  striptags: (v) => stripTags(str(v)),
  urlencode,
};
