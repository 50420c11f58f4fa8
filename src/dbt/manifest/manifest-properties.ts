// Resources of property files as the manifest writes them, field by field in the order dbt's dataclasses declare
// them: sources (SourceDefinition), exposures and groups.
import { duckdbExternalLocation, relationName, writtenDatabase, type RelationQuoting } from '../relation.js';
import type { Exposure, Group, SourceTable } from '../types.js';
import {
  DBT_1_11,
  type ManifestShape,
  SOURCE_CONFIG_KEYS_SINCE,
  SOURCE_META_TAGS_SINCE,
  withoutNewerKeys,
} from './manifest-shape.js';
import type { ManifestTarget } from './manifest.js';
import { columns, callList } from './manifest-resources.js';

/**
 * A source's config keys that hold something: its unrendered_config has dbt 1.11's merged keys too, so what the
 * user set is told by value (an empty meta, no tags, a freshness of no counts are what nobody set).
 */
function setValues(config: Record<string, unknown>): Record<string, unknown> {
  const holds = (value: unknown): boolean =>
    value !== null &&
    value !== undefined &&
    (Array.isArray(value)
      ? value.length > 0
      : typeof value === 'object'
        ? Object.values(value as object).some(holds)
        : true);
  const out: Record<string, unknown> = {};
  for (const key in config) if (holds(config[key])) out[key] = config[key];
  return out;
}

export function sourceJson(
  { file: _f, line: _l, columns: cols, unrenderedBefore110, ...rest }: SourceTable,
  target: ManifestTarget,
  quoting: RelationQuoting,
): Record<string, unknown> {
  const database = rest.database ?? target.database;
  const schema = rest.schema ?? rest.source_name;
  const shape = target.shape ?? DBT_1_11;
  // SourceDefinition's fields in dbt's order (HasRelationMetadata's first), then any a read manifest brought.
  const json: Record<string, unknown> = {
    // dbt-spark: the source's own `database:` (the schema's name, or dbt stops), else none.
    database: target.type === 'spark' ? (rest.database ?? null) : writtenDatabase(target.type, database),
    schema,
    name: rest.name,
    resource_type: rest.resource_type,
    package_name: rest.package_name,
    path: rest.original_file_path,
    original_file_path: rest.original_file_path,
    unique_id: rest.unique_id,
    fqn: rest.fqn,
    source_name: rest.source_name,
    source_description: rest.source_description,
    loader: rest.loader,
    identifier: rest.identifier,
    quoting: rest.quoting ?? { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: rest.loaded_at_field ?? null,
    loaded_at_query: rest.loaded_at_query ?? null,
    freshness: rest.freshness === undefined ? null : rest.freshness,
    external: rest.external ?? null,
    description: rest.description,
    columns: columns(cols, shape),
    meta: rest.meta,
    source_meta: rest.source_meta,
    tags: rest.tags,
    // Before 1.10 what the user set is what the `config:` entries hold: a table's top-level freshness and
    // loaded_at_field are no config keys there (a dbt 1.8.8 manifest: `{enabled: true}`).
    config: withoutNewerKeys(
      rest.config,
      'sourceConfig',
      shape,
      shape.version < SOURCE_CONFIG_KEYS_SINCE && unrenderedBefore110 !== undefined
        ? unrenderedBefore110
        : // 1.10.0 to 1.10.4 merge no meta or tags into unrendered_config: what it holds is what the user set.
          shape.version >= SOURCE_CONFIG_KEYS_SINCE && shape.version < SOURCE_META_TAGS_SINCE
          ? (rest.unrendered_config ?? {})
          : setValues,
    ),
    patch_path: null,
    unrendered_config:
      (shape.version < SOURCE_CONFIG_KEYS_SINCE ? unrenderedBefore110 : undefined) ?? rest.unrendered_config ?? {},
    relation_name:
      (target.type === 'duckdb' ? duckdbExternalLocation({ ...rest, database, schema }) : null) ??
      relationName(quoting, { database, schema, identifier: rest.identifier }, rest.quoting),
    created_at: 0,
    unrendered_database: rest.unrendered_database ?? null,
    unrendered_schema: rest.unrendered_schema ?? null,
    doc_blocks: rest.doc_blocks ?? [],
  };
  for (const key in rest) if (!(key in json)) json[key] = rest[key as keyof typeof rest];
  // A source read from a manifest older than dbt 1.9 has neither.
  if (rest.unrendered_database === undefined) delete json['unrendered_database'];
  if (rest.unrendered_schema === undefined) delete json['unrendered_schema'];
  return withoutNewerKeys(json, 'source', shape);
}

export function exposureJson(
  { file: _f, line: _l, refs, sources, metrics, ...rest }: Exposure,
  shape: ManifestShape = DBT_1_11,
): Record<string, unknown> {
  // Exposure's fields in dbt's order, then any a read manifest brought.
  const json: Record<string, unknown> = {
    name: rest.name,
    resource_type: rest.resource_type,
    package_name: rest.package_name,
    path: rest.path ?? rest.original_file_path,
    original_file_path: rest.original_file_path,
    unique_id: rest.unique_id,
    fqn: rest.fqn,
    type: rest.type,
    owner: rest.owner,
    description: rest.description,
    label: rest.label,
    maturity: rest.maturity,
    meta: rest.meta,
    tags: rest.tags,
    config: withoutNewerKeys(rest.config, 'exposureConfig', shape, rest.unrendered_config),
    unrendered_config: rest.unrendered_config ?? {},
    url: rest.url,
    depends_on: { macros: rest.depends_on.macros, nodes: rest.depends_on.nodes },
    refs: refs.map((r) => ({ name: r.name, package: r.package, version: r.version })),
    sources: sources.map((s) => [s.source, s.table]),
    metrics: callList(metrics),
    created_at: 0,
  };
  for (const key in rest) if (!(key in json)) json[key] = rest[key as keyof typeof rest];
  return json;
}

export function groupJson(group: Group, shape: ManifestShape): Record<string, unknown> {
  // Group's fields in dbt's order.
  const json = {
    name: group.name,
    resource_type: group.resource_type,
    package_name: group.package_name,
    path: group.path ?? group.original_file_path,
    original_file_path: group.original_file_path,
    unique_id: group.unique_id,
    owner: group.owner,
    description: group.description,
    config: group.config ?? { meta: {} },
  };
  return withoutNewerKeys(json, 'group', shape);
}
