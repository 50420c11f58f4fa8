// scanPython: dbt.ref / dbt.source / dbt.config calls of a dbt Python model, found on tokens (so strings and comments don't count).
import type { JinjaContext, ScanDiagnostic, ScanResult } from './types.js';
import { tokenize, type PyTok } from './python-tokens.js';
import { UNKNOWN, Unknown, hasUnknown, setKey } from './values.js';

const CALLS = new Set(['ref', 'source', 'config']);
const CLOSERS = new Set([')', ']', '}']);

/** Parses a Python literal at toks[i]; anything else is Unknown. Returns the value and the index after it. */
function literal(toks: PyTok[], i: number, depth = 0): [unknown, number] {
  const t = toks[i];
  let value: unknown = UNKNOWN;
  let j = i + 1;
  if (t === undefined) return [UNKNOWN, i];
  if (t.t === 'str') {
    value = t.v;
    while (toks[j]?.t === 'str') {
      const next = (toks[j] as PyTok).v;
      value = value instanceof Unknown || next instanceof Unknown ? UNKNOWN : String(value) + String(next);
      j++;
    }
  } else if (t.t === 'num') {
    value = t.v;
  } else if (t.t === 'name' && (t.v === 'True' || t.v === 'False' || t.v === 'None')) {
    value = t.v === 'True' ? true : t.v === 'False' ? false : null;
  } else if (t.t === 'op' && t.v === '-' && toks[j]?.t === 'num') {
    value = -((toks[j] as PyTok).v as number);
    j++;
  } else if (t.t === 'op' && (t.v === '[' || t.v === '(' || t.v === '{')) {
    // Deeper than any config needs: give up on the value rather than the stack.
    [value, j] = depth > 50 ? [UNKNOWN, skipExpr(toks, i + 1) + 1] : container(toks, i, depth + 1);
  }
  const after = toks[j];
  if (
    after !== undefined &&
    !(after.t === 'op' && (after.v === ',' || after.v === ':' || CLOSERS.has(after.v as string)))
  ) {
    return [UNKNOWN, skipExpr(toks, j)]; // an expression, not a literal: `"a" + x`, `f(x)`, `x.y`
  }
  return [value, j];
}

function skipExpr(toks: PyTok[], i: number): number {
  let depth = 0;
  for (; i < toks.length; i++) {
    const t = toks[i] as PyTok;
    if (t.t !== 'op') continue;
    if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
    else if (CLOSERS.has(t.v as string)) {
      if (depth === 0) return i;
      depth--;
    } else if ((t.v === ',' || t.v === ':') && depth === 0) return i;
  }
  return i;
}

function container(toks: PyTok[], i: number, depth: number): [unknown, number] {
  const open = (toks[i] as PyTok).v;
  const close = open === '[' ? ']' : open === '(' ? ')' : '}';
  const items: unknown[] = [];
  const dict: Record<string, unknown> = {};
  let j = i + 1;
  let known = true;
  let comma = false;
  while (j < toks.length && !(toks[j]?.t === 'op' && toks[j]?.v === close)) {
    const [v, k] = literal(toks, j, depth);
    j = k;
    if (open === '{' && toks[j]?.v === ':') {
      const [x, m] = literal(toks, j + 1, depth);
      j = m;
      if (typeof v === 'string' || typeof v === 'number') setKey(dict, String(v), x);
      else known = false;
    } else items.push(v);
    if (toks[j]?.v === ',') {
      comma = true;
      j++;
    } else if (toks[j]?.v !== close) return [UNKNOWN, skipExpr(toks, j)];
  }
  // `("a")` is a parenthesised value, not a tuple: only a comma makes one (`("a",)`, ast.literal_eval's reading).
  if (open === '(' && items.length === 1 && !comma) return [items[0], j + 1];
  const value = open === '{' ? dict : items;
  return [known ? value : UNKNOWN, j + 1];
}

export function scanPython(text: string, _ctx: JinjaContext): ScanResult {
  const result: ScanResult = { refs: [], sources: [], configs: [], macros: [], diagnostics: [] };
  if (text.indexOf('dbt') === -1) return result;
  const state: ScanState = {
    text,
    result,
    gets: [],
    diag: (code, severity, message, line) => result.diagnostics.push({ code, severity, message, line }),
  };
  scanCalls(tokenize(text), state);
  // dbt's PythonParser: the keys `dbt.config.get()` reads, and their defaults, as one config() call after the
  // others (build_config_dict reads them when the model runs).
  const first = state.gets[0];
  if (first !== undefined)
    result.configs.push({
      values: {
        config_keys_used: state.gets.map((g) => g.key),
        config_keys_defaults: state.gets.map((g) => g.fallback),
      },
      line: first.line,
    });
  return result;
}

