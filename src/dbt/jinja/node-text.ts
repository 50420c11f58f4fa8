// Jinja expressions written back as text, as dbt's statically_parse_unrendered_config writes a config() call's
// values (static-config.ts): `repr`, Python's repr of Jinja's node classes (`Call(node=Name(name='var', ...))`, in
// the order of each class's fields), and `text`, dbt 1.12's rebuilt expression (`var('x', True)`).
import type { Expr, Kwarg } from './ast.js';
import { pythonFloat, pythonRepr } from '../python-text.js';

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

export function keywordRepr(kwarg: Kwarg): string {
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
  return `Slice(start=${part(expr.start)}, stop=${part(expr.stop)}, step=${part(expr.step)})`;
}

/** dbt 1.12's construct_static_kwarg_value: a string constant bare, anything else rebuilt as text. */
export function kwargText(value: Expr): string {
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
