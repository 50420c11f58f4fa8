// Finds `{% docs %}` and `{% snapshot %}` blocks, the top-level blocks dbt reads before rendering anything.
import { renderTemplate } from './render.js';
import type { JinjaContext } from './types.js';
import { pythonStrip } from '../text.js';

const DOCS = /\{%-?\s*docs\s+([A-Za-z_][\w-]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
const SNAPSHOT = /\{%-?\s*snapshot\s+([A-Za-z_]\w*)\s*-?%\}/g;
const END_SNAPSHOT = /\{%-?\s*endsnapshot\s*-?%\}/g;
const EMPTY_CONTEXT: JinjaContext = {
  vars: {},
  target: { name: '', type: '', schema: '', database: '' },
  env: {},
  projectName: '',
};

/** Line numbers for increasing offsets, counting each newline once. */
function lineCounter(text: string): (pos: number) => number {
  let at = 0;
  let line = 1;
  return (pos) => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    at = Math.max(at, pos);
    return line;
  };
}

export function extractDocBlocks(markdown: string): Array<{ name: string; content: string; line: number }> {
  const out: Array<{ name: string; content: string; line: number }> = [];
  if (markdown.indexOf('docs') === -1) return out;
  const lineAt = lineCounter(markdown);
  DOCS.lastIndex = 0;
  for (let m = DOCS.exec(markdown); m !== null; m = DOCS.exec(markdown)) {
    const raw = m[2] ?? '';
    // dbt renders a docs block with an empty context and strips it: comments go, raw blocks unwrap.
    let content = raw;
    if (raw.includes('{#') || raw.includes('{%') || raw.includes('{{')) {
      // dbt renders docs blocks as text (get_rendered without native).
      const r = renderTemplate(raw, EMPTY_CONTEXT, undefined, [], {}, false);
      if (typeof r === 'string') content = r;
    }
    // Python's str.strip(): a BOM is content to it, an ASCII file separator is whitespace.
    out.push({ name: m[1] ?? '', content: pythonStrip(content), line: lineAt(m.index) });
  }
  return out;
}

export function extractSnapshots(sql: string): Array<{ name: string; body: string; line: number; bodyLine: number }> {
  const out: Array<{ name: string; body: string; line: number; bodyLine: number }> = [];
  if (sql.indexOf('snapshot') === -1) return out;
  const lineAt = lineCounter(sql);
  SNAPSHOT.lastIndex = 0;
  for (let m = SNAPSHOT.exec(sql); m !== null; m = SNAPSHOT.exec(sql)) {
    const bodyStart = m.index + m[0].length;
    END_SNAPSHOT.lastIndex = bodyStart;
    const end = END_SNAPSHOT.exec(sql);
    const bodyEnd = end === null ? sql.length : end.index;
    out.push({
      name: m[1] ?? '',
      body: sql.slice(bodyStart, bodyEnd),
      line: lineAt(m.index),
      bodyLine: lineAt(bodyStart),
    });
    if (end === null) break;
    SNAPSHOT.lastIndex = end.index + end[0].length;
  }
  return out;
}