interface ScanState {
  text: string;
  result: ScanResult;
  /** `dbt.config.get(key, default)` calls, in order. */
  gets: Array<{ key: string; fallback: unknown; line: number }>;
  diag: (code: string, severity: ScanDiagnostic['severity'], message: string, line: number) => void;
}

/** The arguments of a call whose `(` is at toks[open]: literals (Unknown otherwise), and the index of its `)`. */
function callArgs(toks: PyTok[], open: number): { args: unknown[]; kwargs: Record<string, unknown>; end: number } {
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  let j = open + 1;
  while (j < toks.length && toks[j]?.v !== ')') {
    const t = toks[j] as PyTok;
    if (t.t === 'name' && toks[j + 1]?.v === '=') {
      const [v, k] = literal(toks, j + 2);
      setKey(kwargs, t.v as string, v);
      j = k;
    } else {
      const [v, k] = literal(toks, j);
      args.push(v);
      j = k === j ? j + 1 : k;
    }
    if (toks[j]?.v === ',') j++;
    else if (toks[j]?.v !== ')') j = skipExpr(toks, j) + (toks[j]?.v === ')' ? 0 : 1);
  }
  return { args, kwargs, end: j };
}

/** Records the dbt.ref / dbt.source / dbt.config calls of the tokens, those in f-string fields where they are. */
function scanCalls(toks: PyTok[], state: ScanState): void {
  const { text, result, diag } = state;
  for (let i = 0; i < toks.length; i++) {
    const fields = toks[i]?.fields;
    if (fields !== undefined) scanCalls(fields, state);
    if (i + 3 >= toks.length) continue;
    const [d, dot, fn, paren] = [toks[i], toks[i + 1], toks[i + 2], toks[i + 3]] as PyTok[];
    if (d?.v !== 'dbt' || d.t !== 'name' || dot?.v !== '.' || fn?.t !== 'name' || !CALLS.has(fn.v as string)) continue;
    if (toks[i - 1]?.v === '.') continue;
    if (fn.v === 'config' && paren?.v === '.' && toks[i + 4]?.v === 'get' && toks[i + 5]?.v === '(') {
      const { args, end } = callArgs(toks, i + 5);
      const [key, fallback = null] = args;
      if (typeof key === 'string' && args.length <= 2 && !hasUnknown(fallback))
        state.gets.push({ key, fallback, line: d.line });
      else
        diag(
          'unevaluated-config',
          'info',
          '`dbt.config.get()` takes a literal key and default; this one was left out.',
          d.line,
        );
      i = end;
      continue;
    }
    if (paren?.v !== '(') continue;
    const { args, kwargs, end: j } = callArgs(toks, i + 3);
    const call = text.slice(d.pos, (toks[j]?.pos ?? text.length - 1) + 1);
    const line = d.line;
    if (fn.v === 'config') {
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(kwargs)) {
        if (hasUnknown(v))
          diag('unevaluated-config', 'info', `config key \`${k}\` is not a Python literal; it was left out.`, line);
        else setKey(values, k, v);
      }
      result.configs.push({ values, line });
    } else if ([...args, kwargs.v, kwargs.version].some((a) => a instanceof Unknown)) {
      diag(
        'dynamic-ref',
        'warning',
        `\`${call}\` has arguments not known at parse time; no dependency recorded.`,
        line,
      );
    } else if (fn.v === 'source') {
      const [s, t] = args;
      if (args.length === 2 && typeof s === 'string' && typeof t === 'string')
        result.sources.push({ source: s, table: t, line, certainty: 'static' });
      else diag('invalid-source', 'warning', `\`${call}\` needs two string arguments.`, line);
    } else {
      const [first, second] = args;
      const version = (kwargs.v ?? kwargs.version ?? null) as string | number | null;
      const name = args.length === 2 ? second : first;
      const pkg = args.length === 2 ? first : null;
      if (
        args.length >= 1 &&
        args.length <= 2 &&
        typeof name === 'string' &&
        (pkg === null || typeof pkg === 'string')
      ) {
        result.refs.push({ name, package: pkg, version, line, certainty: 'static' });
      } else diag('invalid-ref', 'warning', `\`${call}\` needs one or two string arguments.`, line);
    }
    i = j;
  }
}
