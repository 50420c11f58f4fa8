// dbt's native rendering of a YAML value marked `as_bool`, `as_number`, `as_native` or `as_text` (dbt_common's
// NATIVE_FILTERS and quoted_native_concat): the marked value's text (Python `str`) read back as a Python literal
// (ast.literal_eval), and refused when it is not the type the mark names. In SQL, dbt's text rendering makes the
// four filters identities (TEXT_FILTERS), which is what builtins.ts does everywhere.
import type { Expr } from './ast.js';
import { ExprParser } from './expr-parser.js';
import { ExprSyntaxError, lexExpr } from './expr-lexer.js';
import { Float, isDict, str } from './values.js';

export const NATIVE_MARKS: ReadonlySet<string> = new Set(['as_bool', 'as_number', 'as_native', 'as_text']);

/** The rendered value of `{{ value | mark }}` as the whole of a YAML value, or why dbt refuses it. */
export function nativeValue(mark: string, value: unknown): { value: unknown } | { error: string } {
  const raw = str(value);
  if (mark === 'as_text') return { value: raw };
  const read = literalEval(raw);
  const result = read === undefined ? raw : read.value;
  if (mark === 'as_bool' && typeof result !== 'boolean')
    return { error: `Could not convert value '${raw}' into type 'bool'` };
  if (mark === 'as_number' && typeof result !== 'number')
    return { error: `Could not convert value '${raw}' into type 'number'` };
  return { value: result };
}

const INT = /^[-+]?\d+(?:_\d+)*\s*$/;
/** Python's hexadecimal, octal and binary int literals (`0x10`, `0o17`, `0b101`, underscores between digits). */
const BASED_INT = /^([-+]?)0(?:([xX])[\da-fA-F]+(?:_[\da-fA-F]+)*|([oO])[0-7]+(?:_[0-7]+)*|([bB])[01]+(?:_[01]+)*)\s*$/;
const FLOAT = /^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?\s*$/;
const CONSTANTS = new Map<string, unknown>([
  ['True', true],
  ['False', false],
  ['None', null],
]);

/**
 * Python's ast.literal_eval of `text`, or undefined where it raises: constants, numbers, strings, and lists,
 * tuples and dicts of them. Python 3.10+ strips leading spaces and tabs first (another leading blank, a newline,
 * is a syntax error); trailing blanks are none.
 */
export function literalEval(text: string): { value: unknown } | undefined {
  const trimmed = text.replace(/^[ \t]+/, '').trimEnd();
  if (trimmed === '' || /^\s/.test(trimmed)) return undefined;
  if (CONSTANTS.has(trimmed)) return { value: CONSTANTS.get(trimmed) };
  if (INT.test(trimmed)) return { value: Number(trimmed.replaceAll('_', '')) };
  const based = BASED_INT.exec(trimmed);
  if (based !== null) {
    const radix = based[2] ? 16 : based[3] ? 8 : 2;
    const digits = trimmed
      .replace(/^[-+]?0[xXoObB]/, '')
      .replaceAll('_', '')
      .trimEnd();
    const n = parseInt(digits, radix);
    return { value: based[1] === '-' ? -n : n };
  }
  if (FLOAT.test(trimmed)) return { value: Number(trimmed) };
  // Anything else through the Jinja expression parser, whose literals are Python's: but `true`, `none` and other
  // bare names are no Python literals.
  const tokens = lexExpr(trimmed, 0, trimmed.length, 1);
  if (tokens instanceof ExprSyntaxError) return undefined;
  if (tokens.some((t) => t.type === 'name' && !CONSTANTS.has(String(t.value)))) return undefined;
  try {
    const parser = new ExprParser(tokens);
    const expr = parser.parseExpression();
    parser.expectEnd();
    const value = literal(expr);
    return value === undefined ? undefined : { value: value.value };
  } catch {
    return undefined;
  }
}

function literal(e: Expr): { value: unknown } | undefined {
  switch (e.k) {
    case 'lit':
      return { value: e.value };
    case 'neg':
    case 'pos': {
      const inner = literal(e.operand);
      if (inner === undefined || typeof inner.value !== 'number') return undefined;
      return { value: e.k === 'neg' ? -inner.value : inner.value };
    }
    case 'list':
    case 'tuple': {
      const items: unknown[] = [];
      for (const item of e.items) {
        const read = literal(item);
        if (read === undefined) return undefined;
        items.push(read.value);
      }
      return { value: items };
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < e.keys.length; i++) {
        const key = literal(e.keys[i]!);
        const value = literal(e.values[i]!);
        if (key === undefined || value === undefined) return undefined;
        out[str(key.value)] = value.value;
      }
      return { value: out };
    }
    default:
      return undefined;
  }
}

/**
 * Whether Jinja folds the expression to a constant when it compiles the template (`as_const`): literals and what is
 * made of them only (no name, no call, no marking filter). dbt's native rendering then gets the constant as text:
 * `{{ 1 + 1 }}` is "2", `{{ true }}` is "True", while `{{ var('n') }}` keeps its type.
 */
export function isConstant(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
      return true;
    case 'list':
    case 'tuple':
      return e.items.every(isConstant);
    case 'dict':
      return e.keys.every(isConstant) && e.values.every(isConstant);
    case 'bin':
    case 'and':
    case 'or':
      return isConstant(e.left) && isConstant(e.right);
    case 'not':
    case 'neg':
    case 'pos':
      return isConstant(e.operand);
    case 'cmp':
      return isConstant(e.first) && e.rest.every(isConstant);
    case 'cond':
      return isConstant(e.test) && isConstant(e.then) && (e.otherwise === null || isConstant(e.otherwise));
    case 'attr':
      return isConstant(e.obj);
    case 'item':
      return isConstant(e.obj) && isConstant(e.index);
    case 'filter':
      // A marking filter's value is no plain type (has_safe_repr is false): it is not folded.
      return (
        !NATIVE_MARKS.has(e.name) &&
        isConstant(e.value) &&
        e.args.every(isConstant) &&
        e.kwargs.every((k) => isConstant(k.value))
      );
    case 'test':
      return isConstant(e.value) && e.args.every(isConstant);
    default:
      return false;
  }
}

/** Jinja's has_safe_repr: the plain values a folded constant may be. */
export function hasSafeRepr(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (v instanceof Float) return true;
  if (Array.isArray(v)) return v.every(hasSafeRepr);
  return isDict(v) && Object.values(v).every(hasSafeRepr);
}
