// scanSql: the refs, sources and configs a dbt SQL model or snapshot declares at parse time.
import { lex } from './lexer.js';
import { Runtime } from './runtime.js';
import { Scope } from './host.js';
import { parseTemplate } from './template-parser.js';
import type { JinjaContext, ScanDiagnostic, ScanResult } from './types.js';

const byLine = (a: ScanDiagnostic, b: ScanDiagnostic): number => a.line - b.line;

export function scanSql(text: string, ctx: JinjaContext): ScanResult {
  // Fast path: a file without tags declares nothing (comments alone don't count).
  if (text.indexOf('{{') === -1 && text.indexOf('{%') === -1) {
    return { refs: [], sources: [], configs: [], diagnostics: [] };
  }
  const rt = new Runtime(text, ctx);
  let diagnostics: ScanDiagnostic[] = [];
  try {
    const lexed = lex(text);
    diagnostics = lexed.diagnostics;
    rt.exec(parseTemplate(text, lexed.tokens, diagnostics), new Scope(null));
  } catch (e) {
    // Never throw on user input: an evaluator bug becomes a diagnostic and what was found so far is kept.
    rt.diag('jinja-internal', 'error', `Evaluation stopped: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
  return {
    refs: rt.refs,
    sources: rt.sources,
    configs: rt.configs,
    diagnostics: diagnostics.length === 0 ? rt.diagnostics : [...diagnostics, ...rt.diagnostics].sort(byLine),
  };
}
