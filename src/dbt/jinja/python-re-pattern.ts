// A Python regular expression as the JavaScript RegExp that matches the same ASCII text, or null when the pattern
// uses what the two read apart or what is not followed here: verbose mode, inline flags past the start, backreferences
// (an unset group), lookbehind (fixed width in Python only), atomic groups, possessive quantifiers, a repeated group
// holding a capture (RegExp resets it each time round), \B, non-ASCII escapes, a class starting with `]`; and what
// Python refuses (an unknown escape, nothing to repeat, an unbalanced parenthesis, `[\w-a]`). Differences handled:
// `(?P<name>...)`, `\A`, `\Z`, `.` (no \r or U+2028 exclusion), `^` and `$` (Python's `$` also matches before a
// final newline), `{,n}` and `{,}`.

const FLAG_I = 2;
const FLAG_M = 8;
const FLAG_S = 16;
const FLAG_X = 64;
/** Flags that change nothing for ASCII text: LOCALE is refused, UNICODE and ASCII are followed. */
const KNOWN_FLAGS = FLAG_I | FLAG_M | FLAG_S | 32 | 256;

export interface TranslatedPattern {
  source: string;
  /** RegExp flags: `i` or none. */
  flags: string;
  /** The capturing groups in order: a group's name, or null. */
  groups: Array<string | null>;
}

const INLINE_FLAGS: Record<string, number> = { i: FLAG_I, m: FLAG_M, s: FLAG_S };
/** `{m}`, `{m,}`, `{m,n}`, `{,n}`, `{,}`: not `{}`, which Python reads as text. */
const QUANTIFIER = /^\{(?=\d|,)(\d*)(,?)(\d*)\}/;

/** What the last piece of the pattern was, for Python's "nothing to repeat" and "multiple repeat" errors. */
type Last = 'none' | 'atom' | 'anchor' | 'quantified' | 'lazy';

export function translatePattern(pattern: string, flagBits: number): TranslatedPattern | null {
  let flags = flagBits;
  let i = 0;
  // Inline flags count only at the start (Python 3.11 refuses them elsewhere); i, m and s only here.
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  if (inline !== null) {
    for (const f of inline[1]!) flags |= INLINE_FLAGS[f]!;
    i = inline[0].length;
  } else if (pattern.startsWith('(?') && /^\(\?[a-zA-Z]+\)/.test(pattern)) return null;
  if ((flags & ~KNOWN_FLAGS) !== 0 || (flags & FLAG_X) !== 0) return null;
  const multiline = (flags & FLAG_M) !== 0;
  const dotAll = (flags & FLAG_S) !== 0;
  const groups: Array<string | null> = [];
  /** Open groups: whether each holds a capturing group (a repeated one does not capture as Python's does). */
  const open: Array<{ captures: boolean; capturing: boolean; body: number }> = [];
  let last: Last = 'none';
  let out = '';
  const n = pattern.length;
  const quantifies = (at: number) => (at < n && '*+?'.includes(pattern[at]!)) || QUANTIFIER.test(pattern.slice(at));
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const escaped = escapeAt(pattern, i, false);
      if (escaped === null) return null;
      out += escaped.text;
      i += escaped.length;
      last = escaped.anchor ? 'anchor' : 'atom';
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === null) return null;
      const body = classBody(pattern, i, end);
      if (body === null) return null;
      out += `[${body}]`;
      i = end + 1;
      last = 'atom';
    } else if (c === '(') {
      const rest = pattern.slice(i);
      const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest);
      const plain = /^\(\?(?::|=|!)/.exec(rest);
      if (rest.startsWith('(?#')) {
        const close = pattern.indexOf(')', i);
        if (close === -1) return null;
        i = close + 1;
        continue;
      }
      if (named !== null) {
        groups.push(named[1]!);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (plain !== null) {
        out += plain[0];
        i += plain[0].length;
      } else if (rest.startsWith('(?')) {
        // Backreferences by name, lookbehind (fixed width in Python only), atomic groups, conditionals.
        return null;
      } else {
        groups.push(null);
        out += '(';
        i++;
      }
      open.push({ captures: false, capturing: named !== null || plain === null, body: i });
      last = 'none';
    } else if (c === ')') {
      const group = open.pop();
      if (group === undefined) return null; // Python: unbalanced parenthesis
      if (quantifies(i + 1) && (group.captures || mayBeEmpty(pattern.slice(group.body, i)))) return null;
      const outer = open[open.length - 1];
      if (outer !== undefined) outer.captures ||= group.captures || group.capturing;
      out += ')';
      i++;
      last = 'atom';
    } else if (c === '|') {
      out += '|';
      i++;
      last = 'none';
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
      last = 'atom';
    } else if (c === '^') {
      out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
      i++;
      last = 'anchor';
    } else if (c === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      i++;
      last = 'anchor';
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && quantifies(i))) {
      // Python refuses a quantifier after nothing, an anchor or another quantifier (a lazy `?` aside).
      if (c === '?' && last === 'quantified') {
        out += '?';
        i++;
        last = 'lazy';
        continue;
      }
      if (last !== 'atom') return null;
      if (c === '{') {
        const [whole, lo, comma, hi] = QUANTIFIER.exec(pattern.slice(i))!;
        if (lo !== '' && hi !== '' && Number(lo) > Number(hi)) return null;
        out += `{${lo || '0'}${comma}${hi}}`;
        i += whole.length;
      } else {
        out += c;
        i++;
      }
      // A possessive quantifier (Python 3.11's `*+`) has no RegExp form.
      if (pattern[i] === '+') return null;
      last = 'quantified';
    } else if (c === '{') {
      out += '\\{';
      i++;
      last = 'atom';
    } else {
      out += c;
      i++;
      last = 'atom';
    }
  }
  if (open.length > 0) return null;
  return { source: out, flags: (flags & FLAG_I) !== 0 ? 'i' : '', groups };
}

