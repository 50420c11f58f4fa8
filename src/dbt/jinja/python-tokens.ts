// Python source as dbt's PythonParser sees it, for scanPython: names, numbers, strings (with an f-string's
// replacement fields as tokens of their own), operators; comments and whitespace left out.
import { UNKNOWN } from './values.js';

export interface PyTok {
  t: 'name' | 'str' | 'num' | 'op';
  v: unknown;
  line: number;
  pos: number;
  /** An f-string's replacement fields, as tokens: the calls in them are the model's too (dbt walks the AST). */
  fields?: PyTok[];
}

const STRING_PREFIX = /^[rRbBuUfF]{1,2}$/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

export function tokenize(text: string, from = 0, to = text.length, firstLine = 1): PyTok[] {
  const toks: PyTok[] = [];
  let line = firstLine;
  let i = from;
  const n = to;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\\') {
      i++;
    } else if (c === '#') {
      const e = text.indexOf('\n', i);
      i = e === -1 ? n : e;
    } else if (NAME_CHAR.test(c) && !(c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < n && NAME_CHAR.test(text[j] as string)) j++;
      const word = text.slice(i, j);
      const q = text[j];
      if ((q === '"' || q === "'") && STRING_PREFIX.test(word)) {
        i = readString(j, word.toLowerCase());
      } else {
        toks.push({ t: 'name', v: word, line, pos: i });
        i = j;
      }
    } else if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9a-fA-FxXoO_.]/.test(text[j] as string)) j++;
      const num = Number(text.slice(i, j).replace(/_/g, ''));
      toks.push({ t: 'num', v: Number.isNaN(num) ? UNKNOWN : num, line, pos: i });
      i = j;
    } else if (c === '"' || c === "'") {
      i = readString(i, '');
    } else {
      const two = text.slice(i, i + 2);
      const op = two === '==' || two === '**' || two === '!=' || two === '<=' || two === '>=' ? two : c;
      toks.push({ t: 'op', v: op, line, pos: i });
      i += op.length;
    }
  }
  return toks;

  function readString(at: number, prefix: string): number {
    const q = text[at] as string;
    const triple = text.startsWith(q + q + q, at);
    const close = triple ? q + q + q : q;
    const raw = prefix.includes('r');
    const startLine = line;
    let j = at + close.length;
    let s = '';
    while (j < n && !text.startsWith(close, j)) {
      const ch = text[j] as string;
      if (!triple && ch === '\n') break; // unterminated single-quoted string: stop at the line's end
      if (ch === '\\' && j + 1 < n) {
        const e = text[j + 1] as string;
        if (e === '\n') line++;
        s += raw ? ch + e : (ESCAPES[e] ?? ch + e);
        j += 2;
        continue;
      }
      if (ch === '\n') line++;
      s += ch;
      j++;
    }
    const tok: PyTok = { t: 'str', v: prefix.includes('f') ? UNKNOWN : s, line: startLine, pos: at };
    if (prefix.includes('f')) {
      const fields = fieldTokens(text, at + close.length, Math.min(j, n), startLine);
      if (fields.length > 0) tok.fields = fields;
    }
    toks.push(tok);
    return Math.min(n, j + close.length);
  }
}

/**
 * The tokens of an f-string's replacement fields (`{expr}`, `{expr!r}`, `{expr:>10}`; `{{` is a brace), read from
 * the string's text between its quotes.
 */
function fieldTokens(text: string, from: number, to: number, firstLine: number): PyTok[] {
  const out: PyTok[] = [];
  let line = firstLine;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (c !== '{') continue;
    if (text[i + 1] === '{') {
      i++;
      continue;
    }
    // The field runs to its closing brace, nested brackets and quoted strings included; a top-level `!` or `:`
    // starts its conversion or format spec.
    let depth = 0;
    let end = i + 1;
    let exprEnd = -1;
    let quote: string | null = null;
    for (; end < to; end++) {
      const ch = text[end] as string;
      if (quote !== null) {
        if (ch === quote) quote = null;
        continue;
      }
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || (ch === '}' && depth > 0)) depth--;
      else if (ch === '}') break;
      else if (depth === 0 && exprEnd === -1 && (ch === ':' || (ch === '!' && text[end + 1] !== '='))) exprEnd = end;
    }
    out.push(...tokenize(text, i + 1, exprEnd === -1 ? end : exprEnd, line));
    for (let k = i; k < end; k++) if (text[k] === '\n') line++;
    i = end;
  }
  return out;
}
