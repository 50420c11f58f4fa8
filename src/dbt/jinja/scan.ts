// scanSql: the refs, sources and configs a dbt SQL model or snapshot declares at parse time.
import { lex } from './lexer.js';
import { Runtime } from './runtime.js';
import { Scope } from './host.js';
import { parseTemplate } from './template-parser.js';
import type { Expr, Node } from './ast.js';
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
  let isStatic = false;
  try {
    const lexed = lex(text);
    diagnostics = lexed.diagnostics;
    const nodes = parseTemplate(text, lexed.tokens, diagnostics);
    isStatic = diagnostics.length === 0 && !callsOverridden(ctx) && nodes.every(staticNode);
    rt.exec(nodes, new Scope(null));
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
    ...(isStatic ? { static: true as const } : {}),
  };
}

const STATIC_CALLS = ['ref', 'source', 'config'];

/** dbt's _has_banned_macro: a project macro named ref, source or config turns the static parser off. */
function callsOverridden(ctx: JinjaContext): boolean {
  const local = ctx.packageName ?? ctx.projectName;
  return STATIC_CALLS.some((name) => ctx.macros?.find(name, local) !== undefined);
}

/** What dbt-extractor reads: text, and `{{ ref(...) }}`, `{{ source(...) }}`, `{{ config(...) }}` of literals. */
function staticNode(node: Node): boolean {
  if (node.k === 'text') return true;
  if (node.k !== 'out' || node.expr.k !== 'call' || node.expr.fn.k !== 'name') return false;
  return (
    STATIC_CALLS.includes(node.expr.fn.name) &&
    node.expr.args.every(literal) &&
    node.expr.kwargs.every((kw) => literal(kw.value))
  );
}

function literal(e: Expr): boolean {
  if (e.k === 'lit') return true;
  if (e.k === 'list' || e.k === 'tuple') return e.items.every(literal);
  if (e.k === 'dict') return e.keys.every(literal) && e.values.every(literal);
  return false;
}
