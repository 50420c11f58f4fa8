// The generic test definitions of a compile unit (`{% test x %}` blocks and `test_x` macros), found as dbt finds
// them, with the `config()` calls their bodies always make: what a test's macro id and configs come from.
import type { CompileUnit } from '../discover.js';
import type { ProjectFile } from '../project.js';
import { under } from '../project-files.js';
import { pathFrom } from '../text.js';

/** A test macro defined in the unit: by whom, and the `{{ config(...) }}` tags in its body. */
export interface TestDefinition {
  project: ProjectFile;
  configTags: Array<{ text: string; file: string; line: number }>;
}

/**
 * The test macros of the unit: `{% test x(...) %}` (macro `test_x`) or `{% macro test_x %}`, in the macro paths
 * and in `<test path>/generic/` (where dbt reads generic test definitions too), by macro name.
 */
export function testDefinitions(
  unit: CompileUnit,
  byRoot: Map<string, Array<[string, string]>>,
): Map<string, TestDefinition[]> {
  const found = new Map<string, TestDefinition[]>();
  const definition = /{%-?\s*(?:test\s+([A-Za-z_]\w*)|macro\s+(test_\w+))\s*\(/g;
  // `{{ config(...) }}`, `{% do config(...) %}` or `{% set x = config(...) %}`: a config() call dbt runs.
  const configTag = /{{-?\s*config\s*\([\s\S]*?\)\s*-?}}|{%-?\s*(?:do|set\s+\w+\s*=)\s*(config\s*\([\s\S]*?\))\s*-?%}/g;
  for (const project of [unit.root, ...unit.packages]) {
    const genericPaths = project.testPaths.map((path) => `${path}/generic`);
    for (const [path, raw] of byRoot.get(project.root) ?? []) {
      const rel = pathFrom(project.root, path);
      if (!rel.toLowerCase().endsWith('.sql') || !raw.includes('test')) continue;
      const inGeneric = under(genericPaths, rel) !== null;
      if (!inGeneric && !under(project.macroPaths, rel)) continue;
      // Jinja comments hold no definition and no call (blanked, newlines kept for the lines).
      const text = raw.includes('{#') ? raw.replace(/{#[\s\S]*?#}/g, (c) => c.replace(/[^\n]/g, ' ')) : raw;
      for (const match of text.matchAll(definition)) {
        // dbt reads only `{% test %}` blocks from tests/generic/.
        if (inGeneric && match[1] === undefined) continue;
        const macro = match[2] ?? `test_${match[1]}`;
        const list = found.get(macro) ?? [];
        if (list.some((d) => d.project === project)) continue;
        // The body: up to the block's end tag (or the file's end).
        const start = match.index!;
        const close = text.slice(start).search(/{%-?\s*end(?:test|macro)\s*-?%}/);
        const body = close < 0 ? text.slice(start) : text.slice(start, start + close);
        // Only calls the body always makes: not under an `{% if %}` or `{% for %}` (which parse time may skip).
        const configTags = [...body.matchAll(configTag)]
          .filter((tag) => controlDepth(body.slice(0, tag.index)) === 0)
          .map((tag) => ({
            text: tag[1] === undefined ? tag[0] : `{{ ${tag[1]} }}`,
            file: path,
            line: text.slice(0, start + tag.index!).split('\n').length,
          }));
        list.push({ project, configTags });
        found.set(macro, list);
      }
    }
  }
  return found;
}

/** How many `{% if %}` / `{% for %}` blocks are open at the end of `text`. */
function controlDepth(text: string): number {
  let depth = 0;
  for (const tag of text.matchAll(/{%-?\s*(if|for|endif|endfor)\b/g)) depth += tag[1]!.startsWith('end') ? -1 : 1;
  return depth;
}
