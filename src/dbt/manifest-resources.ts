// Each resource of the graph as dbt writes it in manifest.json (nodes, sources, exposures, macros, groups), in
// dbt's key order and in the shape of the dbt version asked for (manifest-shape.ts). manifest.ts puts them together.
import { relationName, type RelationQuoting } from './relation.js';
import { pythonStrip } from './text.js';
import { nodeRelation } from './naming.js';
import { contractChecksum } from './contract.js';
import { hookDict, hookList } from './hooks.js';
import type { Column, Exposure, GraphNode, Group, MacroEntry, MetricCall, SourceTable } from './types.js';
import {
  checksumJson,
  DBT_1_11,
  type ManifestShape,
  SOURCE_CONFIG_KEYS_SINCE,
  withoutNewerKeys,
} from './manifest-shape.js';
import type { ManifestTarget } from './manifest.js';

// Written as plain literals, without spreads or rest patterns: the manifest of a 5,000-model project is built in
// one pass, and this is where a `dbt-steward manifest` run spends its time after compiling.
/** A column as dbt writes it (ColumnInfo's fields in their order). */
function column(c: Column, shape: ManifestShape): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: c.name,
    description: c.description,
    meta: c.meta,
    data_type: c.data_type,
    constraints: c.constraints,
    quote: c.quote,
    config: { meta: c.meta, tags: c.tags },
    tags: c.tags,
    granularity: c.granularity ?? null,
  };
  // dbt 1.12's column properties of its newer semantic YAML; to earlier versions they are keys like any other.
  if (shape.newKeys) {
    json['dimension'] = c.extra?.['dimension'] ?? null;
    json['entity'] = c.extra?.['entity'] ?? null;
  }
  json['doc_blocks'] = c.doc_blocks ?? [];
  // The entry's other keys, after dbt's own fields: ColumnInfo writes its `_extra` with dict.update, so one named
  // like a field (doc_blocks) replaces it.
  if (c.extra !== undefined)
    for (const key in c.extra)
      if (!(shape.newKeys && (key === 'dimension' || key === 'entity'))) json[key] = c.extra[key];
  return withoutNewerKeys(json, 'column', shape);
}

function columns(record: Record<string, Column>, shape: ManifestShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in record) out[name] = column(record[name]!, shape);
  return out;
}

/** A seed's or snapshot's config: `access` and `freshness` are ModelConfig's (SeedConfig/SnapshotConfig lack them). */
function withoutModelKeys(config: GraphNode['config'], userSet: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Set by the user all the same, they are keys of their own to dbt, which keeps them.
  for (const key in config)
    if ((key !== 'access' && key !== 'freshness') || Object.hasOwn(userSet, key)) out[key] = config[key];
  return out;
}

/** A hook as dbt writes it in a config: hooks.get_hook_dict, then Hook's fields with their defaults. */
function hookJson(hook: unknown): { sql: unknown; transaction: unknown; index: unknown } {
  const fields = hookDict(hook) ?? { sql: String(hook) };
  return { sql: fields['sql'], transaction: fields['transaction'] ?? true, index: fields['index'] ?? null };
}

/** dbt 1.12's ModelConfig keys, after `freshness` (before any key of the user's or the adapter's). */
function withModelKeys112(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in config) {
    out[key] = config[key];
    if (key !== 'freshness') continue;
    out['on_error'] = null;
    out['latest_version_pointer'] = { enabled: null, alias: null };
  }
  return out;
}

/** A node's config as the manifest writes it: its hooks as dbt's Hook objects. */
function configJson(node: GraphNode, shape: ManifestShape): Record<string, unknown> {
  const config = withoutNewerKeys(
    node.resource_type !== 'model'
      ? withoutModelKeys(node.config, node.unrendered_config)
      : shape.newKeys
        ? withModelKeys112(node.config)
        : node.config,
    'nodeConfig',
    shape,
    node.unrendered_config,
  );
  const pre = config['pre-hook'];
  const post = config['post-hook'];
  const none = (hooks: unknown) => hooks === undefined || (Array.isArray(hooks) && hooks.length === 0);
  if (none(pre) && none(post)) return config;
  return { ...config, 'pre-hook': hookList(pre).map(hookJson), 'post-hook': hookList(post).map(hookJson) };
}

