// The user-defined functions of a project (dbt 1.11+): its function-paths files, each with its property entry, as
// the inputs buildNode makes nodes of (build.ts), as dbt's FunctionParser reads them.
import type { Diagnostic } from './types.js';
import type { PatchEntry } from './properties.js';
import type { ProjectScope } from './build.js';
import type { NodeInput } from './node.js';
import { stem } from './text.js';
import { isRecord } from './yaml/yaml.js';

export function functionInputs(
  scope: ProjectScope,
  /** The project's property entries, the first of each name. */
  entries: PatchEntry[],
  markUsed: (patch: PatchEntry) => void,
  foldersOf: (rel: string) => string[],
): NodeInput[] {
  const byName = new Map<string, PatchEntry>();
  for (const patch of entries) if (patch.kind === 'functions') byName.set(patch.name, patch);
  const overloadFiles = overloadsOf([...byName.values()], scope.diagnostics);
  const inputs: NodeInput[] = [];
  for (const file of scope.functionFiles ?? []) {
    // A SQL file's parser (config() calls, refs), named by the file; the fqn as a model's.
    const name = stem(file.path);
    if (overloadFiles.has(name)) continue;
    const patch = byName.get(name) ?? null;
    if (patch) markUsed(patch);
    inputs.push({
      type: 'function',
      name,
      path: file.path,
      rel: file.rel,
      fqn: [scope.project.name, ...foldersOf(file.rel), name],
      text: file.text,
      raw: file.raw,
      language: file.path.toLowerCase().endsWith('.py') ? 'python' : 'sql',
      // A Python function's body is rendered as Jinja (unlike a Python model's): its config() calls count.
      scan: scope.scanSql(file.text, file.path),
      patch,
    });
  }
  return inputs;
}

/**
 * dbt 1.12's overloads: a function entry's `overloads: [{defined_in: <file>}]` names files that are bodies of that
 * function, not functions of their own. Their shape in the manifest is not written here, which is said.
 */
function overloadsOf(patches: PatchEntry[], diagnostics: Diagnostic[]): Set<string> {
  const files = new Set<string>();
  for (const patch of patches) {
    const overloads = patch.data['overloads'];
    if (!Array.isArray(overloads) || overloads.length === 0) continue;
    for (const overload of overloads)
      if (isRecord(overload) && typeof overload['defined_in'] === 'string') files.add(overload['defined_in']);
    diagnostics.push({
      code: 'unsupported-overloads',
      severity: 'info',
      message: `the overloads of function \`${patch.name}\` (dbt 1.12) are not written: its \`overloads\` is empty here`,
      file: patch.file,
      line: patch.lines.key(patch.data, 'overloads', patch.line),
    });
  }
  return files;
}
