// A var's value as dbt's Var.get_rendered_var reads it: text that holds Jinja is a template of its own, parsed
// once per text (a model may call the same var thousands of times, and every model calls the project's vars).
import type { Node } from './ast.js';
import { lex } from './lexer.js';
import { parseTemplate } from './template-parser.js';
import type { ScanDiagnostic } from './types.js';

/** dbt_common's get_rendered renders a string only when it holds one of these (`{{`, `{%`, `{#`, `}}`...). */
const RENDER_CHARS = /\{[{%#]|[#}%]\}/;

export function holdsJinja(value: unknown): value is string {
  return typeof value === 'string' && RENDER_CHARS.test(value);
}

const MAX_CACHED = 1024;
const parsed = new Map<string, Node[] | null>();

/** The template of a var's text, or null when it cannot be read (a syntax error). */
export function varTemplate(text: string): Node[] | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const lexed = lex(text);
  const problems: ScanDiagnostic[] = [...lexed.diagnostics];
  const nodes = parseTemplate(text, lexed.tokens, problems);
  // A cache of what the project files hold: bounded, as a long-running App sees many projects.
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(text, problems.length > 0 ? null : nodes);
  return problems.length > 0 ? null : nodes;
}
