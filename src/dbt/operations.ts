// A project's `on-run-start` / `on-run-end` hooks as dbt's operation nodes (parser/hooks.py): one node per hook,
// named `<project>-<hook type>-<index>`, configured from the `models:` tree like a model, its SQL rendered at parse
// time for its refs and macros. dbt lists them with the manifest's nodes; reviews never read them.
import type { GraphNode } from './types.js';
import { scanAtLine } from './jinja/index.js';
import type { ProjectScope } from './build.js';
import { buildNode } from './node.js';
import { hookList } from './hooks.js';

const HOOK_TYPES = ['on-run-start', 'on-run-end'] as const;

/**
 * The operation nodes of `scope.project`. `projectText` is its dbt_project.yml as read: every hook node's checksum
 * is that file's (dbt's HookParser hashes the file its hooks come from).
 */
export function buildOperations(scope: ProjectScope, projectText: string): GraphNode[] {
  const { project } = scope;
  const operations: GraphNode[] = [];
  // The project file's positions (every config tree of a project shares its file's lines).
  const lines = project.configs.models.lines;
  for (const hookType of HOOK_TYPES) {
    const value = project.raw[hookType];
    const keyLine = lines.key(project.raw, hookType);
    hookList(value).forEach((sql, index) => {
      const line = Array.isArray(value) ? lines.item(value, index, keyLine) : keyLine;
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
        scan: scanAtLine(scope.scanShared(sql, project.file, line), line),
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
