// Literal (`|`) and folded (`>`) block scalars for the block-YAML fast path (yaml-block.ts): js-yaml's
// `readBlockScalar`, step for step, so that chomping, blank lines, more-indented lines and the auto-detected
// indent give exactly js-yaml's string. Explicit indentation indicators (`|2`) and bad headers fall back.
import { DASH, HASH, SPACE, outside } from './yaml-scalar.js';

const CLIP = 0;
const STRIP = 1;
const KEEP = 2;

export interface BlockScalar {
  value: string;
  /** The offset where the first line after the scalar starts (the text's length or more at its end). */
  next: number;
  /** How many lines were read after the header, that first line included. */
  lines: number;
}

/**
 * The block scalar whose header (`|`, `>-`, `|+ # comment`...) starts at `i` on a line that ends at `lineEnd`,
 * for a node whose parent is at indent `n`. Its text starts at indent n + 1 or more: the first line with
 * content sets it, and a blank line before that with more spaces raises it, as in js-yaml.
 */
export function readBlockScalar(text: string, i: number, lineEnd: number, n: number): BlockScalar {
  const folding = text.charCodeAt(i) === 0x3e;
  let chomping = CLIP;
  for (i++; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b || c === DASH) {
      if (chomping !== CLIP) outside(); // a repeated chomping indicator is an error
      chomping = c === DASH ? STRIP : KEEP;
    } else if (c >= 0x30 && c <= 0x39) {
      outside(); // an explicit indentation indicator
    } else {
      break;
    }
  }
  if (text.charCodeAt(i) === SPACE) {
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) === HASH) i = lineEnd;
  }
  if (i < lineEnd) outside(); // anything else after the header is an error

  let textIndent = n + 1;
  let detected = false;
  let empty = 0; // blank lines since the last content line
  let didRead = false;
  let atMoreIndented = false;
  let value = '';
  let start = lineEnd + 1;
  let lines = 0;
  // PyYAML keeps a line break that is in the text only: a last line at the end of the text has none (js-yaml
  // appends one to the text first). dbt's YAML files end so, stripped as they are read.
  let lastBreak = '';
  for (;;) {
    lines++;
    if (start >= text.length) break; // the end of the text ends the scalar as a less indented line would
    let end = text.indexOf('\n', start);
    if (end < 0) {
      end = text.length;
      // A last line of spaces and no break: js-yaml appends a break, PyYAML reads spaces beyond the indent as
      // content. No file dbt reads ends so (stripped as read); js-yaml reads it, as the reference.
      if (/^ +$/.test(text.slice(start))) outside();
    }
    let p = start;
    if (detected) {
      const limit = Math.min(start + textIndent, end);
      while (p < limit && text.charCodeAt(p) === SPACE) p++;
    } else {
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      if (p - start > textIndent) textIndent = p - start;
    }
    if (p === end) {
      empty++;
      start = end + 1;
      continue;
    }
    if (p - start < textIndent) break;
    if (!folding) {
      value += '\n'.repeat(didRead ? 1 + empty : empty);
    } else if (text.charCodeAt(p) === SPACE) {
      atMoreIndented = true; // more-indented lines keep their line breaks
      value += '\n'.repeat(didRead ? 1 + empty : empty);
    } else if (atMoreIndented) {
      atMoreIndented = false;
      value += '\n'.repeat(empty + 1);
    } else if (empty === 0) {
      if (didRead) value += ' ';
    } else {
      value += '\n'.repeat(empty);
    }
    didRead = true;
    detected = true;
    empty = 0;
    value += text.slice(p, end);
    lastBreak = end < text.length ? '\n' : '';
    start = end + 1;
  }
  if (chomping === KEEP) value += (didRead ? lastBreak : '') + '\n'.repeat(empty);
  else if (chomping === CLIP && didRead) value += lastBreak;
  return { value, next: start, lines };
}
