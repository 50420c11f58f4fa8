// Tokenises the inside of a `{{ }}` or `{% %}` tag: names, strings, numbers and operators, each with its line.

export type ExprTokenType = 'name' | 'str' | 'num' | 'op' | 'eof';
export interface ExprToken {
  type: ExprTokenType;
  /** Name, operator or decoded string text; for numbers the numeric value. */
  value: string | number;
  pos: number;
  line: number;
  /** A number written with a point or an exponent (set on those only). */
  float?: true;
}

const TWO_CHAR_OPS = new Set(['**', '//', '==', '!=', '<=', '>=']);
const ONE_CHAR_OPS = new Set('+-*/%~<>=()[]{}.,:|!');
// Python's unicode-escape, which Jinja decodes string literals with.
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
  '\r': '',
};
const HEX_ESCAPE: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The escape at `text[j]` (after its backslash): its text and its length; unknown escapes stay as written. */
function escapeAt(text: string, j: number, end: number): [string, number] {
  const e = text[j] as string;
  // A backslash before CRLF continues the line too (jinja2 normalises newlines before decoding).
  if (e === '\r' && text[j + 1] === '\n') return ['', 2];
  const simple = ESCAPES[e];
  if (simple !== undefined) return [simple, 1];
  const octal = /^[0-7]{1,3}/.exec(text.slice(j, Math.min(j + 3, end)));
  if (octal) return [String.fromCodePoint(parseInt(octal[0], 8)), octal[0].length];
  const digits = HEX_ESCAPE[e];
  if (digits !== undefined) {
    const hex = text.slice(j + 1, j + 1 + digits);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : NaN;
    if (code <= 0x10ffff) return [String.fromCodePoint(code), 1 + digits];
  }
  return [`\\${e}`, 1];
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class ExprSyntaxError {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}

/** Tokenises `text[start, end)`; `line` is the line of `start`. Returns an error value on a bad character. */
export function lexExpr(text: string, start: number, end: number, line: number): ExprToken[] | ExprSyntaxError {
  const out: ExprToken[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
    } else if (c === 32 || c === 9 || c === 13) {
      i++;
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < end && (isNameStart(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
      out.push({ type: 'name', value: text.slice(i, j), pos: i, line });
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < end && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (j < end && isDigit(text.charCodeAt(j))) j++;
      }
      if ((text.charCodeAt(j) | 32) === 101 && /[-+]?\d/.test(text.slice(j + 1, j + 3))) {
        j += 2;
        while (j < end && isDigit(text.charCodeAt(j))) j++;
      }
      const written = text.slice(i, j);
      const token: ExprToken = { type: 'num', value: Number(written.replace(/_/g, '')), pos: i, line };
      if (/[.eE]/.test(written)) token.float = true;
      out.push(token);
      i = j;
    } else if (c === 39 || c === 34) {
      const close = text.indexOf(c === 39 ? "'" : '"', i + 1);
      const simple = close !== -1 && close < end ? text.slice(i + 1, close) : null;
      if (simple !== null && simple.indexOf('\\') === -1) {
        // Common case: no escapes, so the literal is a plain slice.
        out.push({ type: 'str', value: simple, pos: i, line });
        for (let nl = simple.indexOf('\n'); nl !== -1; nl = simple.indexOf('\n', nl + 1)) line++;
        i = close + 1;
        continue;
      }
      const startLine = line;
      let j = i + 1;
      let s = '';
      while (j < end && text.charCodeAt(j) !== c) {
        const ch = text[j] as string;
        if (ch === '\\' && j + 1 < end) {
          if (text[j + 1] === '\n' || (text[j + 1] === '\r' && text[j + 2] === '\n')) line++;
          const [decoded, length] = escapeAt(text, j + 1, end);
          s += decoded;
          j += 1 + length;
          continue;
        }
        if (ch === '\n') line++;
        s += ch;
        j++;
      }
      if (j >= end) return new ExprSyntaxError('Unterminated string literal.', startLine);
      out.push({ type: 'str', value: s, pos: i, line: startLine });
      i = j + 1;
    } else {
      const two = text.slice(i, i + 2);
      if (TWO_CHAR_OPS.has(two)) {
        out.push({ type: 'op', value: two, pos: i, line });
        i += 2;
      } else if (ONE_CHAR_OPS.has(text[i] as string)) {
        out.push({ type: 'op', value: text[i] as string, pos: i, line });
        i++;
      } else {
        return new ExprSyntaxError(`Unexpected character \`${text[i] ?? ''}\`.`, line);
      }
    }
  }
  out.push({ type: 'eof', value: '', pos: end, line });
  return out;
}
