// Graph <-> dbt manifest.json (v12 field names). toManifest writes what `dbt-steward manifest` prints;
// reading a manifest that a real `dbt parse` wrote is manifest-input.ts (it needs zod; writing does not).
import { createHash } from 'node:crypto';
import { relationName, relationQuoting, type RelationQuoting } from './relation.js';
import { pythonStrip } from './text.js';
import { nodeRelation } from './naming.js';
import { contractChecksum } from './contract.js';
import { hookDict, hookList } from './hooks.js';
import { manifestMaps, testJson, unitTestJson } from './manifest-tests.js';
import type {
  Column,
  Exposure,
  Graph,
  GraphNode,
  Group,
  MacroEntry,
  MetricCall,
  SemanticResource,
  SourceTable,
} from './types.js';
import { semanticJson } from './manifest-semantic.js';
import { checksumJson, configForShape, DBT_1_11, type ManifestShape } from './manifest-shape.js';

const SCHEMA_URL = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

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
  return json;
}

function columns(record: Record<string, Column>, shape: ManifestShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in record) out[name] = column(record[name]!, shape);
  return out;
}

/** A seed's or snapshot's config: `access` and `freshness` are ModelConfig's (SeedConfig/SnapshotConfig lack them). */
function withoutModelKeys(config: GraphNode['config']): Record<string, unknown> {
  const { access: _access, freshness: _freshness, ...rest } = config;
  return rest;
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
  const config = configForShape(
    node.resource_type !== 'model'
      ? withoutModelKeys(node.config)
      : shape.newKeys
        ? withModelKeys112(node.config)
        : node.config,
    shape,
  );
  const pre = config['pre-hook'];
  const post = config['post-hook'];
  const none = (hooks: unknown) => hooks === undefined || (Array.isArray(hooks) && hooks.length === 0);
  if (none(pre) && none(post)) return config;
  return { ...config, 'pre-hook': hookList(pre).map(hookJson), 'post-hook': hookList(post).map(hookJson) };
}

function nodeJson(
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
    depends_on: node.resource_type === 'seed' ? { macros: node.depends_on.macros } : node.depends_on,
  };
  if (node.resource_type === 'seed') {
    json['root_path'] = null;
    return json;
  }
  json['language'] = node.language ?? 'sql';
  json['refs'] = node.refs.map((r) => ({ name: r.name, package: r.package, version: r.version }));
  json['sources'] = node.sources.map((s) => [s.source, s.table]);
  json['metrics'] = metricList(node.metrics);
  // dbt 1.11+: the user-defined functions a node calls; none without `functions:` resources.
  if (shape.functions) json['functions'] = [];
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
  return json;
}

