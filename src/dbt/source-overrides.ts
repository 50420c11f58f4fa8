// dbt's source overrides: a `sources:` entry with `overrides: <package>` defines no source of its own; it patches
// the package's source of that name (SchemaParser stores a SourcePatch, SourcePatcher.patch_source applies it). The
// source's keys are updated with the patch's (its `config:` replaced whole, its `freshness` with the patch's or an
// empty one, as SourcePatch's defaults do), each table the patch names with the patch's table keys (its quoting and
// freshness likewise). What a patch names that the package lacks is reported as dbt warns of it.
import type { PropertyFile, SourceEntry, SourcePatchEntry } from './properties.js';
import type { ProjectFile } from './project.js';
import type { Diagnostic } from './types.js';

/** SourcePatch's and SourceTablePatch's default freshness, written by to_dict: thresholds without a count or period. */
const EMPTY_FRESHNESS = { warn_after: {}, error_after: {} };

interface Prepared {
  project: ProjectFile;
  propertyFiles: PropertyFile[];
}

/**
 * Applies every override of the unit to the package sources it names, replacing the property files of the projects
 * concerned with patched copies (parsed files are shared with the cache and never changed).
 */
export function applySourceOverrides(
  prepared: Prepared[],
  externalPackages: readonly string[],
  diagnostics: Diagnostic[],
): void {
  const patches = new Map<string, SourcePatchEntry>();
  for (const { propertyFiles } of prepared)
    for (const file of propertyFiles)
      for (const patch of file.sourcePatches ?? []) {
        const key = `${patch.overrides}\0${patch.name}`;
        if (patches.has(key)) {
          diagnostics.push({
            code: 'duplicate-source-override',
            severity: 'error',
            message: `source \`${patch.name}\` of package \`${patch.overrides}\` is overridden twice (dbt stops here); this entry is ignored`,
            file: patch.file,
            line: patch.line,
          });
          continue;
        }
        patches.set(key, patch);
      }
  if (patches.size === 0) return;
  const used = new Map<SourcePatchEntry, Set<string>>();
  for (const p of prepared) {
    p.propertyFiles = p.propertyFiles.map((file) => {
      if (!file.sources.some((entry) => patches.has(`${p.project.name}\0${String(entry.source['name'])}`))) return file;
      const patchedSources = new Map<
        Record<string, unknown>,
        { source: Record<string, unknown>; written: Record<string, unknown> }
      >();
      const sources = file.sources.map((entry): SourceEntry => {
        const patch = patches.get(`${p.project.name}\0${String(entry.source['name'])}`);
        if (patch === undefined) return entry;
        const tables = used.get(patch) ?? new Set<string>();
        used.set(patch, tables);
        let source = patchedSources.get(entry.source);
        if (source === undefined) {
          source = {
            source: patchedSource(entry.source, patch.data),
            written: patchedSource(entry.written, patch.written),
          };
          patchedSources.set(entry.source, source);
        }
        const tableName = String(entry.data['name']);
        const tablePatch = patch.tables.find((table) => table.name === tableName);
        if (tablePatch !== undefined) tables.add(tableName);
        return {
          ...entry,
          source: source.source,
          written: source.written,
          data: tablePatch === undefined ? entry.data : patchedTable(entry.data, tablePatch.data),
        };
      });
      return { ...file, sources };
    });
  }
  for (const patch of patches.values()) {
    const tables = used.get(patch);
    if (tables === undefined) {
      const missing = !prepared.some((p) => p.project.name === patch.overrides);
      if (missing && externalPackages.includes(patch.overrides)) {
        addExternalSources(prepared, patch);
        continue;
      }
      diagnostics.push({
        code: 'unused-source-override',
        severity: 'warning',
        message: `source \`${patch.name}\` overrides \`${patch.overrides}.${patch.name}\`, which does not exist (dbt warns of it)`,
        file: patch.file,
        line: patch.line,
      });
      continue;
    }
    for (const table of patch.tables)
      if (!tables.has(table.name))
        diagnostics.push({
          code: 'unused-source-override',
          severity: 'warning',
          message: `table \`${table.name}\` overrides no table of \`${patch.overrides}.${patch.name}\` (dbt warns of it)`,
          file: patch.file,
          line: table.line,
        });
  }
}

/**
 * The override of a package the repository does not hold (dbt_packages/ is rarely committed) is all that is known
 * of that package's source: its tables are compiled as the package's (`source.<package>.<source>.<table>`), so that
 * the project's `source()` calls still lead somewhere.
 */
function addExternalSources(prepared: Prepared[], patch: SourcePatchEntry): void {
  const { overrides: _overrides, tables: _tables, ...source } = patch.data;
  const { overrides: _writtenOverrides, ...written } = patch.written;
  for (const p of prepared) {
    const at = p.propertyFiles.findIndex((file) => file.sourcePatches?.includes(patch));
    if (at === -1) continue;
    const file = p.propertyFiles[at]!;
    const entries: SourceEntry[] = patch.tables.map((table) => ({
      source,
      written,
      sourceLine: patch.line,
      data: table.data,
      file: patch.file,
      line: table.line,
      lines: patch.lines,
      package: patch.overrides,
    }));
    p.propertyFiles = p.propertyFiles.map((f, i) =>
      i === at ? { ...file, sources: [...file.sources, ...entries] } : f,
    );
    return;
  }
}

/** The package's source updated with the patch's keys (SourcePatch.to_patch_dict). */
function patchedSource(source: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...source, config: {}, freshness: EMPTY_FRESHNESS };
  for (const key in patch) {
    if (key === 'name' || key === 'overrides' || key === 'tables') continue;
    if (patch[key] !== null || key === 'freshness') out[key] = patch[key];
  }
  return out;
}

/** The package's table updated with the patch's table (SourceTablePatch.to_patch_dict). */
function patchedTable(table: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...table, quoting: {}, freshness: EMPTY_FRESHNESS };
  for (const key in patch) {
    if (key === 'name') continue;
    if (patch[key] !== null || key === 'freshness') out[key] = patch[key];
  }
  // A null field is dropped by to_dict, but dbt marked the table as naming one (loaded_at_field_present): the
  // package's field stays, and without one the source's is not used.
  if (patch['loaded_at_field'] === null && !Object.hasOwn(table, 'loaded_at_field')) out['loaded_at_field'] = null;
  return out;
}
