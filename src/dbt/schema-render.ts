// Rendering a property file's values as dbt's SchemaYamlRenderer does, in a project's parse-time context.
import { mayRender, renderValue, type JinjaContext } from './jinja/index.js';
import type { Diagnostic } from './types.js';

/** Renders a property file's value as dbt's schema YAML renderer does, in a project's context; problems at its line. */
export function schemaRenderer(ctx: JinjaContext, diagnostics: Diagnostic[], asWritten?: ReadonlySet<string>) {
  return (value: unknown, file: string, line: number): unknown => {
    if (!mayRender(value)) return value;
    const rendered = renderValue(value, ctx, undefined, asWritten);
    for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: line + d.line - 1 });
    return rendered.value;
  };
}
