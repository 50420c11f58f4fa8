// dbt's statically_parse_unrendered_config (dbt/clients/jinja_static.py): with the behaviour flag
// `state_modified_compare_more_unrendered_values` (default false before dbt 1.12, true from 1.12), a node's
// `unrendered_config` takes its config() call as written, not as rendered. dbt parses the node's raw code without
// running it, takes the FIRST call of a bare `config` in Jinja's pre-order walk (inside {% if %} branches and macro
// bodies too), and keeps its keyword arguments only (positional ones and **kwargs are left out). Each value is
// written as text:
//   - 'repr' (dbt 1.9 to 1.11): the repr of Jinja's whole Keyword node, `Keyword(key='k', value=Const(value=1))`;
//   - 'text' (dbt 1.12, PR #15336): the expression rebuilt from the tree (`var('x') or False`), a string constant
//     bare; node types it does not rebuild (a conditional, a filter, a test, arithmetic) as that node's repr.
// The tree is ours (ast.ts), named and ordered as Jinja's nodes are, so that both forms come out as dbt's do.
import type { Expr, Kwarg, Node } from './ast.js';
import { lex } from './lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ScanDiagnostic } from './types.js';
import { kwargText, keywordRepr } from './node-text.js';

export type StaticConfigStyle = 'repr' | 'text';

type Call = Extract<Expr, { k: 'call' }>;

/**
 * The first config() call's keyword arguments as dbt 1.9+ records them, or null when dbt records none (no
 * `config(` in the text, a template that does not parse, or a call without keyword arguments).
 */
export function staticConfigCall(raw: string, style: StaticConfigStyle): Record<string, string> | null {
  if (!raw.includes('config(')) return null;
  const lexed = lex(raw);
  if (lexed.diagnostics.length > 0) return null;
  const diagnostics: ScanDiagnostic[] = [];
  const call = firstConfigCall(parseTemplate(raw, lexed.tokens, diagnostics));
  if (call === null || diagnostics.length > 0) return null;
  const out: Record<string, string> = {};
  for (const kwarg of call.kwargs) {
    if (kwarg.name === '*' || kwarg.name === '**') continue;
    out[kwarg.name] = style === 'repr' ? keywordRepr(kwarg) : kwargText(kwarg.value);
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Jinja's find_all(Call) in its order: a node before its children, children in the order of the node's fields. */
function firstConfigCall(nodes: readonly Node[]): Call | null {
  for (const node of nodes) {
    const found = inNode(node);
    if (found) return found;
  }
  return null;
}

function inNode(node: Node): Call | null {
  switch (node.k) {
    case 'text':
    case 'break':
    case 'continue':
      return null;
    case 'out':
    case 'do':
    case 'set':
      return inExpr(node.expr);
    case 'if':
      for (const branch of node.branches) {
        const found = (branch.cond && inExpr(branch.cond)) || firstConfigCall(branch.body);
        if (found) return found;
      }
      return null;
    case 'for':
      return (
        inExpr(node.iter) ?? firstConfigCall(node.body) ?? firstConfigCall(node.otherwise) ?? inFilter(node.filter)
      );
    case 'macro':
      return inParams(node.params) ?? firstConfigCall(node.body);
    case 'callblock':
      return inExpr(node.call) ?? inParams(node.params) ?? firstConfigCall(node.body);
    case 'setblock':
      return inFilterCalls(node.filters) ?? firstConfigCall(node.body);
    case 'filterblock':
      return firstConfigCall(node.body) ?? inFilterCalls(node.filters);
    case 'block':
      return firstConfigCall(node.body);
    case 'with':
      return inList(node.values) ?? firstConfigCall(node.body);
  }
}

function inFilter(expr: Expr | null): Call | null {
  return expr === null ? null : inExpr(expr);
}

function inParams(params: ReadonlyArray<{ default: Expr | null }>): Call | null {
  for (const param of params) {
    const found = param.default && inExpr(param.default);
    if (found) return found;
  }
  return null;
}

function inFilterCalls(filters: ReadonlyArray<{ args: Expr[]; kwargs: Kwarg[] }>): Call | null {
  for (const filter of filters) {
    const found = inList(filter.args) ?? inList(filter.kwargs.map((k) => k.value));
    if (found) return found;
  }
  return null;
}

function inList(exprs: readonly Expr[]): Call | null {
  for (const expr of exprs) {
    const found = inExpr(expr);
    if (found) return found;
  }
  return null;
}

function inExpr(expr: Expr): Call | null {
  switch (expr.k) {
    case 'lit':
    case 'name':
      return null;
    case 'call':
      if (expr.fn.k === 'name' && expr.fn.name === 'config') return expr;
      return inExpr(expr.fn) ?? inList(expr.args) ?? inList(expr.kwargs.map((k) => k.value));
    case 'list':
    case 'tuple':
      return inList(expr.items);
    case 'dict':
      for (let i = 0; i < expr.keys.length; i++) {
        const found = inExpr(expr.keys[i]!) ?? inExpr(expr.values[i]!);
        if (found) return found;
      }
      return null;
    case 'attr':
      return inExpr(expr.obj);
    case 'item':
      return inExpr(expr.obj) ?? inExpr(expr.index);
    case 'slice':
      return inExpr(expr.obj) ?? inFilter(expr.start) ?? inFilter(expr.stop) ?? inFilter(expr.step);
    case 'filter':
      return inExpr(expr.value) ?? inList(expr.args) ?? inList(expr.kwargs.map((k) => k.value));
    case 'test':
      return inExpr(expr.value) ?? inList(expr.args);
    case 'bin':
    case 'and':
    case 'or':
      return inExpr(expr.left) ?? inExpr(expr.right);
    case 'not':
    case 'neg':
    case 'pos':
      return inExpr(expr.operand);
    case 'cmp':
      return inExpr(expr.first) ?? inList(expr.rest);
    case 'cond':
      return inExpr(expr.test) ?? inExpr(expr.then) ?? inFilter(expr.otherwise);
  }
}
