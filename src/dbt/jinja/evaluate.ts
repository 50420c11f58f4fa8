// Evaluates expressions to values; anything parse-time Jinja cannot know becomes Unknown instead of a guess.
import type { Expr, Kwarg } from './ast.js';
import { applyFilter, applyTest } from './builtins.js';
import { getAttr, getItem } from './methods.js';
import { pyFloorDiv, pyMod, pyPow } from './python-math.js';
import { percentFormat } from './strings.js';
import type { Host, Scope } from './host.js';
import {
  ASTRAL,
  FALSY_UNKNOWN,
  Fn,
  RELATION,
  UNDEFINED,
  Undefined,
  UNKNOWN,
  Unknown,
  compare,
  exactInt,
  hasUnknown,
  isDict,
  isFloat,
  isNum,
  isOpen,
  numberOf,
  pyFloat,
  isTuple,
  setKey,
  str,
  truthy,
  tuple,
} from './values.js';
import type { Dict } from './values.js';

function numberArith(op: string, l: number, r: number): number | undefined {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return r === 0 ? undefined : l / r;
    case '//':
      return r === 0 ? undefined : pyFloorDiv(l, r);
    case '%':
      return r === 0 ? undefined : pyMod(l, r);
    case '**':
      return pyPow(l, r);
  }
  return undefined;
}

function arith(op: string, l: unknown, r: unknown): unknown {
  // A list holding something not known has no known text either.
  if (op === '~') return hasUnknown(l) || hasUnknown(r) ? UNKNOWN : str(l) + str(r);
  if (l instanceof Unknown || r instanceof Unknown) return UNKNOWN;
  const x = numberOf(l);
  const y = numberOf(r);
  if (x !== undefined && y !== undefined) {
    const n = numberArith(op, x, y);
    if (n === undefined) return UNKNOWN;
    // Python's `/` always gives a float, as does any operation on a float, and an int to a negative power.
    const float = op === '/' || isFloat(l) || isFloat(r) || (op === '**' && y < 0);
    // A float from finite operands that overflows is an OverflowError to Python.
    if (float && !Number.isFinite(n) && Number.isFinite(x) && Number.isFinite(y)) return UNKNOWN;
    return float ? pyFloat(n) : exactInt(n);
  }
  if (op === '+' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '+' && Array.isArray(l) && Array.isArray(r)) {
    // A list and a tuple do not add up in Python (TypeError); what an open list holds is not known.
    if (isTuple(l) !== isTuple(r) || isOpen(l) || isOpen(r)) return UNKNOWN;
    return isTuple(l) ? tuple([...l, ...r]) : [...l, ...r];
  }
  if (op === '*' && typeof l === 'string' && isNum(r)) return l.repeat(Math.max(0, Math.min(r, 10_000)));
  if (op === '%' && typeof l === 'string') return hasUnknown(r) ? UNKNOWN : percentFormat(l, r);
  return UNKNOWN;
}

export function evalKwargs(kwargs: Kwarg[], scope: Scope, host: Host, args: unknown[]): Dict {
  const out: Dict = {};
  for (const kw of kwargs) {
    const v = evaluate(kw.value, scope, host);
    if (kw.name === '*') {
      // An open list's items are not known (they may be others, or more).
      if (Array.isArray(v) && !isOpen(v)) args.push(...v);
      else args.push(UNKNOWN);
    } else if (kw.name === '**') {
      if (isDict(v) && !isOpen(v)) for (const [k, x] of Object.entries(v)) setKey(out, k, x);
      // Keywords not known (an unknown or open mapping): one argument not known stands for them, which leaves what
      // the callee makes of its arguments unknown rather than taken without them.
      else args.push(UNKNOWN);
    } else {
      setKey(out, kw.name, v);
    }
  }
  return out;
}

/** The object of `x.attr` / `x[i]`: a name nothing binds is said to the host (in a project macro, dbt stops there). */
function objectOf(e: Expr, line: number, scope: Scope, host: Host): unknown {
  const obj = evaluate(e, scope, host);
  if ((obj === UNKNOWN || obj instanceof Undefined) && e.k === 'name') host.unboundUse(e.name, scope, line);
  return obj;
}

