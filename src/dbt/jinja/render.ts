// renderValue: renders Jinja in YAML-loaded values (dbt_project.yml, property files) the way dbt's renderer does.
import type { Expr, Node } from './ast.js';
import { Scope } from './host.js';
import { Runtime } from './runtime.js';
import { endsWithNewline, readTemplate, withoutTrailingNewline } from './var-text.js';
import { NATIVE_MARKS, hasSafeRepr, isConstant, nativeValue } from './native.js';
import type { JinjaContext, ScanDiagnostic } from './types.js';
import { UNKNOWN, Undefined, hasUnknown, isDict, setKey, str, toPlain } from './values.js';

export type DocsResolver = (name: string, pkg: string | null) => string | undefined;

/**
 * Renders one template string as dbt's native renderer does (dbt-common's quoted_native_concat over what the
 * template writes): one piece written keeps its value (`enabled: "{{ var('x') }}"` is a boolean, and so is
 * `{% if a %}{{ false | as_bool }}{% endif %}`), several are joined as text. With `native` false, the text.
 * Returns UNKNOWN when parse time cannot know the result. `bindings` are names set in the template's scope (the
 * arguments dbt passes to a macro it calls itself, such as `node`).
 */
export function renderTemplate(
  text: string,
  ctx: JinjaContext,
  docs: DocsResolver | undefined,
  diagnostics: ScanDiagnostic[],
  bindings: Record<string, unknown> = {},
  native = true,
): unknown {
  const { source, nodes, problems } = readTemplate(text);
  diagnostics.push(...problems);
  if (problems.length > 0) return UNKNOWN;
  const rt = new Runtime(source, ctx, docs);
  const scope = new Scope(null);
  for (const name in bindings) scope.set(name, bindings[name]);
  let result: unknown;
  try {
    const only: Node | undefined = nodes.length === 1 ? nodes[0] : undefined;
    if (!native) result = rt.captured(() => rt.exec(nodes, scope));
    else if (only !== undefined && only.k === 'out') result = nativeItem(rt.evaluate(only.expr, scope), only.expr);
    else {
      const items = rt.capturedItems(() => rt.exec(nodes, scope));
      if (items === null || items.some((item) => hasUnknown(item.value))) result = UNKNOWN;
      else if (items.length === 0) result = '';
      else if (items.length === 1) result = nativeItem(items[0]!.value, items[0]!.expr);
      else result = items.map((item) => str(item.value)).join('');
    }
  } catch (error) {
    if (!(error instanceof NativeError)) result = UNKNOWN;
    else {
      diagnostics.push({ code: 'unrendered-value', severity: 'error', message: error.message, line: 1 });
      return UNKNOWN;
    }
  }
  diagnostics.push(...rt.diagnostics);
  if (result instanceof Undefined) return '';
  return hasUnknown(result) ? UNKNOWN : toPlain(result);
}

/** A value dbt's native renderer refuses (`{{ 'x' | as_bool }}`): dbt stops. */
class NativeError extends Error {}

/** The value of the one piece a template wrote, as quoted_native_concat returns it. */
function nativeItem(value: unknown, expr: Expr | null): unknown {
  if (expr === null || hasUnknown(value)) return value;
  // A constant (`{{ 1 + 1 }}`) is folded to its text when Jinja compiles the template: dbt gets "2".
  if (isConstant(expr) && hasSafeRepr(value)) return str(value);
  // `{{ x | as_bool }}`: dbt reads the marked text back as a Python literal, of the type marked.
  if (expr.k === 'filter' && NATIVE_MARKS.has(expr.name)) {
    const native = nativeValue(expr.name, value);
    if ('error' in native) throw new NativeError(`${native.error} (dbt stops).`);
    return native.value;
  }
  return value;
}

/** Whether Jinja changes the text: a tag, an expression, or a comment (`{# #}hello` renders `hello`). */
function isTemplate(text: string): boolean {
  return text.indexOf('{{') !== -1 || text.indexOf('{%') !== -1 || text.indexOf('{#') !== -1;
}

/**
 * Whether a YAML file's values could render to something else: a value holding Jinja (`{{`, `{%`, `{#`, as written
 * or through an escape such as `"\x7b\x7b"`), or ending with a newline, which native rendering drops: a `|` or `>`
 * block, an escape (`"a\n"`), or a quoted scalar whose closing quote follows a blank line. Without any, every value
 * of the file is its own rendering.
 */
export function textMayRender(text: string): boolean {
  return (
    text.indexOf('{{') !== -1 ||
    text.indexOf('{%') !== -1 ||
    text.indexOf('{#') !== -1 ||
    text.indexOf('\\') !== -1 ||
    text.indexOf('|') !== -1 ||
    text.indexOf('>') !== -1 ||
    // The cheap test first: most files hold no quote at all.
    ((text.indexOf("'") !== -1 || text.indexOf('"') !== -1) && QUOTE_AFTER_BLANK_LINE.test(text))
  );
}
const QUOTE_AFTER_BLANK_LINE = /\n[ \t]*\r?\n[ \t]*['"]/;

/** Whether renderValue could change `value`: false for numbers, booleans, null and strings it leaves alone. */
export function mayRender(value: unknown): boolean {
  if (typeof value === 'string') return isTemplate(value) || endsWithNewline(value);
  return typeof value === 'object' && value !== null;
}

export function renderValue(
  value: unknown,
  ctx: JinjaContext,
  docs?: DocsResolver,
  /** Keys whose values are left as written, at any depth (dbt's renderer leaves descriptions to the docs pass). */
  asWritten?: ReadonlySet<string>,
  /** False for what dbt renders as text (descriptions): several pieces or one, the result is text. */
  native = true,
): { value: unknown; diagnostics: ScanDiagnostic[] } {
  const diagnostics: ScanDiagnostic[] = [];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      // dbt renders YAML values natively (get_rendered(..., native=True)), which sends even plain text through
      // Jinja: it loses one newline at its end (a `key: |` block scalar), as every template does.
      if (!isTemplate(v)) return withoutTrailingNewline(v);
      const before = diagnostics.length;
      const r = renderTemplate(v, ctx, docs, diagnostics, {}, native);
      if (r !== UNKNOWN) return r;
      // A value dbt refuses was reported as an error already.
      if (diagnostics.slice(before).some((d) => d.code === 'unrendered-value')) return v;
      diagnostics.push({
        code: 'unrendered-value',
        severity: 'warning',
        message: `\`${v.length > 80 ? `${v.slice(0, 77)}...` : v}\` cannot be rendered at parse time; kept as written.`,
        line: 1,
      });
      return v;
    }
    if (depth > 100) return v;
    // Copy on write: a list or dict with nothing to render comes back as the very same object, so that the
    // common case (no Jinja at all) allocates nothing and keeps the YAML positions recorded for it.
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const item = walk(v[i], depth + 1);
        if (out === null && item !== v[i]) out = v.slice(0, i);
        if (out !== null) out.push(item);
      }
      return out ?? v;
    }
    if (isDict(v)) {
      let out: Record<string, unknown> | null = null;
      for (const k in v) {
        const x = v[k];
        const rendered = asWritten?.has(k) ? x : walk(x, depth + 1);
        if (out === null && rendered !== x) {
          out = {};
          for (const earlier in v) {
            if (earlier === k) break;
            setKey(out, earlier, v[earlier]);
          }
        }
        if (out !== null) setKey(out, k, rendered);
      }
      return out ?? v;
    }
    return v;
  };
  return { value: walk(value, 0), diagnostics };
}
