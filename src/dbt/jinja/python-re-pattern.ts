// A Python regular expression as the JavaScript RegExp that matches the same ASCII text, or null when the pattern
// uses what is not followed here (verbose mode, inline flags past the start, atomic groups, possessive quantifiers,
// conditionals, \N{...}, a class starting with `]`) or what Python refuses (an unknown escape of a letter).
// Differences handled: `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, `.` (no \r or U+2028 exclusion), `^` and `$`
// (Python's `$` also matches before a final newline), `{,n}`.

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

const INLINE_FLAGS: Record<string, number> = { i: FLAG_I, m: FLAG_M, s: FLAG_S, a: 256, u: 32, x: FLAG_X, L: 4 };

export function translatePattern(pattern: string, flagBits: number): TranslatedPattern | null {
  let flags = flagBits;
  let i = 0;
  // Inline flags count only at the start (Python 3.11 refuses them elsewhere).
  const inline = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (inline !== null) {
    for (const f of inline[1]!) flags |= INLINE_FLAGS[f]!;
    i = inline[0].length;
  }
  if ((flags & ~KNOWN_FLAGS) !== 0 || (flags & FLAG_X) !== 0) return null;
  const multiline = (flags & FLAG_M) !== 0;
  const dotAll = (flags & FLAG_S) !== 0;
  const groups: Array<string | null> = [];
  let out = '';
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const escaped = escapeAt(pattern, i, false);
      if (escaped === null) return null;
      out += escaped.text;
      i += escaped.length;
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === null) return null;
      let body = '';
      for (let j = i + 1; j < end;) {
        if (pattern[j] === '\\') {
          const escaped = escapeAt(pattern, j, true);
          if (escaped === null) return null;
          body += escaped.text;
          j += escaped.length;
        } else body += pattern[j++];
      }
      out += `[${body}]`;
      i = end + 1;
    } else if (c === '(') {
      const rest = pattern.slice(i);
      const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest);
      const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
      const plain = /^\(\?(?::|=|!|<=|<!)/.exec(rest);
      if (named !== null) {
        groups.push(named[1]!);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (backref !== null) {
        if (!groups.includes(backref[1]!)) return null;
        out += `\\k<${backref[1]}>`;
        i += backref[0].length;
      } else if (rest.startsWith('(?#')) {
        const close = pattern.indexOf(')', i);
        if (close === -1) return null;
        i = close + 1;
      } else if (plain !== null) {
        out += plain[0];
        i += plain[0].length;
      } else if (rest.startsWith('(?')) {
        return null;
      } else {
        groups.push(null);
        out += '(';
        i++;
      }
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^') {
      out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
      i++;
    } else if (c === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      i++;
    } else if (c === '{') {
      const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i));
      if (quantifier !== null && (quantifier[1] !== '' || (quantifier[2] === ',' && quantifier[3] !== ''))) {
        out += `{${quantifier[1] || '0'}${quantifier[2]}${quantifier[3]}}`;
        i += quantifier[0].length;
      } else {
        out += '\\{';
        i++;
      }
      if (quantifier !== null && pattern[i] === '+') return null;
    } else {
      // A possessive quantifier (Python 3.11's `*+`, `++`, `?+`) has no RegExp form.
      if ((c === '*' || c === '+' || c === '?') && pattern[i + 1] === '+') return null;
      out += c;
      i++;
    }
  }
  return { source: out, flags: (flags & FLAG_I) !== 0 ? 'i' : '', groups };
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

/** The RegExp text of the escape at `i` (in a class or not), and how many characters it takes. */
function escapeAt(pattern: string, i: number, inClass: boolean): { text: string; length: number } | null {
  const d = pattern[i + 1];
  if (d === undefined) return null;
  if ('dDwWsS'.includes(d) || (!inClass && 'bB'.includes(d))) return { text: `\\${d}`, length: 2 };
  if (inClass && d === 'b') return { text: '\\x08', length: 2 };
  if (!inClass && d === 'A') return { text: '(?<![\\s\\S])', length: 2 };
  if (!inClass && d === 'Z') return { text: '(?![\\s\\S])', length: 2 };
  if ('nrtfv'.includes(d)) return { text: `\\${d}`, length: 2 };
  if (!inClass && /[1-9]/.test(d)) return /\d/.test(pattern[i + 2] ?? '') ? null : { text: `\\${d}`, length: 2 };
  const hex = /^x[0-9a-fA-F]{2}|^u[0-9a-fA-F]{4}/.exec(pattern.slice(i + 1));
  if (hex !== null) return { text: `\\${hex[0]}`, length: 1 + hex[0].length };
  // Any other letter or digit is an error (or an octal escape) to Python; punctuation stands for itself.
  if (/[a-zA-Z0-9]/.test(d)) return null;
  return { text: `\\${d}`, length: 2 };
}
