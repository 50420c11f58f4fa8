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
import { pythonFloat, pythonRepr } from '../python-text.js';

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
      return inExpr(expr.obj) ?? inFilter(expr.start) ?? inFilter(expr.stop);
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

const OPERAND: Record<string, string> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'lteq',
  '>': 'gt',
  '>=': 'gteq',
  in: 'in',
  notin: 'notin',
};
const COMPARE_TEXT: Record<string, string> = { notin: 'not in' };
const BINARY: Record<string, string> = {
  '+': 'Add',
  '-': 'Sub',
  '*': 'Mul',
  '/': 'Div',
  '//': 'FloorDiv',
  '%': 'Mod',
  '**': 'Pow',
};

/** A literal's Python repr; a float keeps its `.0` (Jinja's Const holds a Python float). */
function constRepr(expr: Extract<Expr, { k: 'lit' }>): string {
  if (typeof expr.value === 'number' && expr.float === true) return pythonFloat(expr.value);
  return pythonRepr(expr.value);
}

/** `a ~ b ~ c` is one Concat node in Jinja. */
function concatParts(expr: Expr): Expr[] {
  return expr.k === 'bin' && expr.op === '~' ? [...concatParts(expr.left), expr.right] : [expr];
}

const list = (exprs: readonly Expr[]) => `[${exprs.map(repr).join(', ')}]`;
const keywords = (kwargs: readonly Kwarg[]) =>
  `[${kwargs
    .filter((k) => k.name !== '*' && k.name !== '**')
    .map(keywordRepr)
    .join(', ')}]`;
const dynamic = (kwargs: readonly Kwarg[], star: string) => {
  const found = kwargs.find((k) => k.name === star);
  return found ? repr(found.value) : 'None';
};
const callFields = (args: readonly Expr[], kwargs: readonly Kwarg[]) =>
  `args=${list(args)}, kwargs=${keywords(kwargs)}, dyn_args=${dynamic(kwargs, '*')}, dyn_kwargs=${dynamic(kwargs, '**')}`;

function keywordRepr(kwarg: Kwarg): string {
  return `Keyword(key=${pythonRepr(kwarg.name)}, value=${repr(kwarg.value)})`;
}

/** Jinja's Node.__repr__: `Type(field=repr(value), ...)` over the node's fields in order. */
function repr(expr: Expr): string {
  switch (expr.k) {
    case 'lit':
      return `Const(value=${constRepr(expr)})`;
    case 'name':
      return `Name(name=${pythonRepr(expr.name)}, ctx='load')`;
    case 'list':
      return `List(items=${list(expr.items)})`;
    case 'tuple':
      return `Tuple(items=${list(expr.items)}, ctx='load')`;
    case 'dict':
      return `Dict(items=[${expr.keys.map((k, i) => `Pair(key=${repr(k)}, value=${repr(expr.values[i]!)})`).join(', ')}])`;
    case 'attr':
      return `Getattr(node=${repr(expr.obj)}, attr=${pythonRepr(expr.name)}, ctx='load')`;
    case 'item':
      return `Getitem(node=${repr(expr.obj)}, arg=${repr(expr.index)}, ctx='load')`;
    case 'slice':
      return `Getitem(node=${repr(expr.obj)}, arg=${sliceRepr(expr)}, ctx='load')`;
    case 'call':
      return `Call(node=${repr(expr.fn)}, ${callFields(expr.args, expr.kwargs)})`;
    case 'filter':
      return `Filter(node=${repr(expr.value)}, name=${pythonRepr(expr.name)}, ${callFields(expr.args, expr.kwargs)})`;
    case 'test': {
      const test = `Test(node=${repr(expr.value)}, name=${pythonRepr(expr.name)}, ${callFields(expr.args, [])})`;
      return expr.negate ? `Not(node=${test})` : test;
    }
    case 'bin':
      if (expr.op === '~') return `Concat(nodes=${list(concatParts(expr))})`;
      return `${BINARY[expr.op] ?? 'Add'}(left=${repr(expr.left)}, right=${repr(expr.right)})`;
    case 'and':
      return `And(left=${repr(expr.left)}, right=${repr(expr.right)})`;
    case 'or':
      return `Or(left=${repr(expr.left)}, right=${repr(expr.right)})`;
    case 'not':
      return `Not(node=${repr(expr.operand)})`;
    case 'neg':
      return `Neg(node=${repr(expr.operand)})`;
    case 'pos':
      return `Pos(node=${repr(expr.operand)})`;
    case 'cmp': {
      const ops = expr.ops.map((op, i) => `Operand(op=${pythonRepr(OPERAND[op] ?? op)}, expr=${repr(expr.rest[i]!)})`);
      return `Compare(expr=${repr(expr.first)}, ops=[${ops.join(', ')}])`;
    }
    case 'cond':
      return `CondExpr(test=${repr(expr.test)}, expr1=${repr(expr.then)}, expr2=${expr.otherwise ? repr(expr.otherwise) : 'None'})`;
  }
}

