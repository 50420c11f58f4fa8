// The scan of most model files without lexing, parsing or running them as templates: files whose tags are plain
// `ref()`/`source()` calls, `config()` calls of literals, and `{% if %}` blocks whose conditions evaluate at parse
// time (`{% if is_incremental() %}`, `{% if target.name == 'prod' %}`). Only the conditions go through the
// evaluator; what it finds is what the evaluator's path finds, in the same order and on the same lines. Anything
// else (another statement, a comment, a condition it cannot decide, a diagnostic) leaves the file to the evaluator.
import { ExprParser } from './expr-parser.js';
import { type ExprToken, ExprSyntaxError, lexExpr } from './expr-lexer.js';
import { Scope } from './host.js';
import { findClose } from './lexer.js';
import { Runtime } from './runtime.js';
import { readConfigTag } from './config-tag.js';
import type { JinjaContext, ScanResult } from './types.js';
import { truthy, Unknown } from './values.js';
import { noItems } from '../empty.js';

/** No macro calls: shared by the scans of most files (what dbt's static parser reads). */
export const NO_MACROS: readonly string[] = noItems<string>();

/**
 * `{{ ref('a') }}`, `{{ ref('pkg', 'a') }}` or `{{ source('s', 't') }}`, whitespace control allowed (whitespace as the
 * evaluator's lexer knows it: space, tab, CR, LF): the only tags
 * of most model files. Sticky: it must match right where a `{{` starts. Groups: 1 the text before the name (for
 * its line), 2 the function, 3-6 the arguments.
 */
const PLAIN_TAG =
  /\{\{-?([ \t\r\n]*)(ref|source)\([ \t\r\n]*(?:'([^'\\\n]*)'|"([^"\\\n]*)")[ \t\r\n]*(?:,[ \t\r\n]*(?:'([^'\\\n]*)'|"([^"\\\n]*)")[ \t\r\n]*)?\)[ \t\r\n]*-?\}\}/y;

const MAX_BLOCKS = 99;
const MAX_TAGS = 100_000;

const BRACE = 123; // {
const PERCENT = 37; // %
const DASH = 45;
const PLUS = 43;

/** One open `{% if %}`: whether the block runs at all, whether a branch was taken, whether `else` was seen. */
interface IfBlock {
  outerActive: boolean;
  taken: boolean;
  active: boolean;
  sawElse: boolean;
}

/** Evaluates `{% if %}` / `{% elif %}` conditions as the evaluator would, on one Runtime per file. */
class Conditions {
  private runtime: Runtime | null = null;

  constructor(
    private readonly text: string,
    private readonly ctx: JinjaContext,
  ) {}

  /**
   * The condition's truth, or null when the evaluator's path must decide (Unknown, an error, a side effect). A
   * condition that is not to run (`evaluate` false: in a block that does not run, or after a taken branch) is
   * parsed all the same, since the evaluator's parser reports its syntax errors wherever it is; it answers false.
   */
  decide(start: number, end: number, line: number, keywordAt: number, evaluate: boolean): boolean | null {
    const tokens = lexExpr(this.text, start, end, line);
    if (tokens instanceof ExprSyntaxError) return null;
    const parser = new ExprParser(tokens);
    // The keyword (`if` / `elif`) as the evaluator's lexer reads it: a name that starts where ours does, and no
    // longer (`ifé` is one name to it).
    const keyword = parser.next();
    if (keyword.type !== 'name' || keyword.pos !== keywordAt || (keyword.value !== 'if' && keyword.value !== 'elif'))
      return null;
    let value: boolean | Unknown;
    try {
      const expr = parser.parseExpression();
      parser.expectEnd();
      if (!evaluate) return false;
      // Only conditions without side effects run here: should a later one send the file to the evaluator, it
      // runs them all again.
      if (!callsOnlyPure(tokens, this.ctx)) return null;
      const rt = (this.runtime ??= Object.assign(new Runtime(this.text, this.ctx), { modelContext: true }));
      value = truthy(rt.evaluate(expr, new Scope(null)));
    } catch {
      return null;
    }
    const rt = this.runtime!;
    if (value instanceof Unknown) return null;
    // A condition that reported something, or called a macro that declared a ref, source or config, is the
    // evaluator's to answer: its order and diagnostics are not this scanner's to reproduce.
    if (rt.diagnostics.length + rt.refs.length + rt.sources.length + rt.configs.length > 0) return null;
    return value;
  }

  /** Macros the conditions called, in call order (dbt records them in depends_on.macros). */
  get macros(): readonly string[] {
    return this.runtime === null || this.runtime.macros.length === 0 ? NO_MACROS : this.runtime.macros;
  }
}

/** Functions a condition may call here: dbt's, which change nothing (unless a project macro takes the name). */
const PURE_CALLS = new Set(['var', 'env_var', 'is_incremental']);
/** Names that are operators in Jinja: a parenthesis after one of them groups. */
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

/**
 * Whether every call in a condition's tokens is `var()`, `env_var()`, `is_incremental()` or `dbt.is_incremental()`:
 * no project macro, no method (`.append()` changes a var's list for every later file), no call of a call's result.
 * A parenthesis after an operator or at the start groups; after anything else it calls.
 */
function callsOnlyPure(tokens: readonly ExprToken[], ctx: JinjaContext): boolean {
  const local = ctx.packageName ?? ctx.projectName;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'op' || token.value !== '(') continue;
    const callee = tokens[i - 1]!;
    if (callee.type === 'op' && callee.value !== ')' && callee.value !== ']') continue;
    if (i === 1) continue; // right after the keyword: `if (a or b)`
    if (callee.type === 'name' && WORD_OPERATORS.has(String(callee.value))) continue;
    if (callee.type !== 'name' || typeof callee.value !== 'string' || !PURE_CALLS.has(callee.value)) return false;
    const before = tokens[i - 2];
    const dotted = before?.type === 'op' && before.value === '.';
    if (dotted) {
      const owner = tokens[i - 3];
      if (callee.value !== 'is_incremental' || owner?.type !== 'name' || owner.value !== 'dbt') return false;
      if (tokens[i - 4]?.type === 'op' && tokens[i - 4]!.value === '.') return false;
    } else if (ctx.macros?.find(callee.value, local)) return false;
  }
  return true;
}

