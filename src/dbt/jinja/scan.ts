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
    ...(scan.functions ? { functions: scan.functions.map(at) } : {}),
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
  if (plain !== null) return withStaticMark(plain, text, ctx);
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
  const result: ScanResult = {
    refs: rt.refs,
    sources: rt.sources,
    configs: rt.configs,
    ...(rt.metrics.length > 0 ? { metrics: rt.metrics } : {}),
    ...(rt.functions.length > 0 ? { functions: rt.functions } : {}),
    macros: rt.macros,
    diagnostics: diagnostics.length === 0 ? rt.diagnostics : [...diagnostics, ...rt.diagnostics].sort(byLine),
  };
  return withStaticMark(result, text, ctx);
}

/**
 * `static` on a scan when the file is what dbt's static parser reads and it changes something: a source called
 * twice (kept once), or config() calls whose unrendered_config the static parser writes otherwise (several calls, a
 * package model's, a tags string, a list or dict under dbt's flag). The check parses the file again, so it runs for
 * those files only.
 */
function withStaticMark(scan: ScanResult, text: string, ctx: JinjaContext): ScanResult {
  const twice =
    scan.sources.length >= 2 && new Set(scan.sources.map((s) => `${s.source}\0${s.table}`)).size < scan.sources.length;
  // A tags string stays a string in unrendered_config when dbt reads the file statically; a package model's calls
  // come after the root project's levels there.
  const pkg = ctx.packageName !== undefined && ctx.packageName !== ctx.projectName;
  // With dbt's state_modified_compare_more_unrendered_values flag, a list or dict stays one (not its repr); an
  // adapter's alias stays as written beside its translation.
  const aliases = ctx.configAliases;
  const calls =
    scan.configs.length >= 2 ||
    (pkg && scan.configs.length > 0) ||
    scan.configs.some(
      (call) =>
        typeof call.values['tags'] === 'string' ||
        (ctx.callsAsWritten === true && Object.values(call.values).some((v) => typeof v === 'object' && v !== null)) ||
        (aliases != null && Object.keys(call.values).some((key) => Object.hasOwn(aliases, key))),
    );
  if (!(twice || calls) || !staticallyParsed(text, ctx)) return scan;
  return { ...scan, static: true };
}

/**
 * Whether dbt-extractor reads the file (dbt then takes its calls from there rather than rendering it): text and
 * `{{ ref(...) }}`, `{{ source(...) }}`, `{{ config(...) }}` of string literals (lists and dicts of them), no
 * whitespace control, no statement, no hook in config(), and no project macro named ref, source or config.
 */
function staticallyParsed(text: string, ctx: JinjaContext): boolean {
  if (text.includes('{%') || text.includes('{{-') || text.includes('-}}') || text.trimEnd().endsWith('{')) return false;
  if (callsOverridden(ctx)) return false;
  const lexed = lex(text);
  const problems: ScanDiagnostic[] = [...lexed.diagnostics];
  const nodes = parseTemplate(text, lexed.tokens, problems);
  return problems.length === 0 && nodes.every(staticNode);
}

const STATIC_CALLS = ['ref', 'source', 'config'];

/** dbt's _has_banned_macro: a project macro named ref, source or config turns the static parser off. */
function callsOverridden(ctx: JinjaContext): boolean {
  const local = ctx.packageName ?? ctx.projectName;
  return STATIC_CALLS.some((name) => ctx.macros?.find(name, local) !== undefined);
}

function staticNode(node: Node): boolean {
  if (node.k === 'text') return true;
  if (node.k !== 'out' || node.expr.k !== 'call' || node.expr.fn.k !== 'name') return false;
  const { fn, args, kwargs } = node.expr;
  if (!STATIC_CALLS.includes(fn.name)) return false;
  // dbt-extractor: config() takes keywords only (and at least one), none a hook; no call spreads `*` or `**`.
  if (kwargs.some((kw) => kw.name === '*' || kw.name === '**')) return false;
  if (fn.name === 'config' && (args.length > 0 || kwargs.length === 0 || kwargs.some((kw) => HOOKS.has(kw.name))))
    return false;
  return args.every(literal) && kwargs.every((kw) => literal(kw.value));
}
const HOOKS = new Set(['pre_hook', 'post_hook']);

/** A string, or a list or dict of them (dict keys strings): the literals dbt-extractor reads. */
function literal(e: Expr): boolean {
  if (e.k === 'lit') return typeof e.value === 'string';
  if (e.k === 'list') return e.items.every(literal);
  if (e.k === 'dict')
    return e.keys.every((k) => k.k === 'lit' && typeof k.value === 'string') && e.values.every(literal);
  return false;
}
