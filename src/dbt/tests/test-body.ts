// What a generic test's macro itself refs when dbt renders the test: dbt calls `test_<name>(**kwargs)` while it
// parses (add_rendered_test_kwargs, then the node's raw_code), so a `ref()` or `source()` in the macro's body (a
// custom test checking values against another model) is one of the test's dependencies, after its arguments'.
import type { Diagnostic, RefCall, SourceCall } from '../types.js';
import type { ScanResult } from '../jinja/types.js';
import type { RenderedCalls } from './test-entry.js';
import { isRecord } from '../yaml/yaml.js';

const IDENTIFIER = /^[A-Za-z_]\w*$/;
/** An argument dbt renders as `{{ ... }}` (add_rendered_test_kwargs): passed to the macro as the expression. */
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

/**
 * A text with `{{ ... }}` as the expression dbt's native rendering of it gives (add_rendered_test_kwargs renders
 * every argument): one expression alone is its value, text around expressions a string joined with `~`; null for a
 * text with statements or comments. dbt then reads a joined text as a Python literal where it is one: not here.
 */
export function templateExpression(text: string): string | null {
  if (/\{[%#]|[%#]\}/.test(text)) return null;
  const parts: string[] = [];
  let literalText = '';
  let at = 0;
  let stripNext = false;
  for (const m of text.matchAll(/\{\{(-?)([\s\S]*?)(-?)\}\}/g)) {
    let before = text.slice(at, m.index);
    if (stripNext) before = before.trimStart();
    if (m[1] === '-') before = before.trimEnd();
    literalText += before;
    if (literalText !== '') parts.push(JSON.stringify(literalText));
    literalText = '';
    parts.push(`(${m[2]!.trim()})`);
    stripNext = m[3] === '-';
    at = m.index! + m[0].length;
  }
  let rest = text.slice(at);
  if (stripNext) rest = rest.trimStart();
  if (rest !== '') parts.push(JSON.stringify(rest));
  if (parts.length === 0) return JSON.stringify('');
  // One expression alone keeps its own value (a list, a number); joined with `~`, it is text.
  return parts.join(' ~ ');
}

/** A YAML value as a Jinja literal, or null for one that has none. */
function literal(value: unknown, depth = 0): string | null {
  if (depth > 20) return null;
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => literal(item, depth + 1));
    return items.includes(null) ? null : `[${items.join(', ')}]`;
  }
  if (isRecord(value)) {
    const items = Object.entries(value).map(([key, item]) => {
      const text = literal(item, depth + 1);
      return text === null ? null : `${JSON.stringify(key)}: ${text}`;
    });
    return items.includes(null) ? null : `{${items.join(', ')}}`;
  }
  return null;
}

/**
 * The call dbt renders for a test whose macro the repository defines: `{{ pkg.test_name(model=ref('m'), ...) }}`,
 * the model as the target's relation (get_where_subquery gives it back while dbt parses: no `where` is known then),
 * a call-like argument as its expression, one with `{{ }}` as it renders, others as written; null when an
 * argument has no Jinja form.
 */
export function testMacroCall(pkg: string, name: string, args: Record<string, unknown>, model: string): string | null {
  const kwargs: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (!IDENTIFIER.test(key)) return null;
    const text =
      key === 'model'
        ? model
        : typeof value === 'string' && LOOKS_LIKE_CALL.test(value)
          ? value.trim()
          : typeof value === 'string' && key !== 'column_name' && value.includes('{')
            ? templateExpression(value)
            : literal(value);
    if (text === null) return null;
    kwargs.push(`${key}=${text}`);
  }
  if (!('model' in args)) kwargs.unshift(`model=${model}`);
  return `{{ ${pkg}.test_${name}(${kwargs.join(', ')}) }}`;
}

/** The refs and sources of `rendered` (the whole call) that are not among `own` (the arguments'): the body's. */
export function bodyCalls(
  rendered: { refs: RefCall[]; sources: SourceCall[] },
  own: { refs: RefCall[]; sources: SourceCall[] },
): { refs: RefCall[]; sources: SourceCall[] } {
  const left = new Map<string, number>();
  const count = (key: string) => left.set(key, (left.get(key) ?? 0) + 1);
  const take = (key: string): boolean => {
    const n = left.get(key) ?? 0;
    if (n === 0) return false;
    left.set(key, n - 1);
    return true;
  };
  const refKey = (r: RefCall) => `r\0${r.name}\0${r.package ?? ''}\0${r.version ?? ''}`;
  const sourceKey = (s: SourceCall) => `s\0${s.source}\0${s.table}`;
  for (const r of own.refs) count(refKey(r));
  for (const s of own.sources) count(sourceKey(s));
  return {
    refs: rendered.refs.filter((r) => !take(refKey(r))),
    sources: rendered.sources.filter((s) => !take(sourceKey(s))),
  };
}

/**
 * What a text renders to for a test (its call, a templated argument), on the test's line. What one test macro
 * reports, it reports for every test that renders it: said once for the unit (`said` keeps what was).
 */
export function renderedCalls(
  scanSql: (text: string, path: string, firstLine?: number) => ScanResult,
  diagnostics: Diagnostic[],
  said: Set<string>,
): (text: string, file: string, line: number) => RenderedCalls {
  return (text, file, line) => {
    const mark = diagnostics.length;
    const scan = scanSql(text, file, line);
    for (const d of diagnostics.splice(mark)) {
      const key = `${d.code}\0${d.severity}\0${d.message}`;
      if (said.has(key)) continue;
      said.add(key);
      diagnostics.push(d);
    }
    const at = (l: number) => ({ file, line: line + l - 1 });
    return {
      refs: scan.refs.map((r) => ({ ...r, pos: at(r.line) })),
      sources: scan.sources.map((s) => ({ source: s.source, table: s.table, pos: at(s.line) })),
      configs: scan.configs.map((c) => ({ values: c.values, pos: at(c.line) })),
      macros: scan.macros,
    };
  };
}