/**
 * The scan of `text` when every tag is one of those above, else null (the evaluator's path decides). Also null
 * when a project macro is named `ref`, `source` or `config` (it would run instead of dbt's).
 */
export function plainScan(text: string, ctx: JinjaContext): ScanResult | null {
  if (text.indexOf('{#') !== -1) return null;
  const local = ctx.packageName ?? ctx.projectName;
  const macros = ctx.macros;
  if (macros && (macros.find('ref', local) || macros.find('source', local) || macros.find('config', local)))
    return null;
  const refs: ScanResult['refs'] = [];
  const sources: ScanResult['sources'] = [];
  const configs: ScanResult['configs'] = [];
  const blocks: IfBlock[] = [];
  let conditions: Conditions | null = null;
  let active = true;
  let tags = 0;
  let line = 1;
  let counted = 0;
  const lineOf = (at: number): number => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    counted = at;
    return line;
  };
  // As Jinja's lexer does: the next tag starts at the first `{{` or `{%` after the end of the previous one.
  let from = 0;
  for (let open = text.indexOf('{', from); open !== -1; open = text.indexOf('{', from)) {
    const kind = text.charCodeAt(open + 1);
    if (kind === PERCENT) {
      const statement = readStatement(text, open);
      if (statement === null) return null;
      const at = lineOf(open);
      from = statement.next;
      const { keyword, start, end } = statement;
      // The evaluator's parser stops at 100 nested blocks, and its runtime after a million steps: files near
      // either are its to answer.
      if (++tags > MAX_TAGS || blocks.length >= MAX_BLOCKS) return null;
      if (keyword === 'if') {
        const taken = (conditions ??= new Conditions(text, ctx)).decide(start, end, at, statement.keywordAt, active);
        if (taken === null) return null;
        blocks.push({ outerActive: active, taken, active: taken, sawElse: false });
      } else {
        const block = blocks[blocks.length - 1];
        if (block === undefined) return null;
        if (keyword === 'endif') {
          blocks.pop();
        } else if (block.sawElse) {
          return null; // `elif` or `else` after `else`: a syntax error the evaluator reports
        } else if (keyword === 'else') {
          block.sawElse = true;
          block.active = block.outerActive && !block.taken;
          block.taken ||= block.active;
        } else {
          const runs = (conditions ??= new Conditions(text, ctx)).decide(
            start,
            end,
            at,
            statement.keywordAt,
            block.outerActive && !block.taken,
          );
          if (runs === null) return null;
          block.active = runs;
          block.taken ||= runs;
        }
      }
      active = blocks.length === 0 || blocks[blocks.length - 1]!.active;
      continue;
    }
    if (kind !== BRACE) {
      from = open + 1;
      continue;
    }
    if (++tags > MAX_TAGS) return null;
    PLAIN_TAG.lastIndex = open;
    const m = PLAIN_TAG.exec(text);
    const config = m === null ? readConfigTag(text, open) : null;
    if (m === null && config === null) return null;
    from = m === null ? config!.end : PLAIN_TAG.lastIndex;
    if (m !== null && m[2] === 'source' && (m[5] ?? m[6]) === undefined) return null;
    if (!active) continue;
    let at = lineOf(open);
    const lead = m === null ? config!.lead : m[1]!;
    for (let i = lead.indexOf('\n'); i !== -1; i = lead.indexOf('\n', i + 1)) at++;
    if (m === null) {
      configs.push({ values: config!.values, line: at });
      continue;
    }
    const first = m[3] ?? m[4]!;
    const second = m[5] ?? m[6];
    if (m[2] === 'ref') {
      const name = second ?? first;
      const pkg = second === undefined ? null : first;
      refs.push({ name, package: pkg, version: null, line: at, certainty: 'static' });
    } else {
      sources.push({ source: first, table: second!, line: at, certainty: 'static' });
    }
  }
  if (blocks.length > 0) return null; // an unclosed `{% if %}`: the evaluator reports it
  // Without statements, what dbt's static parser reads (only ref, source and config calls): dbt renders nothing,
  // so calls no macro. With `{% if %}`, dbt renders the file: the conditions' macro calls are recorded.
  return { refs, sources, configs, macros: conditions === null ? NO_MACROS : conditions.macros, diagnostics: [] };
}

