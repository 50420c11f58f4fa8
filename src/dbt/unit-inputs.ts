// What a compile unit's files are read with: each project's vars, the unit's macro library, and the keys its
// parse cache files results under.
import { createHash } from 'node:crypto';
import type { CompileUnit } from './discover.js';
import { buildMacroLibrary, type MacroFile, type MacroLibrary } from './jinja/index.js';
import type { ProjectFile } from './project.js';
import { under } from './project-files.js';
import { Float } from './python-text.js';
import { normaliseText, pathFrom } from './text.js';
import type { Diagnostic } from './types.js';
import { isRecord } from './yaml/yaml.js';

/**
 * JSON text of a render context for cache keys: a var written `1.0` (a Float, whose JSON is its number) is told from
 * one written `1`, and `.nan` / `.inf` (whose JSON is `null`) from `~`, as they render differently.
 */
export function keyText(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    const own = this[key];
    if (own instanceof Float) return { float: own.value };
    return typeof own === 'number' && !Number.isFinite(own) ? { number: String(own) } : json;
  });
}

/** Vars visible to a project's nodes: its own, then the root's globals and the root's block for it, then --vars. */
export function varsFor(
  project: ProjectFile,
  root: ProjectFile,
  cliVars: Record<string, unknown>,
): Record<string, unknown> {
  const scoped = (p: ProjectFile, name: string) =>
    isRecord(p.vars[name]) ? (p.vars[name] as Record<string, unknown>) : {};
  const own = { ...project.vars, ...scoped(project, project.name) };
  if (project === root) return { ...own, ...cliVars };
  return { ...own, ...root.vars, ...scoped(root, project.name), ...cliVars };
}

/**
 * The macro library of a unit: every `.sql` file under the macro paths of the root and its local packages, and
 * under their `<test path>/generic` (generic tests, which dbt runs when it renders a test).
 */
export function unitMacros(
  unit: CompileUnit,
  byRoot: Map<string, Array<[string, string]>>,
  maxChars: number,
  diagnostics: Diagnostic[],
): MacroLibrary {
  const files: MacroFile[] = [];
  for (const project of [unit.root, ...unit.packages]) {
    const generic = project.testPaths.map((path) => `${path}/generic`);
    for (const [path, raw] of byRoot.get(project.root) ?? []) {
      if (!path.toLowerCase().endsWith('.sql') || raw.length > maxChars) continue;
      const rel = pathFrom(project.root, path);
      if (under(project.macroPaths, rel)) files.push({ path, text: normaliseText(raw), packageName: project.name });
      else if (under(generic, rel))
        files.push({ path, text: normaliseText(raw), packageName: project.name, testsOnly: true });
    }
  }
  const built = buildMacroLibrary(files, unit.root.name);
  diagnostics.push(...built.diagnostics);
  return built.library;
}

/** The unique id of the macro a bare name reaches: the library's definition, else dbt's own of that name. */
export function macroId(def: { packageName: string } | undefined, name: string): string {
  return `macro.${def?.packageName ?? 'dbt'}.${name}`;
}

/** A short key for a long text (a render context, the docs of a unit). */
export function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
