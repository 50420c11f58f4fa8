// Source tables from property files: each table of a `sources:` entry, its config merged as dbt 1.10+ merges it
// (project, source, table), freshness and loaded_at_* resolved across the levels, and its unrendered_config.
import { configTypeProblems } from './config-types.js';
import { SOURCE_CONFIG_KEYS_SINCE, SOURCE_FRESHNESS_SINCE, SOURCE_META_TAGS_SINCE } from './manifest/manifest-shape.js';
import type { Column, SourceTable } from './types.js';
import type { PropertyFile } from './properties.js';
import { mergeLayers, projectLayers } from './config.js';
import { patchColumns, stringList } from './patch.js';
import { isRecord } from './yaml/yaml.js';
import { setKey } from './jinja/values.js';
import { unrenderedConfig } from './unrendered.js';
import { fqnDirs, type ResourceScope, text } from './resources.js';
import { pathFrom } from './text.js';
import { externalTable, unnamedPartition } from './external-table.js';

const NO_THRESHOLD = { count: null, period: null };
type Freshness = { warn_after: unknown; error_after: unknown; filter: unknown } | null;

/** A threshold dbt takes from a layer: both count and period given, or an explicit null (which erases). */
function threshold(value: unknown): unknown {
  if (value === null) return null;
  return isRecord(value) && value['count'] != null && value['period'] != null
    ? { count: value['count'], period: value['period'] }
    : undefined;
}

/**
 * dbt's merge_source_freshness over the layers that say something, lowest first: an explicit `freshness: null`
 * erases what came before; a threshold counts only when complete (or null); a filter only when not null.
 */
function mergeFreshness(layers: unknown[]): Freshness {
  let merged: Freshness = { warn_after: { ...NO_THRESHOLD }, error_after: { ...NO_THRESHOLD }, filter: null };
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === null) {
      merged = null;
      continue;
    }
    if (!isRecord(layer)) continue;
    merged ??= { warn_after: { ...NO_THRESHOLD }, error_after: { ...NO_THRESHOLD }, filter: null };
    for (const key of ['warn_after', 'error_after'] as const) {
      const taken = threshold(layer[key]);
      if (taken !== undefined) merged[key] = taken;
    }
    if (layer['filter'] != null) merged.filter = layer['filter'];
  }
  return merged;
}

/** Keys of `layers`' dicts, later over earlier, a null value never overriding (dataclass `merged()`). */
function mergeNonNull(base: Record<string, unknown>, layers: unknown[]): Record<string, unknown> {
  const out = { ...base };
  for (const layer of layers)
    if (isRecord(layer)) for (const key in layer) if (layer[key] != null) out[key] = layer[key];
  return out;
}

/** A table's `loaded_at_field`, and whether it names one at all (top level first, then under `config:`). */
function tableLoadedAtField(
  table: Record<string, unknown>,
  config: Record<string, unknown>,
): { present: boolean; value: unknown } {
  if (Object.hasOwn(table, 'loaded_at_field')) return { present: true, value: table['loaded_at_field'] };
  if (Object.hasOwn(config, 'loaded_at_field')) return { present: true, value: config['loaded_at_field'] };
  return { present: false, value: null };
}

/**
 * The loaded_at_* settings dbt refuses when it parses sources: an empty field (UnparsedSourceDefinition.validate,
 * on the source and on its tables), a field and a query on one level (SourcePatcher.parse_source).
 */
function loadedAtProblems(
  source: Record<string, unknown>,
  table: Record<string, unknown>,
  configs: { source: Record<string, unknown>; table: Record<string, unknown> },
): { source: string[]; table: string[] } {
  const problems = { source: [] as string[], table: [] as string[] };
  const tableField = tableLoadedAtField(table, configs.table);
  if (tableField.value === '') problems.table.push('loaded_at_field cannot be an empty string.');
  if (tableField.present && hasValue(table['loaded_at_query'] ?? configs.table['loaded_at_query']))
    problems.table.push('Cannot specify both loaded_at_field and loaded_at_query at table level.');
  const sourceField = source['loaded_at_field'] ?? configs.source['loaded_at_field'];
  if (sourceField === '') problems.source.push('loaded_at_field cannot be an empty string.');
  if (hasValue(sourceField) && hasValue(source['loaded_at_query'] ?? configs.source['loaded_at_query']))
    problems.source.push('Cannot specify both loaded_at_field and loaded_at_query at source level.');
  return problems;
}