const IF_FAMILY = /^[ \t\r\n]*(if|elif|else|endif)(?![A-Za-z0-9_])/;
const ONLY_SPACE = /^[ \t\r\n]*$/;

/**
 * The `{% ... %}` tag opening at `open`, when it is `if`, `elif`, `else` or `endif`: its keyword, where the
 * keyword starts, the tag's content (whitespace-control marks excluded, as the lexer excludes them) and where the
 * text goes on. Null for any other statement or a tag that is not closed.
 */
function readStatement(
  text: string,
  open: number,
): { keyword: string; keywordAt: number; start: number; end: number; next: number } | null {
  const control = text.charCodeAt(open + 2);
  const start = control === DASH || control === PLUS ? open + 3 : open + 2;
  const close = findClose(text, start, PERCENT);
  if (close === -1) return null;
  const dashClose = text.charCodeAt(close - 1) === DASH && close - 1 >= start;
  const end = dashClose || text.charCodeAt(close - 1) === PLUS ? close - 1 : close;
  const m = IF_FAMILY.exec(text.slice(start, end));
  if (m === null) return null;
  const keyword = m[1]!;
  const keywordAt = start + m[0].length - keyword.length;
  // `else` and `endif` take nothing after them.
  // Only the whitespace the evaluator's lexer skips (`trim()` would also drop a no-break space, which it reads
  // as part of a name).
  if ((keyword === 'else' || keyword === 'endif') && !ONLY_SPACE.test(text.slice(keywordAt + keyword.length, end)))
    return null;
  return { keyword, keywordAt, start, end, next: close + 2 };
}
