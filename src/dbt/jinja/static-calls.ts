// The calls of a template's syntax tree in the order jinja2's `find_all(Call)` visits them: each node's fields in
// jinja2's order (an `if` test before its body, a conditional expression's test before its values, a `for`'s
// filter after its body, a filter block's filters after its body). dbt records a macro's dependencies in that
// order (statically_extract_macro_calls).
import type { Expr, Node } from './ast.js';

export type Call = Extract<Expr, { k: 'call' }>;

function calls(nodes: Node[], out: Call[]): void {
  for (const node of nodes) {
    switch (node.k) {
      case 'out':
      case 'do':
        expr(node.expr, out);
        break;
      case 'set':
        expr(node.expr, out);
        break;
      case 'if':
        for (const branch of node.branches) {
          if (branch.cond) expr(branch.cond, out);
          calls(branch.body, out);
        }
        break;
      case 'for':
        expr(node.iter, out);
        calls(node.body, out);
        calls(node.otherwise, out);
        if (node.filter) expr(node.filter, out);
        break;
      case 'macro':
      case 'callblock':
        if (node.k === 'callblock') expr(node.call, out);
        for (const param of node.params) if (param.default) expr(param.default, out);
        calls(node.body, out);
        break;
      case 'setblock':
        for (const f of node.filters) for (const a of [...f.args, ...f.kwargs.map((k) => k.value)]) expr(a, out);
        calls(node.body, out);
        break;
      case 'filterblock':
        calls(node.body, out);
        for (const f of node.filters) for (const a of [...f.args, ...f.kwargs.map((k) => k.value)]) expr(a, out);
        break;
      case 'block':
        calls(node.body, out);
        break;
      case 'with':
        for (const value of node.values) expr(value, out);
        calls(node.body, out);
        break;
      default:
        break;
    }
  }
}

function expr(e: Expr, out: Call[]): void {
  switch (e.k) {
    case 'call':
      out.push(e);
      expr(e.fn, out);
      for (const a of e.args) expr(a, out);
      for (const k of e.kwargs) expr(k.value, out);
      break;
    case 'list':
    case 'tuple':
      for (const item of e.items) expr(item, out);
      break;
    case 'dict':
      e.keys.forEach((key, i) => {
        expr(key, out);
        expr(e.values[i]!, out);
      });
      break;
    case 'attr':
      expr(e.obj, out);
      break;
    case 'item':
      expr(e.obj, out);
      expr(e.index, out);
      break;
    case 'slice':
      expr(e.obj, out);
      if (e.start) expr(e.start, out);
      if (e.stop) expr(e.stop, out);
      if (e.step) expr(e.step, out);
      break;
    case 'filter':
    case 'test':
      expr(e.value, out);
      for (const a of e.args) expr(a, out);
      if (e.k === 'filter') for (const k of e.kwargs) expr(k.value, out);
      break;
    case 'bin':
    case 'and':
    case 'or':
      expr(e.left, out);
      expr(e.right, out);
      break;
    case 'not':
    case 'neg':
    case 'pos':
      expr(e.operand, out);
      break;
    case 'cmp':
      expr(e.first, out);
      for (const r of e.rest) expr(r, out);
      break;
    case 'cond':
      expr(e.test, out);
      expr(e.then, out);
      if (e.otherwise) expr(e.otherwise, out);
      break;
    default:
      break;
  }
}

/** Every call of the nodes, in jinja2's visiting order. */
export function staticCalls(nodes: Node[]): Call[] {
  const out: Call[] = [];
  calls(nodes, out);
  return out;
}
