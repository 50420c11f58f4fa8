// Splits a template into text, `{{ }}` and `{% %}` tokens (comments dropped, raw blocks made text), with lines.
import type { ScanDiagnostic } from './types.js';

export interface TextToken {
  kind: 'text';
  /** Offsets of the literal text, after whitespace control; sliced only when output is needed. */
  start: number;
  end: number;
}
export interface TagToken {
  kind: 'out' | 'stmt';
  /** Offsets of the tag's content in the source, whitespace-control dashes excluded. */
  start: number;
  end: number;
  line: number;
}
export type TemplateToken = TextToken | TagToken;

const BRACE = 123; // {
const PERCENT = 37;
const HASH = 35;
const DASH = 45;
const PLUS = 43;
const RAW_END = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
const RAW_TAG = /^\s*raw\s*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Counts lines forward only, so that a file is walked once however many tags it has. */
class LineCounter {
  private at = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  lineAt(pos: number): number {
    let i = this.text.indexOf('\n', this.at);
    while (i !== -1 && i < pos) {
      this.line++;
      i = this.text.indexOf('\n', i + 1);
    }
    this.at = pos;
    return this.line;
  }
}

/**
 * Finds the closer of a tag opened before `from`, skipping strings and balanced brackets as Jinja's lexer does.
 * Returns -1 when the tag is not closed before the next opener or the end of the text.
 */
export function findClose(text: string, from: number, closer: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 34) {
      // As Jinja's string rule: a backslash escapes the character after it (`'\\'` ends at its third quote).
      let q = i + 1;
      while (q < text.length && text.charCodeAt(q) !== c) q += text.charCodeAt(q) === 92 ? 2 : 1;
      if (q >= text.length) return -1;
      i = q;
    } else if (c === 40 || c === 91 || c === BRACE) {
      if (c === BRACE && depth === 0) {
        const n = text.charCodeAt(i + 1);
        if (n === PERCENT || n === BRACE) return -1;
      }
      depth++;
    } else if (c === 41 || c === 93) {
      depth--;
    } else if (c === 125) {
      if (closer === 125 && depth <= 0 && text.charCodeAt(i + 1) === 125) return i;
      depth--;
    } else if (c === PERCENT && closer === PERCENT && depth <= 0 && text.charCodeAt(i + 1) === 125) {
      return i;
    }
  }
  return -1;
}

export interface LexResult {
  tokens: TemplateToken[];
  diagnostics: ScanDiagnostic[];
}

export function lex(text: string): LexResult {
  const tokens: TemplateToken[] = [];
  const diagnostics: ScanDiagnostic[] = [];
  const lines = new LineCounter(text);
  let pos = 0;
  let lstripNext = false;

  const pushText = (start: number, end: number, rstrip: boolean): void => {
    if (lstripNext) while (start < end && isSpace(text.charCodeAt(start))) start++;
    if (rstrip) while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    lstripNext = false;
    if (end > start) tokens.push({ kind: 'text', start, end });
  };
  const syntax = (at: number, message: string): void => {
    diagnostics.push({ code: 'jinja-syntax', severity: 'error', message, line: lines.lineAt(at) });
  };

  let i = text.indexOf('{', pos);
  while (i !== -1) {
    const kind = text.charCodeAt(i + 1);
    if (kind !== BRACE && kind !== PERCENT && kind !== HASH) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    const control = text.charCodeAt(i + 2);
    const rstrip = control === DASH;
    const contentStart = control === DASH || control === PLUS ? i + 3 : i + 2;
    if (kind === HASH) {
      const close = text.indexOf('#}', contentStart);
      pushText(pos, i, rstrip);
      if (close === -1) {
        syntax(i, 'Comment `{#` is never closed with `#}`.');
        return { tokens, diagnostics };
      }
      lstripNext = text.charCodeAt(close - 1) === DASH;
      pos = close + 2;
      i = text.indexOf('{', pos);
      continue;
    }
    const close = findClose(text, contentStart, kind === BRACE ? 125 : PERCENT);
    if (close === -1) {
      syntax(i, `Tag \`${kind === BRACE ? '{{' : '{%'}\` is never closed with \`${kind === BRACE ? '}}' : '%}'}\`.`);
      i = text.indexOf('{', i + 2);
      continue;
    }
    pushText(pos, i, rstrip);
    const dashClose = text.charCodeAt(close - 1) === DASH && close - 1 >= contentStart;
    const contentEnd = dashClose || text.charCodeAt(close - 1) === PLUS ? close - 1 : close;
    lstripNext = dashClose;
    const line = lines.lineAt(i);
    pos = close + 2;
    if (kind === PERCENT && RAW_TAG.test(text.slice(contentStart, contentEnd))) {
      RAW_END.lastIndex = pos;
      const m = RAW_END.exec(text);
      if (m === null) {
        syntax(i, 'Block `{% raw %}` is never closed with `{% endraw %}`.');
        pushText(pos, text.length, false);
        return { tokens, diagnostics };
      }
      pushText(pos, m.index, m[0].charCodeAt(2) === DASH);
      lstripNext = m[0].charCodeAt(m[0].length - 3) === DASH;
      pos = m.index + m[0].length;
    } else {
      tokens.push({ kind: kind === BRACE ? 'out' : 'stmt', start: contentStart, end: contentEnd, line });
    }
    i = text.indexOf('{', pos);
  }
  pushText(pos, text.length, false);
  return { tokens, diagnostics };
}
