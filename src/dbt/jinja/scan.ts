// scanSql: the refs, sources and configs a dbt SQL model or snapshot declares at parse time.
import { lex } from './lexer.js';
import { Runtime } from './runtime.js';
import { Scope } from './host.js';
import { parseTemplate } from './template-parser.js';
import type { JinjaContext, ScanDiagnostic, ScanResult } from './types.js';
import { NO_MACROS, plainScan } from './plain-scan.js';

const byLine = (a: ScanDiagnostic, b: ScanDiagnostic): number => a.line - b.line;

/**
 * A scan of text that starts on `line` of its file (a snapshot block, a hook in dbt_project.yml): its refs, sources
 * and configs on the file's lines. Its diagnostics are left out: the scan reported them with that offset already.
 */
export function scanAtLine(scan: ScanResult, line: number): ScanResult {
  const at = <T extends { line: number }>(item: T): T => ({ ...item, line: item.line + line - 1 });
  return {
    refs: scan.refs.map(at),
    sources: scan.sources.map(at),
    configs: scan.configs.map(at),
    ...(scan.metrics ? { metrics: scan.metrics.map(at) } : {}),
    macros: scan.macros,
    diagnostics: [],
  };
}

export function scanSql(text: string, ctx: JinjaContext): ScanResult {
  // Fast path: a file without tags declares nothing (comments alone don't count).
  if (text.indexOf('{{') === -1 && text.indexOf('{%') === -1) {
    return { refs: [], sources: [], configs: [], macros: NO_MACROS, diagnostics: [] };
  }
  const plain = plainScan(text, ctx);
  if (plain !== null) return plain;
  const rt = new Runtime(text, ctx);
  rt.modelContext = true;
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
    ...(rt.metrics.length > 0 ? { metrics: rt.metrics } : {}),
    macros: rt.macros,
    diagnostics: diagnostics.length === 0 ? rt.diagnostics : [...diagnostics, ...rt.diagnostics].sort(byLine),
  };
}