export function evaluate(e: Expr, scope: Scope, host: Host): unknown {
  switch (e.k) {
    case 'lit':
      return e.float === true && typeof e.value === 'number' ? pyFloat(e.value) : e.value;
    case 'name':
      return host.lookup(e.name, scope);
    case 'list':
      return e.items.map((x) => evaluate(x, scope, host));
    case 'tuple':
      return tuple(e.items.map((x) => evaluate(x, scope, host)));
    case 'dict': {
      const out: Dict = {};
      let known = true;
      // Keys are text here: `'1'` and `1` (or True and 'True') are two keys to Python, one to this dict.
      const kinds = new Map<string, string>();
      e.keys.forEach((k, i) => {
        const key = evaluate(k, scope, host);
        const value = evaluate(e.values[i] as Expr, scope, host);
        if (typeof key !== 'string' && !isNum(key) && typeof key !== 'boolean') return void (known = false);
        const text = str(key);
        // True is 1 and False is 0 to Python: the same key as the number, another text here.
        const same = typeof key === 'boolean' ? String(Number(key)) : text;
        const kind = `${typeof key === 'string' ? 'str' : 'number'}\0${text}`;
        if ((kinds.get(same) ?? kind) !== kind) known = false;
        kinds.set(same, kind);
        setKey(out, text, value);
      });
      return known ? out : UNKNOWN;
    }
    case 'attr':
      return getAttr(objectOf(e.obj, e.line, scope, host), e.name);
    case 'item':
      return getItem(objectOf(e.obj, e.line, scope, host), evaluate(e.index, scope, host));
    case 'slice': {
      const obj = evaluate(e.obj, scope, host);
      const start = e.start === null ? undefined : evaluate(e.start, scope, host);
      const stop = e.stop === null ? undefined : evaluate(e.stop, scope, host);
      const step = e.step === null ? undefined : evaluate(e.step, scope, host);
      const ok = (x: unknown): x is number | undefined => x === undefined || (isNum(x) && Number.isInteger(x));
      if (!(Array.isArray(obj) || typeof obj === 'string') || !ok(start) || !ok(stop) || !ok(step)) return UNKNOWN;
      if (Array.isArray(obj) && isOpen(obj)) return UNKNOWN;
      if (step === 0) return UNKNOWN; // Python: ValueError, slice step cannot be zero
      // A slice of a tuple is a tuple.
      const same = (items: unknown[]) => (Array.isArray(obj) && isTuple(obj) ? tuple(items) : items);
      // Python counts a string's code points: an astral character (an emoji) is one.
      if (step === undefined || step === 1)
        return typeof obj === 'string'
          ? ASTRAL.test(obj)
            ? Array.from(obj).slice(start, stop).join('')
            : obj.slice(start, stop)
          : same(obj.slice(start, stop));
      const items = typeof obj === 'string' ? Array.from(obj) : obj;
      const picked = steppedSlice(items, start, stop, step);
      return typeof obj === 'string' ? picked.join('') : same(picked);
    }
    case 'call': {
      const fn = evaluate(e.fn, scope, host);
      // Arguments are evaluated even when the callee is unknown: `dbt_utils.star(from=ref('a'))` still refs `a`.
      const args = e.args.map((x) => evaluate(x, scope, host));
      const kwargs = evalKwargs(e.kwargs, scope, host, args);
      if (!(fn instanceof Fn)) {
        if (e.fn.k === 'name') host.unknownCall(e.fn.name, scope, e.line);
        else if (e.fn.k === 'attr' && e.fn.obj.k === 'name')
          host.unknownAttrCall(e.fn.obj.name, e.fn.name, scope, e.line);
        return UNKNOWN;
      }
      return fn.call({ args, kwargs, line: e.line, text: host.text.slice(e.start, e.end) }, host);
    }
    case 'filter': {
      const v = evaluate(e.value, scope, host);
      const args = e.args.map((x) => evaluate(x, scope, host));
      return applyFilter(e.name, v, args, evalKwargs(e.kwargs, scope, host, args));
    }
    case 'test': {
      // `x is defined` on a name nothing binds: it may be a macro of the project, so it is not known to be undefined.
      const v = evaluate(e.value, scope, host);
      const r = applyTest(
        e.name,
        v,
        e.args.map((x) => evaluate(x, scope, host)),
      );
      return r instanceof Unknown ? r : r !== e.negate;
    }
    case 'bin':
      return arith(e.op, evaluate(e.left, scope, host), evaluate(e.right, scope, host));
    case 'and':
    case 'or': {
      const l = evaluate(e.left, scope, host);
      const t = truthy(l);
      if (t === (e.k === 'or')) return l; // short-circuit: `false and x`, `true or x`
      const r = evaluate(e.right, scope, host);
      if (!(t instanceof Unknown)) return r;
      // Unknown left: only the truth of the result is known when the right side decides it (`x or true` is x or
      // true, both true; `x and false` is x or false, both false), not its value.
      if (truthy(r) !== (e.k === 'or')) return UNKNOWN;
      return e.k === 'or' ? RELATION : FALSY_UNKNOWN;
    }
    case 'not': {
      const t = truthy(evaluate(e.operand, scope, host));
      return t instanceof Unknown ? t : !t;
    }
    case 'neg':
    case 'pos': {
      const v = evaluate(e.operand, scope, host);
      const n = numberOf(v);
      if (n === undefined) return UNKNOWN;
      // An int has no negative zero: -0 is 0.
      return e.k === 'pos' ? v : isFloat(v) ? pyFloat(-n) : 0 - n;
    }
    case 'cmp': {
      let left = evaluate(e.first, scope, host);
      let result: boolean | Unknown = true;
      for (let i = 0; i < e.ops.length; i++) {
        const right = evaluate(e.rest[i] as Expr, scope, host);
        const r = compare(e.ops[i] as string, left, right);
        if (r === false) return false;
        if (r instanceof Unknown) result = r;
        left = right;
      }
      return result;
    }
    case 'cond': {
      const t = truthy(evaluate(e.test, scope, host));
      if (t === true) return evaluate(e.then, scope, host);
      if (t === false) return e.otherwise === null ? UNDEFINED : evaluate(e.otherwise, scope, host);
      const otherwise = e.otherwise;
      host.underUnknown(e.line, 'an inline `if` condition', () => {
        evaluate(e.then, scope, host);
        if (otherwise !== null) evaluate(otherwise, scope, host);
      });
      return UNKNOWN;
    }
  }
}

/** Python's `items[start:stop:step]` for a step other than 1 (slice.indices, then every step-th item). */
function steppedSlice<T>(items: readonly T[], start: number | undefined, stop: number | undefined, step: number): T[] {
  const n = items.length;
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i < 0 ? i + n : i, low), high);
  const from = start === undefined ? (step > 0 ? 0 : n - 1) : step > 0 ? clamp(start, 0, n) : clamp(start, -1, n - 1);
  const to = stop === undefined ? (step > 0 ? n : -1) : step > 0 ? clamp(stop, 0, n) : clamp(stop, -1, n - 1);
  const out: T[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) out.push(items[i]!);
  return out;
}
