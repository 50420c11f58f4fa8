// A project's `on-run-start` / `on-run-end` hooks as dbt's operation nodes (parser/hooks.py): one node per hook,
// named `<project>-<hook type>-<index>`, configured from the `models:` tree like a model, its SQL rendered at parse
// time for its refs and macros. dbt lists them with the manifest's nodes; reviews never read them.
import type { GraphNode } from './types.js';
import type { ProjectScope } from './build.js';
import { buildNode } from './node.js';

const HOOK_TYPES = ['on-run-start', 'on-run-end'] as const;

/** The hooks of one type as dbt reads them: a string is a list of one, null or missing none (not rendered). */
function hookList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The 1-based line of a top-level key in dbt_project.yml (where a hook's diagnostics are reported), or 1. */
function keyLine(text: string, key: string): number {
  const match = new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  return match === null ? 1 : text.slice(0, match.index).split('\n').length;
}

/**
 * The operation nodes of `scope.project`. `projectText` is its dbt_project.yml as read: every hook node's checksum
 * is that file's (dbt's HookParser hashes the file its hooks come from).
 */
export function buildOperations(scope: ProjectScope, projectText: string): GraphNode[] {
  const { project } = scope;
  const operations: GraphNode[] = [];
  for (const hookType of HOOK_TYPES) {
    const line = keyLine(projectText, hookType);
    hookList(project.raw[hookType]).forEach((sql, index) => {
      if (typeof sql !== 'string') {
        scope.diagnostics.push({
          code: 'invalid-hook',
          severity: 'error',
          message: `\`${hookType}\` item ${index + 1} is not a string of SQL; dbt rejects the project (its hooks are a list of strings)`,
          file: project.file,
          line,
        });
        return;
      }
      const name = `${project.name}-${hookType}-${index}`;
      const node = buildNode(scope, {
        type: 'operation',
        name,
        path: project.file,
        rel: `hooks/${name}.sql`,
        fqn: [project.name, 'hooks', name],
        text: sql,
        fileText: projectText,
        language: 'sql',
        scan: scope.scanShared(sql, project.file, line),
        patch: null,
      });
      // utils.get_pseudo_hook_path and HookParser: the file is dbt_project.yml as dbt names it, the hook type
      // leads the tags.
      node.original_file_path = './dbt_project.yml';
      node.tags = [hookType, ...node.tags.filter((tag) => tag !== hookType)];
      node.index = index;
      operations.push(node);
    });
  }
  return operations;
}
