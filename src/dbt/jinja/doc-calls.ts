// The `doc()` calls a description makes at its top level, as dbt 1.10+ finds them for `doc_blocks` without
// rendering anything (dbt/parser/manifest.py, _get_doc_blocks): each `{{ doc('name') }}` or
// `{{ doc('package', 'name') }}` output, in order. A doc() inside an expression (`doc('x') ~ '!'`,
// `doc('x').format(...)`, a filter) or inside a statement (`{% if %}`) is not one; of the arguments only
// literals count, so `doc(var('x'))` names nothing and `doc('pkg', var('x'))` names `pkg`.
import { lex } from './lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ScanDiagnostic } from './types.js';

export interface DocCall {
  name: string;
  package: string | null;
}

export function docCalls(description: string): DocCall[] {
  if (description.indexOf('doc') === -1 || description.indexOf('{{') === -1) return [];
  const diagnostics: ScanDiagnostic[] = [];
  const lexed = lex(description);
  // A description that is not valid Jinja has none (rendering it reports the error).
  if (lexed.diagnostics.length > 0) return [];
  const calls: DocCall[] = [];
  for (const node of parseTemplate(description, lexed.tokens, diagnostics)) {
    if (node.k !== 'out') continue;
    const expr = node.expr;
    if (expr.k !== 'call' || expr.fn.k !== 'name' || expr.fn.name !== 'doc') continue;
    // Jinja's Const: a literal of any type; a name that is not a string never resolves to a doc block.
    const literals = expr.args.flatMap((arg) => (arg.k === 'lit' ? [arg.value] : []));
    const [first, second] = literals;
    if (literals.length === 1 && typeof first === 'string') calls.push({ name: first, package: null });
    // A `none` package is no package, as dbt's resolve_doc takes it.
    else if (literals.length === 2 && (typeof first === 'string' || first === null) && typeof second === 'string')
      calls.push({ name: second, package: first });
  }
  return diagnostics.length > 0 ? [] : calls;
}
