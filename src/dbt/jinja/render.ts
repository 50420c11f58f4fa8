// renderValue: renders Jinja in YAML-loaded values (dbt_project.yml, property files) the way dbt's renderer does.
import type { Node } from './ast.js';
import { Scope } from './host.js';
import { Runtime } from './runtime.js';
import { endsWithNewline, readTemplate, withoutTrailingNewline } from './var-text.js';
import { NATIVE_MARKS, hasSafeRepr, isConstant, nativeValue } from './native.js';
import type { JinjaContext, ScanDiagnostic } from './types.js';
import { UNKNOWN, Undefined, hasUnknown, isDict, setKey, str, toPlain } from './values.js';

export type DocsResolver = (name: string, pkg: string | null) => string | undefined;

/**
 * Renders one template string. A template that is exactly one `{{ expr }}` keeps a non-string value native
 * (dbt's native rendering is what makes `enabled: "{{ var('x') }}"` a boolean); anything else renders to text.
 * Returns UNKNOWN when parse time cannot know the result. `bindings` are names set in the template's scope (the
 * arguments dbt passes to a macro it calls itself, such as `node`).
 */
export function renderTemplate(
  text: string,
  ctx: JinjaContext,
  docs: DocsResolver | undefined,
  diagnostics: ScanDiagnostic[],
  bindings: Record<string, unknown> = {},
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
    result =
      only !== undefined && only.k === 'out' ? rt.evaluate(only.expr, scope) : rt.captured(() => rt.exec(nodes, scope));
    // A constant alone (`{{ 1 + 1 }}`) is folded to its text when Jinja compiles the template: dbt gets "2".
    if (only?.k === 'out' && isConstant(only.expr) && hasSafeRepr(result)) result = str(result);
    // `{{ x | as_bool }}` alone: dbt reads the marked text back as a Python literal, of the type marked.
    if (only?.k === 'out' && only.expr.k === 'filter' && NATIVE_MARKS.has(only.expr.name) && !hasUnknown(result)) {
      const native = nativeValue(only.expr.name, result);
      if ('error' in native) {
        diagnostics.push({
          code: 'unrendered-value',
          severity: 'error',
          message: `${native.error} (dbt stops).`,
          line: 1,
        });
        return UNKNOWN;
      }
      result = native.value;
    }
  } catch {
    result = UNKNOWN;
  }
  diagnostics.push(...rt.diagnostics);
  if (result instanceof Undefined) return '';
  return hasUnknown(result) ? UNKNOWN : toPlain(result);
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
): { value: unknown; diagnostics: ScanDiagnostic[] } {
  const diagnostics: ScanDiagnostic[] = [];
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      // dbt renders YAML values natively (get_rendered(..., native=True)), which sends even plain text through
      // Jinja: it loses one newline at its end (a `key: |` block scalar), as every template does.
      if (!isTemplate(v)) return withoutTrailingNewline(v);
      const before = diagnostics.length;
      const r = renderTemplate(v, ctx, docs, diagnostics);
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