/**
 * Whether a group's body may match the empty text, told from its text (erring towards yes): a repeated group that
 * matches nothing ends the loop in Python, while RegExp refuses that turn and tries another (`(?:|a)+` on `a`).
 */
function mayBeEmpty(body: string): boolean {
  return body === '' || /[*?{|^$]|\\[AZbB]/.test(body);
}

/** A class's body as RegExp reads it alike; null for a range Python refuses (`[\\w-a]`) or an escape not followed. */
function classBody(pattern: string, start: number, end: number): string | null {
  let body = '';
  let j = start + 1;
  if (pattern[j] === '^') body += pattern[j++];
  const first = j;
  let setEscape = false;
  let innerDash = false;
  while (j < end) {
    if (pattern[j] === '\\') {
      const escaped = escapeAt(pattern, j, true);
      if (escaped === null) return null;
      if ('dDwWsS'.includes(pattern[j + 1]!)) setEscape = true;
      body += escaped.text;
      j += escaped.length;
    } else {
      if (pattern[j] === '-' && j !== first && j !== end - 1) innerDash = true;
      body += pattern[j++];
    }
  }
  return setEscape && innerDash ? null : body;
}

/** The index of the `]` closing the class opened at `start`; null for a class Python and RegExp read apart. */
function classEnd(pattern: string, start: number): number | null {
  let j = start + 1;
  if (pattern[j] === '^') j++;
  // Python takes a `]` first in a class as a literal; RegExp as the end of an empty class.
  if (pattern[j] === ']') return null;
  for (; j < pattern.length; j++) {
    if (pattern[j] === '\\') j++;
    else if (pattern[j] === ']') return j;
  }
  return null;
}

/** The RegExp text of the escape at `i` (in a class or not), how many characters it takes, and whether it anchors. */
function escapeAt(
  pattern: string,
  i: number,
  inClass: boolean,
): { text: string; length: number; anchor?: true } | null {
  const d = pattern[i + 1];
  if (d === undefined) return null;
  if ('dDwWsS'.includes(d)) return { text: `\\${d}`, length: 2 };
  // \B at the edges of an empty text: RegExp and Python (before 3.14) disagree.
  if (!inClass && d === 'b') return { text: '\\b', length: 2, anchor: true };
  if (inClass && d === 'b') return { text: '\\x08', length: 2 };
  if (!inClass && d === 'A') return { text: '(?<![\\s\\S])', length: 2, anchor: true };
  if (!inClass && d === 'Z') return { text: '(?![\\s\\S])', length: 2, anchor: true };
  if ('nrtfv'.includes(d)) return { text: `\\${d}`, length: 2 };
  // \xhh and \uhhhh of ASCII only: Python folds some other characters into ASCII ones under IGNORECASE.
  const hex = /^x[0-7][0-9a-fA-F]|^u00[0-7][0-9a-fA-F]/.exec(pattern.slice(i + 1));
  if (hex !== null) return { text: `\\${hex[0]}`, length: 1 + hex[0].length };
  // Backreferences (an unset group matches nothing in Python, the empty text in RegExp), \B, other letters and
  // digits (errors or octal escapes to Python): not followed.
  if (/[a-zA-Z0-9]/.test(d)) return null;
  return { text: `\\${d}`, length: 2 };
}
