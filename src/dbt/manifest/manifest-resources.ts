// Nodes and macros as dbt writes them in manifest.json, in dbt's key order and in the shape of the dbt version
// asked for (manifest-shape.ts); sources, exposures and groups are in manifest-properties.ts. manifest.ts puts them
// together.
import { relationName, writtenDatabase, type RelationQuoting } from '../relation.js';
import { pythonStrip } from '../text.js';
import { nodeRelation } from '../naming.js';
import { contractChecksum } from '../contract.js';
import { hookDict, hookList } from '../hooks.js';
import type { Column, GraphNode, MacroEntry, NamedCall } from '../types.js';
import { checksumJson, DBT_1_11, MACRO_CONFIG_SINCE, type ManifestShape, withoutNewerKeys } from './manifest-shape.js';
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

export function columns(record: Record<string, Column>, shape: ManifestShape): Record<string, unknown> {
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
  const userSet = node.userSetConfig ?? node.unrendered_config;
  const config = withoutNewerKeys(
    node.resource_type !== 'model'
      ? withoutModelKeys(node.config, userSet)
      : shape.newKeys
        ? withModelKeys112(node.config)
        : node.config,
    'nodeConfig',
    shape,
    userSet,
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
    database: writtenDatabase(target.type, database),
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
      node.resource_type === 'model' || node.resource_type === 'analysis' || node.resource_type === 'function'
        ? pythonStrip(node.raw_code)
        : node.raw_code,
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
  json['metrics'] = callList(node.metrics);
  // dbt 1.11+: the user-defined functions a node calls.
  json['functions'] = callList(node.functions);
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
 * A user-defined function (dbt 1.11+) as dbt writes it: a node's fields between its `returns` (FunctionMandatory's,
 * first) and its `arguments` (then dbt 1.12's `overloads`, which dbt-steward does not read: none).
 */
export function functionJson(
  node: GraphNode,
  target: ManifestTarget,
  quoting: RelationQuoting,
  enabled = true,
): Record<string, unknown> {
  const signature = node.signature ?? { returns: { data_type: null, description: null }, arguments: [] };
  const json: Record<string, unknown> = { returns: signature.returns, ...nodeJson(node, target, quoting, enabled) };
  json['arguments'] = signature.arguments;
  if ((target.shape ?? DBT_1_11).newKeys) json['overloads'] = [];
  return json;
}

/** A node's or exposure's metric() or function() calls as dbt lists them (_repack_args): [name], or [package, name]. */
export function callList(calls: NamedCall[] | undefined): string[][] {
  return (calls ?? []).map((m) => (m.package === null ? [m.name] : [m.package, m.name]));
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
    // dbt-core #12559 (1.11.8+): the macro's meta and docs under `config` too (its entry's `config:` won over both).
    ...(shape.version >= MACRO_CONFIG_SINCE ? { config: { meta: macro.meta, docs: macro.docs } } : {}),
    patch_path: macro.patch_path,
    arguments:
      macro.documented === true || !(macro.validateArgs || shape.macroArguments)
        ? macro.arguments
        : macro.parameters.map((name) => ({ name, type: null, description: '' })),
    created_at: 0,
    supported_languages: macro.supported_languages,
  };
}