export function nodeJson(
  node: GraphNode,
  target: ManifestTarget,
  quoting: RelationQuoting,
  enabled = true,
): Record<string, unknown> {
  const { database, schema, alias } = nodeRelation(node, target);
  const shape = target.shape ?? DBT_1_11;
  const json: Record<string, unknown> = {
    database,
    schema,
    name: node.name,
    resource_type: node.resource_type,
    package_name: node.package_name,
    path: node.path,
    original_file_path: node.original_file_path,
    unique_id: node.unique_id,
    fqn: node.fqn,
    alias,
    checksum: checksumJson(node.checksum, shape, node.resource_type === 'seed'),
    config: configJson(node, shape),
    tags: node.tags,
    description: node.description,
    columns: columns(node.columns, shape),
    meta: node.meta,
    group: node.group,
    docs: node.config.docs,
    patch_path: node.patch_path,
    build_path: null,
    unrendered_config: node.unrendered_config ?? {},
    created_at: 0,
    relation_name:
      // dbt writes one for relational nodes only: not hooks, nor analyses (never built in the warehouse).
      node.config.materialized === 'ephemeral' ||
      node.resource_type === 'operation' ||
      node.resource_type === 'analysis'
        ? null
        : relationName(quoting, { database, schema, identifier: alias }),
    // dbt reads model files stripped (the node keeps the text as written, for its lines).
    raw_code:
      node.resource_type === 'model' || node.resource_type === 'analysis' ? pythonStrip(node.raw_code) : node.raw_code,
    doc_blocks: node.doc_blocks ?? [],
  };
  if (node.resource_type === 'seed') {
    json['root_path'] = null;
    json['depends_on'] = { macros: node.depends_on.macros };
    return withoutNewerKeys(json, 'node', shape);
  }
  json['language'] = node.language ?? 'sql';
  json['refs'] = node.refs.map((r) => ({ name: r.name, package: r.package, version: r.version }));
  json['sources'] = node.sources.map((s) => [s.source, s.table]);
  json['metrics'] = metricList(node.metrics);
  // dbt 1.11+: the user-defined functions a node calls; none without `functions:` resources.
  json['functions'] = [];
  json['depends_on'] = node.depends_on;
  json['compiled_path'] = null;
  json['contract'] = {
    enforced: node.contract.enforced,
    alias_types: node.contract.alias_types,
    checksum: contractChecksum(node),
  };
  if (node.resource_type === 'model') {
    json['access'] = node.access;
    json['constraints'] = node.constraints ?? [];
    json['version'] = node.version;
    json['latest_version'] = node.latest_version;
    json['deprecation_date'] = node.deprecation_date;
    // dbt infers it for enabled models only (process_model_inferred_primary_keys walks manifest.nodes).
    json['primary_key'] = enabled ? (node.primary_key ?? []) : [];
    json['time_spine'] = node.time_spine ?? null;
  } else if (node.resource_type === 'operation') {
    json['index'] = node.index ?? null;
  }
  return withoutNewerKeys(json, 'node', shape);
}

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
    database,
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
    config: withoutNewerKeys(rest.config, 'sourceConfig', shape, setValues),
    patch_path: null,
    unrendered_config:
      (shape.version < SOURCE_CONFIG_KEYS_SINCE ? unrenderedBefore110 : undefined) ?? rest.unrendered_config ?? {},
    relation_name: relationName(quoting, { database, schema, identifier: rest.identifier }, rest.quoting),
    created_at: 0,
    unrendered_database: rest.unrendered_database ?? null,
    unrendered_schema: rest.unrendered_schema ?? null,
    doc_blocks: rest.doc_blocks ?? [],
  };
  for (const key in rest) if (!(key in json)) json[key] = rest[key as keyof typeof rest];
  return withoutNewerKeys(json, 'source', shape);
}

/** A node's or exposure's metric() calls as dbt lists them (_repack_args): [name], or [package, name]. */
function metricList(calls: MetricCall[] | undefined): string[][] {
  return (calls ?? []).map((m) => (m.package === null ? [m.name] : [m.package, m.name]));
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
    metrics: metricList(metrics),
    created_at: 0,
  };
  for (const key in rest) if (!(key in json)) json[key] = rest[key as keyof typeof rest];
  return json;
}

/** A macro as dbt writes it (its Macro resource, in dbt's key order). */
export function macroJson(macro: MacroEntry, shape: ManifestShape): Record<string, unknown> {
  return {
    name: macro.name,
    resource_type: 'macro',
    package_name: macro.package_name,
    path: macro.path,
    original_file_path: macro.path,
    unique_id: macro.unique_id,
    macro_sql: macro.macro_sql,
    depends_on: macro.depends_on,
    description: macro.description,
    meta: macro.meta,
    docs: macro.docs,
    patch_path: macro.patch_path,
    arguments:
      macro.documented === true || !(macro.validateArgs || shape.macroArguments)
        ? macro.arguments
        : macro.parameters.map((name) => ({ name, type: null, description: '' })),
    created_at: 0,
    supported_languages: macro.supported_languages,
  };
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
