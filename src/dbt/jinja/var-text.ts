// Text that dbt renders as a template of its own: a var's value (Var.get_rendered_var), parsed once per text (a
// model may call the same var thousands of times, and every model calls the project's vars), and what Jinja does to
// any template's text before it reads it.
import type { Node } from './ast.js';
import { lex } from './lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ScanDiagnostic } from './types.js';

/** dbt_common's get_rendered renders a string only when it holds one of these (`{{`, `{%`, `{#`, `}}`...). */
const RENDER_CHARS = /\{[{%#]|[#}%]\}/;

export function holdsJinja(value: unknown): value is string {
  return typeof value === 'string' && RENDER_CHARS.test(value);
}

export const endsWithNewline = (text: string): boolean => text.endsWith('\n') || text.endsWith('\r');

/**
 * The template as Jinja reads it: dbt's environment keeps Jinja's default `keep_trailing_newline=False`, so one
 * newline at the end of the text is dropped (a YAML block scalar's `schema: |` value renders without it).
 */
export function withoutTrailingNewline(text: string): string {
  return text.endsWith('\n')
    ? text.slice(0, text.endsWith('\r\n') ? -2 : -1)
    : text.endsWith('\r')
      ? text.slice(0, -1)
      : text;
}

/**
 * A text read as a template of its own, as dbt's get_rendered reads it: one newline at its end dropped (offsets
 * into the rest are the text's own), then lexed and parsed; `problems` are the syntax errors.
 */
export function readTemplate(text: string): { source: string; nodes: Node[]; problems: ScanDiagnostic[] } {
  const source = withoutTrailingNewline(text);
  const lexed = lex(source);
  const problems: ScanDiagnostic[] = [...lexed.diagnostics];
  const nodes = parseTemplate(source, lexed.tokens, problems);
  return { source, nodes, problems };
}

const MAX_CACHED = 1024;
const parsed = new Map<string, Node[] | null>();

/** The template of a var's text, or null when it cannot be read (a syntax error). */
export function varTemplate(text: string): Node[] | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const { nodes, problems } = readTemplate(text);
  // A cache of what the project files hold: bounded, as a long-running App sees many projects.
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, problems.length > 0 ? null : nodes);
  return problems.length > 0 ? null : nodes;
}
