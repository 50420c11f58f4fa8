// The fast way through the most common tags of a project: `{{ name('a') }}` or `{{ name('a', 'b') }}` (refs,
// sources, doc calls), parsed without the expression lexer into the same tree the parser would build.
import type { Expr } from './ast.js';
import type { TagToken } from './lexer.js';

/** `name('a')` or `name('a', 'b')`: most tags of a project, parsed without the expression lexer. */
const SIMPLE_CALL =
  /^(\s*)([A-Za-z_]\w*)\(\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*(?:,\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*)?\)\s*$/;

export function simpleCall(text: string, tok: TagToken): Expr | null {
  const content = text.slice(tok.start, tok.end);
  const m = SIMPLE_CALL.exec(content);
  if (m === null) return null;
  const lead = m[1] ?? '';
  let line = tok.line;
  for (let i = lead.indexOf('\n'); i !== -1; i = lead.indexOf('\n', i + 1)) line++;
  const args: Expr[] = [{ k: 'lit', value: m[3] ?? m[4] ?? '', line }];
  const second = m[5] ?? m[6];
  if (second !== undefined) args.push({ k: 'lit', value: second, line });
  const start = tok.start + lead.length;
  const end = tok.start + content.trimEnd().length;
  return { k: 'call', fn: { k: 'name', name: m[2] ?? '', line }, args, kwargs: [], start, end, line };
}
