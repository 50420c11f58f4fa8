// scanSql: the refs, sources and configs a dbt SQL model or snapshot declares at parse time.
import { lex } from './lexer.js';
import { Runtime } from './runtime.js';
import { Scope } from './host.js';
import { parseTemplate } from './template-parser.js';
import type { JinjaContext, ScanDiagnostic, ScanResult } from './types.js';
import { readConfigTag } from './config-tag.js';

/** No macro calls: shared by the scans of most files (what dbt's static parser reads). */
const NO_MACROS: readonly string[] = Object.freeze([]);

const byLine = (a: ScanDiagnostic, b: ScanDiagnostic): number => a.line - b.line;

/**
 * `{{ ref('a') }}`, `{{ ref('pkg', 'a') }}` or `{{ source('s', 't') }}`, whitespace control allowed (whitespace as the
 * evaluator's lexer knows it: space, tab, CR, LF): the only tags
 * of most model files. Sticky: it must match right where a `{{` starts. Groups: 1 the text before the name (for
 * its line), 2 the function, 3-6 the arguments.
 */
const PLAIN_TAG =
  /\{\{-?([ \t\r\n]*)(ref|source)\([ \t\r\n]*(?:'([^'\\\n]*)'|"([^"\\\n]*)")[ \t\r\n]*(?:,[ \t\r\n]*(?:'([^'\\\n]*)'|"([^"\\\n]*)")[ \t\r\n]*)?\)[ \t\r\n]*-?\}\}/y;

/**
 * The scan of a file whose every tag is a PLAIN_TAG or a config() of literals (config-tag.ts), without lexing,
 * parsing or running it: the same refs, sources and configs, lines and order the evaluator records. Null when the
 * file needs the evaluator: statements (`{%`), comments (`{#`, which may hide a tag), any other `{{ }}`, a
 * source() without two arguments, or a project macro named `ref`, `source` or `config` (it would run instead of
 * dbt's).
 */
function plainScan(text: string, ctx: JinjaContext): ScanResult | null {
  if (text.indexOf('{%') !== -1 || text.indexOf('{#') !== -1) return null;
  const local = ctx.packageName ?? ctx.projectName;
  const macros = ctx.macros;
  if (macros && (macros.find('ref', local) || macros.find('source', local) || macros.find('config', local)))
    return null;
  const refs: ScanResult['refs'] = [];
  const sources: ScanResult['sources'] = [];
  const configs: ScanResult['configs'] = [];
  let line = 1;
  let counted = 0;
  // As Jinja's lexer does: the next tag starts at the first `{{` after the end of the previous one.
  for (let open = text.indexOf('{{'); open !== -1; open = text.indexOf('{{', PLAIN_TAG.lastIndex)) {
    PLAIN_TAG.lastIndex = open;
    const m = PLAIN_TAG.exec(text);
    const config = m === null ? readConfigTag(text, open) : null;
    if (m === null && config === null) return null;
    for (let i = text.indexOf('\n', counted); i !== -1 && i < open; i = text.indexOf('\n', i + 1)) line++;
    counted = open;
    let at = line;
    const lead = m === null ? config!.lead : m[1]!;
    for (let i = lead.indexOf('\n'); i !== -1; i = lead.indexOf('\n', i + 1)) at++;
    if (m === null) {
      configs.push({ values: config!.values, line: at });
      PLAIN_TAG.lastIndex = config!.end;
      continue;
    }
    const first = m[3] ?? m[4]!;
    const second = m[5] ?? m[6];
    if (m[2] === 'ref') {
      const name = second ?? first;
      const pkg = second === undefined ? null : first;
      refs.push({ name, package: pkg, version: null, line: at, certainty: 'static' });
    } else if (second === undefined) {
      return null;
    } else {
      sources.push({ source: first, table: second, line: at, certainty: 'static' });
    }
  }
  // What dbt's static parser reads (only ref, source and config calls): dbt renders nothing, so calls no macro.
  return { refs, sources, configs, macros: NO_MACROS, diagnostics: [] };
}

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
    macros: rt.macros,
    diagnostics: diagnostics.length === 0 ? rt.diagnostics : [...diagnostics, ...rt.diagnostics].sort(byLine),
  };
}
