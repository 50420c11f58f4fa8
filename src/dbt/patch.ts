// A property-file entry (a "patch", in dbt's words) turned into what it contributes to a node: a config
// layer, columns, description and version facts, each keeping its line.
import { setKey } from './jinja/values.js';
import type { Column, Diagnostic, Position } from './types.js';
import type { ConfigLayer } from './config.js';
import { hookKey } from './config.js';
import { isRecord, type YamlLines } from './yaml/yaml.js';
import { noItems, noKeys } from './empty.js';

/** Top-level keys that dbt moves under `config:`, in the order of its normalize_*_attribute calls (appended to it). */
const HOISTED = ['meta', 'docs', 'group', 'contract', 'access'] as const;

export interface PatchSource {
  data: Record<string, unknown>;
  file: string;
  line: number;
  lines: YamlLines;
}

/**
 * The layer with its unrendered_config as dbt 1.9+ records it under `state_modified_compare_more_unrendered_values`:
 * the rendered configs deep-merged with the entry's `config:` as written (Jinja kept as text).
 */
export function withWrittenConfig(layer: ConfigLayer, written: Record<string, unknown>): ConfigLayer {
  const config = written['config'];
  if (!isRecord(config) || layer.written === undefined) return layer;
  return { ...layer, written: { kind: 'dict', values: deepMerge(layer.written.values, config) } };
}

/** dbt's deep_merge: dicts merged key by key, any other value of `over` in place of `base`'s. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key in over) {
    const a = Object.hasOwn(out, key) ? out[key] : undefined;
    const b = over[key];
    setKey(out, key, isRecord(a) && isRecord(b) ? deepMerge(a, b) : b);
  }
  return out;
}

/** The config layer of a property entry: `config:` plus the top-level keys dbt treats as config. */
export function patchLayer(patch: PatchSource, diagnostics: Diagnostic[]): ConfigLayer {
  const config = isRecord(patch.data['config']) ? patch.data['config'] : {};
  const values: Record<string, unknown> = {};
  // The entry's `config:` as written, with the top-level keys dbt 1.10+ moves into it (normalize_*_attribute).
  const written: Record<string, unknown> = { ...config };
  // A `+key` keeps its `+`: dbt drops it in dbt_project.yml only (property-keys.ts reports one here).
  for (const [key, value] of Object.entries(config)) setKey(values, hookKey(key), value);
  for (const key of HOISTED) {
    const top = patch.data[key];
    if (top === undefined || top === null) continue;
    if (key === 'meta' && isRecord(top)) {
      if (isRecord(values['meta'])) {
        diagnostics.push({
          code: 'meta-in-two-places',
          severity: 'error',
          message:
            '`meta` is set both at the top level and under `config:`, which dbt refuses (normalize_meta_attribute). Keep it under `config:`',
          file: patch.file,
          line: patch.lines.key(patch.data, 'meta', patch.line),
        });
      }
      values['meta'] = { ...top, ...(isRecord(values['meta']) ? values['meta'] : {}) };
      written['meta'] = values['meta'];
    } else if (values[key] === undefined) {
      values[key] = top;
      written[key] = top;
    }
  }
  const configMeta = config['meta'];
  const topMeta = patch.data['meta'];
  return {
    values,
    written: { kind: 'dict', values: written },
    where: (key: string, metaKey?: string): Position => {
      if (metaKey !== undefined) {
        if (isRecord(configMeta) && metaKey in configMeta)
          return { file: patch.file, line: patch.lines.key(configMeta, metaKey, patch.line) };
        if (isRecord(topMeta)) return { file: patch.file, line: patch.lines.key(topMeta, metaKey, patch.line) };
      }
      if (key in config) return { file: patch.file, line: patch.lines.key(config, key, patch.line) };
      return { file: patch.file, line: patch.lines.key(patch.data, key, patch.line) };
    },
  };
}

/**
 * Constraints as dbt writes them: every field of ColumnLevelConstraint (and `columns` for ModelLevelConstraint)
 * with dbt's defaults filled in; unknown keys are dropped as dbt's schema forbids them.
 */
export function constraintList(value: unknown, modelLevel: boolean): Record<string, unknown>[] {
  if (!Array.isArray(value)) return noItems<Record<string, unknown>>();
  return value.filter(isRecord).map((c) => ({
    type: c['type'],
    name: typeof c['name'] === 'string' ? c['name'] : null,
    expression: c['expression'] === undefined || c['expression'] === null ? null : String(c['expression']),
    warn_unenforced: c['warn_unenforced'] !== false,
    warn_unsupported: c['warn_unsupported'] !== false,
    to: typeof c['to'] === 'string' ? c['to'] : null,
    to_columns: stringList(c['to_columns']),
    ...(modelLevel ? { columns: stringList(c['columns']) } : {}),
  }));
}

/** A column's tags: its own, then those under `config:`, each once (most columns have none). */
function columnTags(own: unknown, configured: unknown): string[] {
  if (own === undefined && configured === undefined) return noItems<string>();
  return [...new Set([...stringList(own), ...stringList(configured)])];
}

/** A YAML value as a list of strings: a string alone is a list of one, other items are dropped. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** dbt's UnparsedColumn fields: any other key of a column entry is kept, as dbt keeps it (ColumnInfo's `_extra`). */
const COLUMN_FIELDS = new Set([
  'name',
  'description',
  'meta',
  'data_type',
  'constraints',
  'docs',
  'tests',
  'data_tests',
  'quote',
  'tags',
  'granularity',
  'config',
]);

