// Property files (`*.yml` under a project's resource paths) -> entries for models, seeds, snapshots, sources,
// exposures and groups, each with its file and line. Shape problems are diagnostics; the rest of the file is kept.
import { entryRenderer } from './property-render.js';
import { unknownPropertyKeys } from './property-keys.js';
import type { Diagnostic } from './types.js';
import { aliasConflict, translateAliases, type Aliases } from './adapter-aliases.js';
import { isRecord, loadYamlFile, type YamlLines } from './yaml/yaml.js';

/** The kinds of entry that patch a node built from a file (`functions:`: dbt 1.11+'s user-defined functions). */
export type PatchKind = 'models' | 'seeds' | 'snapshots' | 'analyses' | 'functions';

interface Entry {
  data: Record<string, unknown>;
  file: string;
  line: number;
  lines: YamlLines;
}

export interface PatchEntry extends Entry {
  kind: PatchKind;
  name: string;
  /**
   * The entry's text as written, from its `- name:` line up to the next entry: two entries with the same text
   * give the same node, wherever they sit in their file (the compiler's node memo relies on it).
   */
  text: string;
  /** The entry before Jinja was rendered, when rendering changed it (data is the written entry otherwise). */
  written?: Record<string, unknown>;
}

export interface SourceEntry extends Entry {
  /** The source's own mapping (name, meta, tables...). */
  source: Record<string, unknown>;
  /**
   * The same mapping as written, before Jinja is rendered and before the adapter's aliases (dbt 1.10+ writes its
   * `database:` and `schema:` so: a databricks source's `catalog:` is its database, not its unrendered_database).
   */
  written: Record<string, unknown>;
  sourceLine: number;
  /**
   * The package whose source this is, when it is not the file's project: a source an override describes, of a
   * package the repository does not hold (source-overrides.ts).
   */
  package?: string;
}

/**
 * A `sources:` entry with `overrides: <package>`: no source of its own, but a patch of the package's source of that
 * name (dbt's SourcePatch), applied when the unit is compiled (source-overrides.ts).
 */
export interface SourcePatchEntry extends Entry {
  /** The package whose source it patches. */
  overrides: string;
  name: string;
  /** The entry as written, before Jinja is rendered. */
  written: Record<string, unknown>;
  /** Its tables (rendered), each with its line. */
  tables: Array<{ name: string; data: Record<string, unknown>; line: number }>;
}

export interface PropertyFile {
  patches: PatchEntry[];
  sources: SourceEntry[];
  /** Sources that override a package's (`overrides:`), when the file has any. */
  sourcePatches?: SourcePatchEntry[];
  exposures: Array<Entry & { name: string }>;
  groups: Array<Entry & { name: string }>;
  /** `data_tests:` entries: properties of singular tests (description, config), dbt 1.8+. */
  singularTests?: Array<Entry & { name: string }>;
  /** MetricFlow's `semantic_models:`, `metrics:` and `saved_queries:` entries, as written (semantic.ts). */
  semantic?: {
    semanticModels: Array<Entry & { name: string }>;
    metrics: Array<Entry & { name: string }>;
    savedQueries: Array<Entry & { name: string }>;
  };
  /** `macros:` entries: descriptions, meta and arguments of the package's macros, as written. */
  macroPatches?: Array<Entry & { name: string }>;
  /** `unit_tests:` entries (dbt 1.8+), as written (unit-tests.ts renders them). */
  unitTests?: Array<Entry & { name: string }>;
  /** `snapshots:` entries with a `relation:` define snapshots in YAML (dbt 1.9+). */
  diagnostics: Diagnostic[];
}

/** A YAML anchor (`&name` after a separator): not `P&L` in a description. */
const ANCHOR = /(?:^|[\s,[{:-])&[^\s,\]}]/m;
/** A block-style list item line: `  - name: orders`. */
const BLOCK_ITEM = /^\s*-\s+name\s*:/;

