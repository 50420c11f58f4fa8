// A node's database, schema and alias as dbt names them: with the generate_database_name, generate_schema_name and
// generate_alias_name macros. dbt's defaults are applied when the manifest is written (manifest.ts); a root project
// that overrides one of them (a common pattern: custom schemas used as written, without the target's prefix) gets
// its macro run here, per node, with the arguments dbt passes: the custom name (or none) and the node.
import type { Diagnostic, GraphNode } from './types.js';
import { renderTemplate, type JinjaContext, type MacroLibrary } from './jinja/index.js';
import { pythonStrip } from './text.js';

const PARTS = [
  { part: 'database', macro: 'generate_database_name', config: 'database' },
  { part: 'schema', macro: 'generate_schema_name', config: 'schema' },
  { part: 'alias', macro: 'generate_alias_name', config: 'alias' },
] as const;

/** What a macro can read of the node: its parsed fields, as dbt's node object has them. */
function nodeArgument(node: GraphNode): Record<string, unknown> {
  return {
    unique_id: node.unique_id,
    name: node.name,
    resource_type: node.resource_type,
    package_name: node.package_name,
    path: node.path,
    original_file_path: node.original_file_path,
    fqn: node.fqn,
    tags: node.tags,
    meta: node.meta,
    config: node.config,
    version: node.version,
    latest_version: node.latest_version,
    language: node.language,
  };
}

/** Whether a macro's body reads `name` (a walk of its syntax tree: any node `{k: 'name', name}`). */
function reads(body: unknown, name: string, depth = 0): boolean {
  if (depth > 200 || typeof body !== 'object' || body === null) return false;
  if (Array.isArray(body)) return body.some((item) => reads(item, name, depth + 1));
  const node = body as Record<string, unknown>;
  if (node['k'] === 'name' && node['name'] === name) return true;
  for (const key in node) if (reads(node[key], name, depth + 1)) return true;
  return false;
}

/**
 * Runs the root project's generate_*_name overrides for `nodes` (each node's `relation` gets the names they give),
 * or does nothing when the project overrides none. A name the macro cannot give at parse time keeps dbt's default,
 * and a diagnostic at the macro says so once.
 */
export function applyNamingOverrides(
  nodes: GraphNode[],
  macros: MacroLibrary,
  ctx: JinjaContext,
  diagnostics: Diagnostic[],
): void {
  const overrides = PARTS.flatMap((p) => {
    const def = macros.namespace(macros.rootPackage)?.get(p.macro);
    // Most overrides read only the custom name and the target: their answer is the same for every node that has
    // the same custom name, so it is worked out once per name.
    return def && !def.broken
      ? [{ ...p, def, byName: reads(def.body, 'node') ? null : new Map<unknown, unknown>() }]
      : [];
  });
  if (overrides.length === 0) return;
  const reported = new Set<string>();
  for (const node of nodes) {
    for (const { part, macro, config, def, byName } of overrides) {
      const custom = typeof node.config[config] === 'string' ? node.config[config] : null;
      let rendered = byName?.get(custom);
      if (rendered === undefined) {
        const args = { custom_name: custom, node: byName ? null : nodeArgument(node) };
        rendered = renderTemplate(`{{ ${macro}(custom_name, node) }}`, ctx, undefined, [], args);
        byName?.set(custom, rendered);
      }
      if (typeof rendered === 'string' || typeof rendered === 'number') {
        // dbt strips what the macro renders.
        node.relation = { ...node.relation, [part]: pythonStrip(String(rendered)) };
        continue;
      }
      if (reported.has(macro)) continue;
      reported.add(macro);
      diagnostics.push({
        code: 'unevaluated-name',
        severity: 'info',
        message: `${macro} cannot be run at parse time for ${node.unique_id}; dbt's default ${part} is written instead`,
        file: def.path,
        line: def.line,
      });
    }
  }
}

/** A node's relation names: the overrides' when a macro gave them, else dbt's defaults for the target. */
export function relationNames(
  node: GraphNode,
  target: { schema: string; database: string },
): { database: string; schema: string; alias: string } {
  const custom = (key: string): string | null => {
    const value = node.config[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const schema = custom('schema');
  const database = custom('database');
  const alias = custom('alias');
  const own = node.relation ?? {};
  return {
    // dbt's default generate_database_name, generate_schema_name and generate_alias_name.
    database: own.database ?? (database !== null ? pythonStrip(database) : target.database),
    schema: own.schema ?? (schema !== null ? `${target.schema}_${pythonStrip(schema)}` : target.schema),
    alias:
      own.alias ??
      (alias !== null
        ? pythonStrip(alias)
        : node.version === null
          ? node.name
          : `${node.name}_v${String(node.version).replace(/\./g, '_')}`),
  };
}