function sourceJson(
  { file: _f, line: _l, columns: cols, ...rest }: SourceTable,
  target: ManifestTarget,
  quoting: RelationQuoting,
): Record<string, unknown> {
  const database = rest.database ?? target.database;
  const schema = rest.schema ?? rest.source_name;
  const shape = target.shape ?? DBT_1_11;
  return {
    ...rest,
    database,
    schema,
    path: rest.original_file_path,
    columns: columns(cols, shape),
    config: configForShape(rest.config, shape),
    quoting: rest.quoting ?? { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: rest.loaded_at_field ?? null,
    loaded_at_query: rest.loaded_at_query ?? null,
    freshness: rest.freshness === undefined ? null : rest.freshness,
    external: rest.external ?? null,
    doc_blocks: rest.doc_blocks ?? [],
    patch_path: null,
    unrendered_config: rest.unrendered_config ?? {},
    relation_name: relationName(quoting, { database, schema, identifier: rest.identifier }, rest.quoting),
    created_at: 0,
  };
}

/** A node's or exposure's metric() calls as dbt lists them (_repack_args): [name], or [package, name]. */
function metricList(calls: MetricCall[] | undefined): string[][] {
  return (calls ?? []).map((m) => (m.package === null ? [m.name] : [m.package, m.name]));
}

function exposureJson({ file: _f, line: _l, refs, sources, metrics, ...rest }: Exposure): Record<string, unknown> {
  return {
    ...rest,
    unrendered_config: rest.unrendered_config ?? {},
    created_at: 0,
    path: rest.path ?? rest.original_file_path,
    refs: refs.map((r) => ({ name: r.name, package: r.package, version: r.version })),
    sources: sources.map((s) => [s.source, s.table]),
    metrics: metricList(metrics),
  };
}

/** A macro as dbt writes it (its Macro resource, in dbt's key order). */
function macroJson(macro: MacroEntry, shape: ManifestShape): Record<string, unknown> {
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

function groupJson({ file: _f, line: _l, ...rest }: Group): Record<string, unknown> {
  return { ...rest, path: rest.path ?? rest.original_file_path, config: rest.config ?? { meta: {} } };
}

export interface ManifestTarget {
  schema: string;
  database: string;
  /** The adapter (`target.type`), written as `metadata.adapter_type`. */
  type?: string;
  /** Which dbt version's manifest to write (manifest-shape.ts); dbt 1.11's when absent. */
  shape?: ManifestShape;
}

const DEFAULT_TARGET: ManifestTarget = { schema: 'public', database: 'analytics' };

/** A large dict of the manifest (nodes, sources, disabled), made entry by entry as it is written. */
class Entries {
  constructor(readonly each: () => Iterable<[string, unknown]>) {}
}

function* mapEntries<T>(items: Iterable<T>, entry: (item: T) => [string, unknown]): Iterable<[string, unknown]> {
  for (const item of items) yield entry(item);
}

/** The manifest's top-level keys in dbt's order, the large dicts left as Entries. */
function sections(graph: Graph, target: ManifestTarget): Record<string, unknown> {
  const root = graph.projects.find((p) => !p.isPackage);
  // dbt's build_group_map: every group, members or none, in the groups' order; a node of no such group is left out
  // (dbt stops on it elsewhere).
  const groupMap: Record<string, string[]> = {};
  for (const group of Object.values(graph.groups)) groupMap[group.name] ??= [];
  const addMember = (name: string, id: string) => {
    if (Object.hasOwn(groupMap, name)) groupMap[name]!.push(id);
  };
  for (const node of Object.values(graph.nodes)) if (node.group) addMember(node.group, node.unique_id);
  for (const test of Object.values(graph.tests ?? {})) if (test.group) addMember(test.group, test.unique_id);
  const quoting = relationQuoting(target.type, root?.quoting);
  const semanticOf = (kind: SemanticResource['kind']) =>
    mapEntries(
      Object.values(graph.semantic ?? {}).filter((r) => r.kind === kind),
      (r) => [r.unique_id, semanticJson(r, graph, target, quoting)],
    );
  // dbt's build_group_map walks nodes, saved queries, semantic models, then metrics.
  for (const kind of ['saved_query', 'semantic_model', 'metric'] as const)
    for (const resource of Object.values(graph.semantic ?? {}))
      if (resource.kind === kind && typeof resource.config['group'] === 'string')
        addMember(resource.config['group'], resource.unique_id);
  return {
    // Only fields of dbt's ManifestMetadata: the manifest validates against dbt's published v12 schema.
    metadata: {
      dbt_schema_version: SCHEMA_URL,
      project_name: root?.name ?? null,
      // As dbt computes it: the md5 of the root project's name.
      project_id: root ? createHash('md5').update(root.name).digest('hex') : null,
      adapter_type: target.type ?? null,
    },
    nodes: new Entries(function* () {
      const nodes = [
        ...Object.values(graph.nodes),
        ...Object.values(graph.operations ?? {}),
        ...Object.values(graph.analyses ?? {}),
      ];
      yield* mapEntries(nodes, (n) => [n.unique_id, nodeJson(n, target, quoting)]);
      yield* mapEntries(Object.values(graph.tests ?? {}), (t) => [t.unique_id, testJson(t, target, quoting)]);
    }),
    sources: new Entries(() =>
      mapEntries(Object.values(graph.sources), (s) => [s.unique_id, sourceJson(s, target, quoting)]),
    ),
    macros: new Entries(() =>
      mapEntries(Object.values(graph.macros ?? {}), (m) => [m.unique_id, macroJson(m, target.shape ?? DBT_1_11)]),
    ),
    docs: graph.docs ?? {},
    exposures: Object.fromEntries(Object.values(graph.exposures).map((e) => [e.unique_id, exposureJson(e)])),
    metrics: new Entries(() => semanticOf('metric')),
    groups: Object.fromEntries(Object.values(graph.groups).map((g) => [g.unique_id, groupJson(g)])),
    selectors: graph.selectors ?? {},
    disabled: new Entries(function* () {
      for (const [id, list] of Object.entries(graph.disabled))
        yield [id, list.map((n) => nodeJson(n, target, quoting, false))];
      for (const [id, list] of Object.entries(graph.disabledTests ?? {}))
        yield [id, list.map((t) => testJson(t, target, quoting))];
      for (const [id, list] of Object.entries(graph.disabledUnitTests ?? {})) yield [id, list.map(unitTestJson)];
      for (const [id, list] of Object.entries(graph.disabledSemantic ?? {}))
        yield [id, list.map((r) => semanticJson(r, graph, target, quoting))];
      for (const [id, list] of Object.entries(graph.disabledResources ?? {}))
        yield [id, list.map((r) => (r.resource_type === 'source' ? sourceJson(r, target, quoting) : exposureJson(r)))];
    }),
    ...manifestMaps(graph),
    group_map: groupMap,
    saved_queries: new Entries(() => semanticOf('saved_query')),
    semantic_models: new Entries(() => semanticOf('semantic_model')),
    unit_tests: new Entries(() =>
      mapEntries(Object.values(graph.unitTests ?? {}), (t) => [t.unique_id, unitTestJson(t)]),
    ),
    // dbt 1.11+: user-defined functions (`functions/` resources), which dbt-steward does not read yet.
    ...((target.shape ?? DBT_1_11).functions ? { functions: {} } : {}),
  };
}

export function toManifest(graph: Graph, target: ManifestTarget = DEFAULT_TARGET): Record<string, unknown> {
  const manifest = sections(graph, target);
  for (const key in manifest) {
    const value = manifest[key];
    if (value instanceof Entries) manifest[key] = Object.fromEntries(value.each());
  }
  return manifest;
}

/**
 * `JSON.stringify(toManifest(graph, target))` as a sequence of pieces (punctuation, ids, one entry's JSON each):
 * the manifest of a large project is never held whole, neither as objects nor as one string (20 MB at 5,000
 * models). Pieces are yielded as they are made, never concatenated: joining them would build ropes that the
 * writer must flatten again before encoding (a third of the time it takes to write the text).
 */
export function* manifestJson(graph: Graph, target: ManifestTarget = DEFAULT_TARGET): Generator<string> {
  const manifest = sections(graph, target);
  let separator = '{';
  for (const key in manifest) {
    yield `${separator}${JSON.stringify(key)}:`;
    separator = ',';
    const value = manifest[key];
    if (!(value instanceof Entries)) {
      yield JSON.stringify(value);
      continue;
    }
    // Ids are unique within each dict (keys of the graph's records; disabled nodes and disabled sources or
    // exposures differ by their resource prefix), so entries are written as they come.
    let entrySeparator = '{';
    for (const [id, entry] of value.each()) {
      yield `${entrySeparator}${JSON.stringify(id)}:`;
      yield JSON.stringify(entry);
      entrySeparator = ',';
    }
    yield entrySeparator === '{' ? '{}' : '}';
  }
  yield '}';
}