function sliceRepr(expr: Extract<Expr, { k: 'slice' }>): string {
  const part = (e: Expr | null) => (e === null ? 'None' : repr(e));
  return `Slice(start=${part(expr.start)}, stop=${part(expr.stop)}, step=None)`;
}

/** dbt 1.12's construct_static_kwarg_value: a string constant bare, anything else rebuilt as text. */
function kwargText(value: Expr): string {
  if (value.k === 'lit' && typeof value.value === 'string') return value.value;
  return text(value);
}

/** dbt 1.12's reconstruction of an expression; a node type it does not rebuild is written as its repr. */
function text(expr: Expr): string {
  switch (expr.k) {
    case 'lit':
      return constRepr(expr);
    case 'name':
      return expr.name;
    case 'call': {
      const parts = [
        ...expr.args.map(text),
        ...expr.kwargs.filter((k) => k.name !== '*' && k.name !== '**').map((k) => `${k.name}=${text(k.value)}`),
      ];
      const star = expr.kwargs.find((k) => k.name === '*');
      const stars = expr.kwargs.find((k) => k.name === '**');
      if (star) parts.push(`*${text(star.value)}`);
      if (stars) parts.push(`**${text(stars.value)}`);
      return `${text(expr.fn)}(${parts.join(', ')})`;
    }
    case 'list':
      return `[${expr.items.map(text).join(', ')}]`;
    case 'tuple':
      return expr.items.length === 1 ? `(${text(expr.items[0]!)},)` : `(${expr.items.map(text).join(', ')})`;
    case 'dict':
      return `{${expr.keys.map((k, i) => `${text(k)}: ${text(expr.values[i]!)}`).join(', ')}}`;
    case 'attr':
      return `${text(expr.obj)}.${expr.name}`;
    case 'item':
      return `${text(expr.obj)}[${text(expr.index)}]`;
    case 'slice':
      return `${text(expr.obj)}[${sliceRepr(expr)}]`;
    case 'bin':
      return expr.op === '~' ? concatParts(expr).map(text).join(' ~ ') : repr(expr);
    case 'and':
      return `${text(expr.left)} and ${text(expr.right)}`;
    case 'or':
      return `${text(expr.left)} or ${text(expr.right)}`;
    case 'not':
      return `not ${text(expr.operand)}`;
    case 'neg':
      return `-${text(expr.operand)}`;
    case 'cmp':
      return [text(expr.first), ...expr.ops.map((op, i) => `${COMPARE_TEXT[op] ?? op} ${text(expr.rest[i]!)}`)].join(
        ' ',
      );
    case 'test':
      // `x is not y` is Not(Test(...)) in Jinja: `not ` and the test's repr.
      return expr.negate ? `not ${repr({ ...expr, negate: false })}` : repr(expr);
    case 'pos':
    case 'filter':
    case 'cond':
      return repr(expr);
  }
}
