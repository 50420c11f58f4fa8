// Property files (`*.yml` under a project's resource paths) -> entries for models, seeds, snapshots, sources,
// exposures and groups, each with its file and line. Shape problems are diagnostics; the rest of the file is kept.
import type { Diagnostic } from './types.js';
import { isRecord, loadYaml, type YamlLines } from './yaml.js';

export type PatchKind = 'models' | 'seeds' | 'snapshots';

interface Entry {
  data: Record<string, unknown>;
  file: string;
  line: number;
  lines: YamlLines;
}

export interface PatchEntry extends Entry {
  kind: PatchKind;
  name: string;
}

export interface SourceEntry extends Entry {
  /** The source's own mapping (name, meta, tables...). */
  source: Record<string, unknown>;
  sourceLine: number;
}

export interface PropertyFile {
  patches: PatchEntry[];
  sources: SourceEntry[];
  exposures: Array<Entry & { name: string }>;
  groups: Array<Entry & { name: string }>;
  /** `snapshots:` entries with a `relation:` define snapshots in YAML (dbt 1.9+). */
  diagnostics: Diagnostic[];
}

/** Keys whose text dbt renders later (descriptions, with `doc()`) or never at parse time (tests). */
const RENDER_SKIP = new Set(['description', 'tests', 'data_tests', 'columns', 'versions']);

/**
 * `render` evaluates Jinja in a value (var, env_var, target); it is applied to every key of an entry except the
 * ones dbt leaves for later, and to columns/versions one level down in the same way.
 */
export function readPropertyFile(
  text: string,
  file: string,
  render: (value: unknown, line: number) => unknown,
): PropertyFile {
  const out: PropertyFile = { patches: [], sources: [], exposures: [], groups: [], diagnostics: [] };
  const loaded = loadYaml(text, file);
  out.diagnostics.push(...loaded.diagnostics);
  const doc = loaded.value;
  if (doc === undefined || doc === null || loaded.diagnostics.length > 0) return out;
  if (!isRecord(doc)) {
    out.diagnostics.push({
      code: 'invalid-property-file',
      severity: 'error',
      message: 'property file is not a mapping',
      file,
      line: 1,
    });
    return out;
  }
  const lines = loaded.lines;
  const renderEntry = (entry: Record<string, unknown>, line: number): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      result[key] =
        RENDER_SKIP.has(key) || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : render(value, lines.key(entry, key, line));
    }
    lines.mirror(entry, result);
    return result;
  };
  const list = (key: string): Array<{ entry: Record<string, unknown>; line: number; name: string }> => {
    const value = doc[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      out.diagnostics.push({
        code: 'invalid-property-file',
        severity: 'error',
        message: `\`${key}:\` must be a list of entries`,
        file,
        line: lines.key(doc, key),
      });
      return [];
    }
    const entries: Array<{ entry: Record<string, unknown>; line: number; name: string }> = [];
    value.forEach((entry, index) => {
      const line = lines.item(value, index, lines.key(doc, key));
      if (!isRecord(entry) || typeof entry['name'] !== 'string' || entry['name'].trim() === '') {
        out.diagnostics.push({
          code: 'invalid-property-entry',
          severity: 'error',
          message: `an entry of \`${key}:\` has no \`name\``,
          file,
          line,
        });
        return;
      }
      entries.push({ entry, line, name: entry['name'].trim() });
    });
    return entries;
  };
  for (const kind of ['models', 'seeds', 'snapshots'] as const) {
    for (const { entry, line, name } of list(kind)) {
      out.patches.push({ kind, name, data: renderEntry(entry, line), file, line, lines });
    }
  }
  for (const { entry, line } of list('sources')) {
    const source = renderEntry(entry, line);
    const tables = entry['tables'];
    if (tables === undefined || tables === null) continue;
    if (!Array.isArray(tables)) {
      out.diagnostics.push({
        code: 'invalid-property-entry',
        severity: 'error',
        message: '`tables:` must be a list',
        file,
        line,
      });
      continue;
    }
    tables.forEach((table, index) => {
      const tableLine = lines.item(tables, index, line);
      if (!isRecord(table) || typeof table['name'] !== 'string') {
        out.diagnostics.push({
          code: 'invalid-property-entry',
          severity: 'error',
          message: 'a source table has no `name`',
          file,
          line: tableLine,
        });
        return;
      }
      out.sources.push({ source, sourceLine: line, data: renderEntry(table, tableLine), file, line: tableLine, lines });
    });
  }
  for (const { entry, line, name } of list('exposures')) {
    out.exposures.push({ name, data: renderEntry(entry, line), file, line, lines });
  }
  for (const { entry, line, name } of list('groups')) {
    out.groups.push({ name, data: renderEntry(entry, line), file, line, lines });
  }
  return out;
}

/** Columns as written (a list of `{name, ...}`), with their lines. */
export function columnEntries(
  value: unknown,
  lines: YamlLines,
  fallbackLine: number,
): Array<{ data: Record<string, unknown>; line: number }> {
  if (!Array.isArray(value)) return [];
  const out: Array<{ data: Record<string, unknown>; line: number }> = [];
  value.forEach((column, index) => {
    if (isRecord(column)) out.push({ data: column, line: lines.item(value, index, fallbackLine) });
  });
  return out;
}