/** The keys of a column entry that are no column property, in the order written; null when there are none. */
function extraKeys(data: Record<string, unknown>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key in data) {
    // A `__proto__` key would set the object's prototype, not a key: dbt keeps it, JSON cannot tell it apart here.
    if (COLUMN_FIELDS.has(key) || key === '__proto__') continue;
    (extra ??= {})[key] = data[key];
  }
  return extra;
}

/** Columns of an entry, keyed by name in the order written. Descriptions go through `describe` (doc blocks). */
export function patchColumns(
  value: unknown,
  source: PatchSource,
  describe: (text: string, line: () => number) => string,
  docBlocks: (text: string) => string[],
): Record<string, Column> {
  const columns: Record<string, Column> = {};
  if (!Array.isArray(value)) return columns;
  for (let index = 0; index < value.length; index++) {
    const data: unknown = value[index];
    if (!isRecord(data)) continue;
    if (typeof data['name'] !== 'string' && typeof data['name'] !== 'number') continue;
    const line = source.lines.item(value, index, source.line);
    const name = String(data['name']);
    const config = isRecord(data['config']) ? data['config'] : null;
    const own = isRecord(data['meta']) ? data['meta'] : null;
    const configured = config !== null && isRecord(config['meta']) ? config['meta'] : null;
    // Spreads, not Object.assign: a `__proto__` key in YAML is data, not a prototype.
    const meta = configured === null ? (own === null ? noKeys() : { ...own }) : { ...own, ...configured };
    const tags = columnTags(data['tags'], config?.['tags']);
    const dataType = data['data_type'] ?? null;
    const description = data['description'];
    // Plain text (no brace: no Jinja, no doc()) is its own rendering and calls no doc block: most descriptions.
    const plain = typeof description === 'string' && !description.includes('{');
    const column: Column = {
      name,
      description:
        typeof description !== 'string'
          ? ''
          : plain
            ? description
            : describe(description, () => source.lines.key(data, 'description', line)),
      data_type: dataType === null ? null : String(dataType),
      meta,
      tags,
      constraints: constraintList(data['constraints'], false),
      quote: typeof data['quote'] === 'boolean' ? data['quote'] : null,
      pos: { file: source.file, line },
      doc_blocks: typeof description === 'string' && !plain ? docBlocks(description) : noItems<string>(),
      granularity: typeof data['granularity'] === 'string' ? data['granularity'] : null,
    };
    const extra = extraKeys(data);
    if (extra !== null) column.extra = extra;
    columns[name] = column;
  }
  return columns;
}

/**
 * A version's columns: the model's columns filtered by the version's `include`/`exclude` entry (default:
 * include all), then the version's own column entries on top.
 */
export function versionColumns(
  modelColumns: Record<string, Column>,
  versionData: Record<string, unknown>,
  source: PatchSource,
  describe: (text: string, line: () => number) => string,
  docBlocks: (text: string) => string[],
): Record<string, Column> {
  const entries = Array.isArray(versionData['columns']) ? versionData['columns'] : [];
  const filter = entries.find((entry) => isRecord(entry) && ('include' in entry || 'exclude' in entry));
  let included: Set<string> | null = null;
  let excluded = new Set<string>();
  if (isRecord(filter)) {
    const include = filter['include'];
    if (include !== undefined && include !== '*' && include !== 'all') included = new Set(stringList(include));
    excluded = new Set(stringList(filter['exclude']));
  }
  const columns: Record<string, Column> = {};
  for (const [name, column] of Object.entries(modelColumns)) {
    if ((included === null || included.has(name)) && !excluded.has(name)) columns[name] = column;
  }
  // Entries without a `name` (the include/exclude one) are skipped by patchColumns; passing the original list
  // keeps the YAML line of each entry.
  const own = patchColumns(versionData['columns'], source, describe, docBlocks);
  return { ...columns, ...own };
}

/**
 * What dbt refuses in a version's column list (UnparsedVersion and dbt_common's IncludeExclude): two include/exclude
 * entries, an `include` that is neither all, `*` nor a list, an `exclude` beside an include list, an `exclude`
 * without `include`. Null when dbt takes it.
 */
export function versionColumnsProblem(versionData: Record<string, unknown>): string | null {
  const entries = Array.isArray(versionData['columns']) ? versionData['columns'] : [];
  const filters = entries.filter((entry) => isRecord(entry) && ('include' in entry || 'exclude' in entry));
  if (filters.length > 1) return 'a version can have at most one include/exclude element';
  const filter = filters[0];
  if (!isRecord(filter)) return null;
  const include = filter['include'];
  const all = include === 'all' || include === '*';
  if (include === undefined) return '`exclude` is given without `include`';
  if (!all && !Array.isArray(include)) return "include must be one of ('all', '*') or a list of strings";
  // IncludeExclude.__post_init__ tests the exclude list's truth: an empty one beside an include list is fine.
  const exclude = filter['exclude'];
  if (exclude !== undefined && !Array.isArray(exclude)) return 'exclude must be a list of strings';
  if (!all && exclude !== undefined && exclude !== null && !(Array.isArray(exclude) && exclude.length === 0))
    return "exclude can only be specified if include is one of ('all', '*')";
  return null;
}