export function readPropertyFile(
  text: string,
  file: string,
  /** Renders a value; `line` (where it is written) is asked only when there is something to report. */
  render: (value: unknown, line: () => number) => unknown,
  /** Report keys no dbt version reads (property-keys.ts): not in installed packages' files. */
  checkKeys = true,
  /** The adapter's aliases, which dbt applies to every key of a source entry (`dataset:` is `schema:` on BigQuery). */
  aliases: Aliases | null = null,
): PropertyFile {
  const out: PropertyFile = { patches: [], sources: [], exposures: [], groups: [], diagnostics: [] };
  const loaded = loadYamlFile(text, file);
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
  // dbt's check_format_version: `version:` may be left out, but when given it is the integer 2. Older dbt stops on
  // another (spellbook hotfixed one in 2024); a manifest dbt 1.12.5 wrote shows `version: 1` files read: a warning.
  if ('version' in doc && doc['version'] !== 2)
    out.diagnostics.push({
      code: 'invalid-property-file',
      severity: 'warning',
      message: `\`version: ${String(doc['version'])}\` is not supported: a property file's version is 2 (or left out); older dbt versions stop here (check_format_version), dbt 1.12 reads the file`,
      file,
      line: lines.key(doc, 'version'),
    });
  if (checkKeys) out.diagnostics.push(...unknownPropertyKeys(doc, lines, file));
  const renderEntry = entryRenderer(text, lines, render);
  /** Offsets where each line starts (index 0: line 1), to slice entry texts without splitting the file. */
  let lineStarts: number[] | null = null;
  const topLines = Object.keys(doc)
    .map((key) => lines.key(doc, key))
    .sort((a, b) => a - b);
  // An entry's own lines stand for its content only when it is a block list item and nothing is shared through
  // YAML anchors: with an anchor (`&defaults` ... `*defaults`) or a flow-style list (`[{name: a}, {name: b}]`) an
  // entry can depend on other lines, and then the whole file stands for it.
  const usesAnchors = text.includes('&') && ANCHOR.test(text);
  /** The text of lines [from, to), with `to` the next entry's line, or the next top-level key's, or the end. */
  const entryText = (from: number, next: number | undefined): string => {
    if (usesAnchors) return text;
    if (lineStarts === null) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    const count = lineStarts.length;
    const to = next ?? topLines.find((l) => l > from) ?? count + 1;
    if (to <= from || from > count) return text;
    const start = lineStarts[from - 1]!;
    // Up to the newline that ends line `to - 1` (excluded), as joining the lines [from, to) would give.
    const end = to - 1 < count ? lineStarts[to - 1]! - 1 : text.length;
    const entry = text.slice(start, end);
    return BLOCK_ITEM.test(entry) ? entry : text;
  };
  const list = (key: string): Array<{ entry: Record<string, unknown>; line: number; name: string; next?: number }> => {
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
    const entries: Array<{ entry: Record<string, unknown>; line: number; name: string; next?: number }> = [];
    value.forEach((entry, index) => {
      const line = lines.item(value, index, lines.key(doc, key));
      const next = index + 1 < value.length ? lines.item(value, index + 1, line) : undefined;
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
      entries.push({ entry, line, name: entry['name'].trim(), ...(next === undefined ? {} : { next }) });
    });
    return entries;
  };
  for (const kind of ['models', 'seeds', 'snapshots', 'analyses', 'functions'] as const) {
    for (const { entry, line, name, next } of list(kind)) {
      const data = renderEntry(entry, line);
      const patch: PatchEntry = { kind, name, data, file, line, lines, text: entryText(line, next) };
      if (data !== entry) patch.written = entry;
      out.patches.push(patch);
    }
  }
  for (const { entry: asWritten, line, name } of list('sources')) {
    let entry = asWritten;
    if (aliases !== null) {
      const translated = translateAliases(asWritten, aliases, true);
      entry = translated.value;
      if (entry !== asWritten)
        lines.mirror(asWritten, entry, (key) => (Object.hasOwn(aliases, key) ? aliases[key]! : key));
      for (const key of translated.conflicts)
        out.diagnostics.push(aliasConflict(key, { file, line: lines.key(entry, key, line) }));
    }
    const source = renderEntry(entry, line);
    const tables = entry['tables'];
    if (typeof source['overrides'] === 'string') {
      const named = Array.isArray(tables) ? tables : [];
      (out.sourcePatches ??= []).push({
        overrides: source['overrides'],
        name,
        data: source,
        written: asWritten,
        tables: named.flatMap((table, index) => {
          if (!isRecord(table) || typeof table['name'] !== 'string') return [];
          const tableLine = lines.item(named, index, line);
          return [{ name: table['name'], data: renderEntry(table, tableLine), line: tableLine }];
        }),
        file,
        line,
        lines,
      });
      continue;
    }
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
      out.sources.push({
        source,
        written: asWritten,
        sourceLine: line,
        data: renderEntry(table, tableLine),
        file,
        line: tableLine,
        lines,
      });
    });
  }
  for (const { entry, line, name } of list('exposures')) {
    out.exposures.push({ name, data: renderEntry(entry, line), file, line, lines });
  }
  for (const { entry, line, name } of list('groups')) {
    out.groups.push({ name, data: renderEntry(entry, line), file, line, lines });
  }
  // As written: rendered when unit tests are built (unit-tests.ts), so that reviews never render them.
  const unitTests = list('unit_tests');
  if (unitTests.length > 0)
    out.unitTests = unitTests.map(({ entry, line, name }) => ({ name, data: entry, file, line, lines }));
  if (doc['semantic_models'] !== undefined || doc['metrics'] !== undefined || doc['saved_queries'] !== undefined) {
    const raw = (key: string) => list(key).map(({ entry, line, name }) => ({ name, data: entry, file, line, lines }));
    out.semantic = {
      semanticModels: raw('semantic_models'),
      metrics: raw('metrics'),
      savedQueries: raw('saved_queries'),
    };
  }
  const macroPatches = list('macros');
  if (macroPatches.length > 0)
    out.macroPatches = macroPatches.map(({ entry, line, name }) => ({
      name,
      data: renderEntry(entry, line),
      file,
      line,
      lines,
    }));
  const singular = list('data_tests');
  if (singular.length > 0)
    out.singularTests = singular.map(({ entry, line, name }) => ({
      name,
      data: renderEntry(entry, line),
      file,
      line,
      lines,
    }));
  return out;
}