const hasValue = (value: unknown): boolean => value !== null && value !== undefined && value !== '' && value !== false;

/**
 * Quoting, loaded_at_field, freshness and external of a source table as dbt's source parser merges them: the
 * table's over the source's, freshness from `freshness:` and `config: freshness:` of both, dbt's defaults where
 * nothing is said.
 */
function sourceExtras(
  source: Record<string, unknown>,
  table: Record<string, unknown>,
  configs: { source: Record<string, unknown>; table: Record<string, unknown> },
  projectFreshness: unknown,
) {
  const quoting = mergeNonNull({ database: null, schema: null, identifier: null, column: null }, [
    source['quoting'],
    table['quoting'],
  ]);
  // A table's own, else its source's; dbt 1.10+ reads them under `config:` too. A table that names
  // `loaded_at_field` at all, null included, overrides its source's field and query (dbt's loaded_at_field_present:
  // a null field asks for metadata-based freshness).
  const tableField = tableLoadedAtField(table, configs.table);
  const loaded = tableField.present
    ? tableField.value
    : (source['loaded_at_field'] ?? configs.source['loaded_at_field']);
  const query =
    table['loaded_at_query'] ??
    configs.table['loaded_at_query'] ??
    (tableField.present ? null : (source['loaded_at_query'] ?? configs.source['loaded_at_query']));
  // The entry's own levels (calculate_freshness_from_raw_target, for unrendered_config); dbt's parse_source merges
  // the project's `+freshness:` under them for the table's freshness.
  const levels = [source['freshness'], configs.source['freshness'], table['freshness'], configs.table['freshness']];
  const ownFreshness = mergeFreshness(levels);
  const freshness = mergeFreshness([projectFreshness, ...levels]);
  return {
    database: typeof source['database'] === 'string' && source['database'] !== '' ? source['database'] : null,
    schema: typeof source['schema'] === 'string' && source['schema'] !== '' ? source['schema'] : null,
    quoting,
    loaded_at_field: typeof loaded === 'string' ? loaded : null,
    loaded_at_query: typeof query === 'string' ? query : null,
    freshness,
    ownFreshness,
    external: externalTable(table['external']),
  };
}

/** FreshnessThreshold.__bool__: a warn_after or error_after with both a count and a period. */
function hasThreshold(freshness: Record<string, unknown> | null | undefined): boolean {
  return (
    freshness != null && (threshold(freshness['warn_after']) != null || threshold(freshness['error_after']) != null)
  );
}

/**
 * What dbt 1.10+'s SourcePatcher._generate_source_config hands its UnrenderedConfigGenerator for a table: the
 * source's `config:` then the table's (one shallow update), the freshness merged from every level when it holds a
 * threshold (null when that merge is null), `loaded_at_field` and `loaded_at_query` always, then (1.10.5+) `meta`
 * and `tags` merged from the source's and the table's, top level and `config:` (as the table's config has them).
 */
function writtenSourceConfig(
  sourceConfig: Record<string, unknown>,
  tableConfig: Record<string, unknown>,
  extras: ReturnType<typeof sourceExtras>,
  merged: { meta: Record<string, unknown>; tags: string[] } | null,
): Record<string, unknown> {
  const written = withMergedFreshness(plainConfig(sourceConfig, tableConfig), extras);
  written['loaded_at_field'] = extras.loaded_at_field;
  written['loaded_at_query'] = extras.loaded_at_query;
  if (merged === null) return written;
  written['meta'] = merged.meta;
  written['tags'] = merged.tags;
  return written;
}

/**
 * The entry's levels' freshness merged into the dict (dbt 1.9.6+): null when the last level that sets one sets null;
 * left out (the project's as written stays) when they hold no threshold.
 */
function withMergedFreshness(
  written: Record<string, unknown>,
  extras: ReturnType<typeof sourceExtras>,
): Record<string, unknown> {
  if (extras.ownFreshness === null) written['freshness'] = null;
  else if (hasThreshold(extras.ownFreshness)) written['freshness'] = extras.ownFreshness;
  else delete written['freshness'];
  return written;
}

