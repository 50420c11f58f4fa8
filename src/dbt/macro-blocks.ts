// The top-level blocks of a macro file as dbt's block lexer (dbt_common's extract_toplevel_blocks) cuts them for
// the manifest's `macro_sql`: from the opening tag to the end of the closing tag, whitespace control included (an
// opening `{%-` takes the whitespace before it, a closing `-%}` the whitespace after it), in the file as dbt reads
// it (stripped, CRLF kept). Comments, expressions and strings are skipped over; `{% raw %}` is opaque.

import { pythonStrip } from './text.js';

export type MacroBlockKind = 'macro' | 'materialization' | 'test';

export interface MacroBlock {
  kind: MacroBlockKind;
  /** The manifest's name: `foo`, `test_foo`, `materialization_foo_<adapter or default>`. */
  name: string;
  sql: string;
  /** 1-based line of the opening tag in the file as written. */
  line: number;
  /** A materialization's `supported_languages` (default `['sql']`); null for other blocks. */
  supportedLanguages: string[] | null;
}

// Whitespace as dbt's lexer (Python's `\s`) means it: not the BOM, which JavaScript's `\s` and trim() take.
const WHITESPACE = { test: (c: string) => c.trim() === '' && c !== '\ufeff' } as const;
/** Block tags that may wrap a block at the top level, which dbt refuses for macros (BlockDefinitionNotAtTop). */
const WRAPPERS = new Set(['if', 'for', 'call', 'filter', 'with', 'set']);

/** Where the `{{`, `{%` or `{#` construct starting at `i` ends (after its closer), skipping quoted strings. */
function constructEnd(text: string, i: number): number {
  const opener = text[i + 1];
  if (opener === '#') {
    const end = text.indexOf('#}', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  const closer = opener === '{' ? '}}' : '%}';
  let quote: string | null = null;
  for (let j = i + 2; j < text.length; j++) {
    const c = text[j]!;
    if (quote !== null) {
      if (c === '\\') j++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (text.startsWith(closer, j)) return j + 2;
  }
  return text.length;
}

/** The name of the tag `{% name ... %}` spanning [start, end), and whether it closes with `-%}`. */
function tagOf(text: string, start: number, end: number): { name: string; body: string; trims: boolean } {
  const inner = text.slice(start + 2, end - 2);
  const trims = inner.endsWith('-');
  const body = inner.replace(/^[-+]?\s*/, '').replace(/\s*[-+]?$/, '');
  return { name: /^\w*/.exec(body)![0], body, trims };
}

function blockName(kind: MacroBlockKind, body: string): { name: string; languages: string[] | null } | null {
  const word = /^\w+\s+(\w+)/.exec(body)?.[1];
  if (word === undefined) return null;
  if (kind === 'macro') return { name: word, languages: null };
  if (kind === 'test') return { name: `test_${word}`, languages: null };
  const adapter = /adapter\s*=\s*['"](\w+)['"]/.exec(body)?.[1] ?? 'default';
  const listed = /supported_languages\s*=\s*\[([^\]]*)\]/.exec(body)?.[1];
  const languages = listed === undefined ? ['sql'] : [...listed.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]!);
  return { name: `materialization_${word}_${adapter}`, languages };
}

/** Where a `{% raw %}` opened at a tag ending at `end` closes (after its `{% endraw %}`). */
function rawEnd(text: string, end: number): number {
  const close = /{%-?\s*endraw\s*-?%}/.exec(text.slice(end));
  return close ? end + close.index + close[0].length : text.length;
}

/** A file dbt's lexer refuses (it stops the parse): what and where. */
export interface BlockProblem {
  message: string;
  line: number;
}

/** The blocks of `allowed` kinds at the top level of a file, as dbt registers them. */
export function macroBlocks(
  fileText: string,
  allowed: ReadonlySet<MacroBlockKind>,
  problems: BlockProblem[] = [],
): MacroBlock[] {
  // dbt reads the file stripped: lines below count from the first line kept.
  const text = pythonStrip(fileText);
  const lineOffset = fileText.slice(0, text === '' ? 0 : fileText.indexOf(text)).split('\n').length - 1;
  const lineAt = (index: number) => lineOffset + text.slice(0, index).split('\n').length;
  const blocks: MacroBlock[] = [];
  let previousEnd = 0;
  let wrapped = 0; // open `{% if %}`, `{% for %}`... around the current position
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0 || open + 1 >= text.length) break;
    const next = text[open + 1];
    if (next !== '{' && next !== '%' && next !== '#') {
      i = open + 1;
      continue;
    }
    const end = constructEnd(text, open);
    if (next !== '%') {
      previousEnd = i = end;
      continue;
    }
    const tag = tagOf(text, open, end);
    if (tag.name === 'raw') {
      previousEnd = i = rawEnd(text, end);
      continue;
    }
    // `{% set x = 1 %}` is a statement; only `{% set x %}...{% endset %}` is a block.
    if (WRAPPERS.has(tag.name) && !(tag.name === 'set' && tag.body.includes('='))) wrapped++;
    else if (tag.name.startsWith('end') && WRAPPERS.has(tag.name.slice(3)) && wrapped > 0) wrapped--;
    const kind = tag.name as MacroBlockKind;
    if (!allowed.has(kind)) {
      previousEnd = i = end;
      continue;
    }
    if (wrapped > 0)
      problems.push({ message: `a \`${kind}\` block must be at the top level of the file`, line: lineAt(open) });
    // The block's end tag, past nested constructs; `{%-` before it pulls in the whitespace that precedes it.
    let start = open;
    if (text[open + 2] === '-') while (start > previousEnd && WHITESPACE.test(text[start - 1]!)) start--;
    let j = end;
    let blockEnd = text.length;
    let closed = false;
    while (j < text.length) {
      const o = text.indexOf('{', j);
      if (o < 0 || o + 1 >= text.length) break;
      if (text[o + 1] !== '{' && text[o + 1] !== '%' && text[o + 1] !== '#') {
        j = o + 1;
        continue;
      }
      const e = constructEnd(text, o);
      const inner = text[o + 1] === '%' ? tagOf(text, o, e) : null;
      if (inner?.name === `end${kind}`) {
        blockEnd = e;
        if (inner.trims) while (blockEnd < text.length && WHITESPACE.test(text[blockEnd]!)) blockEnd++;
        closed = true;
        break;
      }
      if (inner !== null && allowed.has(inner.name as MacroBlockKind))
        problems.push({ message: `a \`${inner.name}\` block inside another block`, line: lineAt(o) });
      j = inner?.name === 'raw' ? rawEnd(text, e) : e;
    }
    if (!closed) problems.push({ message: `a \`${kind}\` block has no \`{% end${kind} %}\``, line: lineAt(open) });
    const named = blockName(kind, tag.body);
    if (named)
      blocks.push({
        kind,
        name: named.name,
        sql: text.slice(start, blockEnd),
        line: lineAt(open),
        supportedLanguages: named.languages,
      });
    previousEnd = i = blockEnd;
  }
  return blocks;
}
