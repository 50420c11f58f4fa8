// scanSql: the refs, sources and configs a dbt SQL model or snapshot declares at parse time.
import { lex } from './lexer.js';
import { Runtime } from './runtime.js';
import { Scope } from './host.js';
import { parseTemplate } from './template-parser.js';
import type { JinjaContext, ScanDiagnostic, ScanResult } from './types.js';

const byLine = (a: ScanDiagnostic, b: ScanDiagnostic): number => a.line - b.line;

export function scanSql(text: string, ctx: JinjaContext): ScanResult {
  // Fast path: most of a large project's files have nothing but `{{ ref() }}`-free SQL or none at all.
  if (text.indexOf('{{') === -1 && text.indexOf('{%') === -1)
    return { refs: [], sources: [], configs: [], diagnostics: [] };
  const { tokens, diagnostics } = lex(text);
  const nodes = parseTemplate(text, tokens, diagnostics);
  const rt = new Runtime(text, ctx);
  try {
    rt.exec(nodes, new Scope(null));
  } catch (e) {
    // Never throw on user input: an evaluator bug becomes a diagnostic and the refs found so far are kept.
    rt.diag('jinja-internal', 'error', `Evaluation stopped: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
  return {
    refs: rt.refs,
    sources: rt.sources,
    configs: rt.configs,
    diagnostics: diagnostics.length === 0 ? rt.diagnostics : [...diagnostics, ...rt.diagnostics].sort(byLine),
  };
}