/** Before dbt 1.10, _generate_source_config's dict as written: the source's `config:` then the table's, no more. */
function plainConfig(sourceConfig: Record<string, unknown>, tableConfig: Record<string, unknown>) {
  const written: Record<string, unknown> = {};
  for (const config of [sourceConfig, tableConfig]) for (const key in config) setKey(written, key, config[key]);
  return written;
}

/** The facts a table keeps (its own levels' freshness is for unrendered_config only). */
function withoutOwnFreshness({ ownFreshness: _own, ...rest }: ReturnType<typeof sourceExtras>) {
  return rest;
}

export function buildSources(
  scope: ResourceScope,
  file: PropertyFile,
): { enabled: SourceTable[]; disabled: SourceTable[] } {
  const { project } = scope;
  const enabled: SourceTable[] = [];
  const disabled: SourceTable[] = [];
  for (const entry of file.sources) {
    const sourceName = String(entry.source['name']);
    const tableName = String(entry.data['name']);
    // A package's source known only from the override of it (the package is not in the repository).
    const pkg = entry.package ?? project.name;
    const fqn = [pkg, ...fqnDirs(scope, entry.file), sourceName, tableName];
    const sourceConfig = isRecord(entry.source['config']) ? entry.source['config'] : {};
    const tableConfig = isRecord(entry.data['config']) ? entry.data['config'] : {};
    const layers = entry.package === undefined ? projectLayers(project.configs.sources, fqn) : [];
    // The project's `+freshness:` for this table: the most specific level that sets one.
    const projectFreshness = layers.reduce<unknown>((found, layer) => layer.values['freshness'] ?? found, undefined);
    const problems = loadedAtProblems(entry.source, entry.data, { source: sourceConfig, table: tableConfig });
    // A source's own problem once (each of its tables finds it: the compile drops repeated diagnostics).
    for (const problem of problems.source)
      scope.diagnostics.push({
        code: 'invalid-loaded-at',
        severity: 'error',
        message: `Source \`${sourceName}\`: ${problem}`,
        file: entry.file,
        line: entry.sourceLine,
      });
    for (const problem of problems.table)
      scope.diagnostics.push({
        code: 'invalid-loaded-at',
        severity: 'error',
        message: `Source table \`${sourceName}.${tableName}\`: ${problem}`,
        file: entry.file,
        line: entry.line,
      });
    const extras = sourceExtras(
      entry.source,
      entry.data,
      { source: sourceConfig, table: tableConfig },
      projectFreshness,
    );
    if (unnamedPartition(entry.data['external']))
      scope.diagnostics.push({
        code: 'invalid-external',
        severity: 'error',
        message: `Source table \`${sourceName}.${tableName}\`: an external partition has no name or data_type, which dbt refuses ("External partition columns must have names and data types")`,
        file: entry.file,
        line: entry.line,
      });
    const sourceMeta = isRecord(entry.source['meta']) ? entry.source['meta'] : {};
    const tableMeta = isRecord(entry.data['meta']) ? entry.data['meta'] : {};
    // dbt 1.10+ (calculate_tags_from_raw_target): the source's and the table's `tags:` and `config: tags:`.
    const tags = [
      ...new Set([
        ...stringList(entry.source['tags']),
        ...stringList(entry.data['tags']),
        ...stringList(sourceConfig['tags']),
        ...stringList(tableConfig['tags']),
      ]),
    ].sort();
    // dbt: `meta = {**source_meta, **table_meta}`, each with its `config: meta:` (calculate_meta_from_raw_target).
    const meta = {
      ...sourceMeta,
      ...(isRecord(sourceConfig['meta']) ? sourceConfig['meta'] : {}),
      ...tableMeta,
      ...(isRecord(tableConfig['meta']) ? tableConfig['meta'] : {}),
    };
    // dbt's _generate_source_config: `precedence_configs.update(source.config)`, then `.update(table.config)`,
    // one shallow dict (a table's `meta:` replaces the source's whole), merged over the project's configs.
    layers.push({
      values: { ...sourceConfig, ...tableConfig },
      where: (key) => ({ file: entry.file, line: key in tableConfig ? entry.line : entry.sourceLine }),
      written: {
        kind: 'dict',
        values: writtenSourceConfig(
          sourceConfig,
          tableConfig,
          extras,
          (scope.dbtVersion ?? Infinity) < SOURCE_META_TAGS_SINCE ? null : { meta, tags },
        ),
      },
    });
    const entryLayer = layers.length - 1;
    if (project !== scope.root || entry.package !== undefined)
      layers.push(...projectLayers(scope.root.configs.sources, fqn));
    const mergedLayers = mergeLayers(
      // SourceConfig's fields in dbt 1.10+'s order (freshness and loaded_at_* are set from the source below).
      {
        enabled: true,
        event_time: null,
        freshness: null,
        loaded_at_field: null,
        loaded_at_query: null,
        meta: {},
        tags: [],
        // dbt 1.11.9+ (dbt Fusion's static analysis: on, off or unsafe), null unless set.
        static_analysis: null,
      },
      layers,
    );
    const merged = mergedLayers.values;
    scope.diagnostics.push(
      ...configTypeProblems(
        merged,
        'source',
        (key) => mergedLayers.positionOf(key) ?? { file: entry.file, line: entry.line },
        (scope.dbtVersion ?? Infinity) >= SOURCE_META_TAGS_SINCE,
      ),
    );
    // As for nodes: dbt renders the descriptions of enabled sources only, and lists their doc blocks.
    const isEnabled = merged['enabled'] !== false;
    const describe = (value: string, line: () => number) =>
      isEnabled ? scope.describe(value, entry.file, line) : value;
    const docBlocks = (value: string) => (isEnabled ? scope.docBlocks(value) : []);
    const columns: Record<string, Column> = patchColumns(entry.data['columns'], entry, describe, docBlocks);
    const table: SourceTable = {
      unique_id: `source.${pkg}.${sourceName}.${tableName}`,
      resource_type: 'source',
      source_name: sourceName,
      name: tableName,
      package_name: pkg,
      original_file_path: pathFrom(project.root, entry.file),
      fqn,
      description: describe(text(entry.data['description']), () =>
        entry.lines.key(entry.data, 'description', entry.line),
      ),
      doc_blocks: docBlocks(text(entry.data['description'])),
      source_description: describe(text(entry.source['description']), () => entry.sourceLine),
      loader: text(entry.source['loader']),
      identifier: text(entry.data['identifier']) || tableName,
      columns,
      meta,
      source_meta: { ...sourceMeta, ...(isRecord(sourceConfig['meta']) ? sourceConfig['meta'] : {}) },
      tags,
      config: {
        ...merged,
        enabled: isEnabled,
        // dbt 1.10+ keeps a source's and a table's `tags:` in its config too.
        tags: [...new Set([...stringList(merged['tags']), ...tags])].sort(),
        meta: { ...sourceMeta, ...tableMeta, ...(isRecord(merged['meta']) ? merged['meta'] : {}) },
      },
      ...withoutOwnFreshness(extras),
      // dbt 1.10+: the source's `database:` and `schema:` as written, Jinja unrendered (null when not set).
      unrendered_database: typeof entry.written['database'] === 'string' ? entry.written['database'] : null,
      unrendered_schema: typeof entry.written['schema'] === 'string' ? entry.written['schema'] : null,
      unrendered_config: unrenderedConfig(layers),
      file: entry.file,
      line: entry.line,
    };
    // Only a compile for an older dbt pays for its form (manifest-properties.ts writes it for that version).
    if ((scope.dbtVersion ?? Infinity) < SOURCE_CONFIG_KEYS_SINCE)
      table.unrenderedBefore110 = unrenderedConfig(
        layers.map((layer, i) =>
          i === entryLayer
            ? {
                ...layer,
                written: {
                  kind: 'dict',
                  // dbt 1.9.6's back-port of source freshness merges it in, as 1.10 does (not loaded_at_*).
                  values:
                    (scope.dbtVersion ?? Infinity) >= SOURCE_FRESHNESS_SINCE
                      ? withMergedFreshness(plainConfig(sourceConfig, tableConfig), extras)
                      : plainConfig(sourceConfig, tableConfig),
                },
              }
            : layer,
        ),
      );
    // dbt 1.10+ writes the source's freshness (all thresholds null when none is set) and loaded_at_* in its config.
    table.config['freshness'] = extras.freshness ?? {
      warn_after: { count: null, period: null },
      error_after: { count: null, period: null },
      filter: null,
    };
    table.config['loaded_at_field'] = extras.loaded_at_field;
    table.config['loaded_at_query'] = extras.loaded_at_query;
    (table.config.enabled ? enabled : disabled).push(table);
  }
  return { enabled, disabled };
}
