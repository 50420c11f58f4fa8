// MetricFlow's resources in the manifest (semantic_models, metrics, saved_queries), each in dbt's key order, with
// a semantic model's node_relation named as its model's relation is (rules: semantic.ts).
import { relationNames } from '../naming.js';
import { relationName, writtenDatabase, type RelationQuoting } from '../relation.js';
import type { Graph, SemanticResource } from '../types.js';
import { DBT_1_11, DIMENSION_DATATYPE_SINCE, type ManifestShape, withoutNewerKeys } from './manifest-shape.js';

interface Target {
  schema: string;
  database: string;
  /** The adapter (spark's relations have no database). */
  type?: string;
  shape?: ManifestShape;
}

/**
 * MetricTypeParams as the shape's dbt writes them: metric_aggregation_params from 1.10.13 on, and dbt 1.12's fields
 * after it, with their defaults.
 */
function typeParamsForShape(typeParams: unknown, shape: ManifestShape): unknown {
  if (typeof typeParams !== 'object' || typeParams === null) return typeParams;
  const params = withoutNewerKeys(typeParams as Record<string, unknown>, 'metricTypeParams', shape);
  // A metric of the latest spec (semantic-latest.ts) has them already.
  if (!shape.newKeys || 'is_private' in params) return params;
  return { ...params, fill_nulls_with: null, join_to_timespine: false, is_private: null };
}

function common(resource: SemanticResource): Record<string, unknown> {
  return {
    name: resource.name,
    resource_type: resource.kind,
    package_name: resource.package_name,
    path: resource.path,
    original_file_path: resource.original_file_path,
    unique_id: resource.unique_id,
    fqn: resource.fqn,
  };
}

const group = (resource: SemanticResource) =>
  typeof resource.config['group'] === 'string' ? resource.config['group'] : null;

export function semanticJson(
  resource: SemanticResource,
  graph: Graph,
  target: Target,
  quoting: RelationQuoting,
): Record<string, unknown> {
  const f = resource.fields;
  if (resource.kind === 'semantic_model') {
    const model = graph.nodes[resource.depends_on.nodes[0] ?? ''];
    const names = model ? relationNames(model, target) : null;
    return {
      ...common(resource),
      model: f['model'],
      node_relation: names
        ? {
            alias: names.alias,
            schema_name: names.schema,
            database: writtenDatabase(target.type, names.database),
            relation_name:
              model?.config.materialized === 'ephemeral'
                ? null
                : relationName(quoting, { database: names.database, schema: names.schema, identifier: names.alias }),
          }
        : null,
      description: f['description'],
      label: f['label'],
      defaults: f['defaults'],
      entities: f['entities'],
      measures: f['measures'],
      dimensions:
        (target.shape ?? DBT_1_11).version >= DIMENSION_DATATYPE_SINCE
          ? (f['dimensions'] as Array<Record<string, unknown>>).map((d) => ({ ...d, datatype: null }))
          : f['dimensions'],
      metadata: null,
      depends_on: { macros: resource.depends_on.macros, nodes: resource.depends_on.nodes },
      refs: resource.refs.map((r) => ({ name: r.name, package: r.package, version: r.version })),
      created_at: 0,
      config: resource.config,
      unrendered_config: resource.unrendered_config,
      primary_entity: f['primary_entity'],
      group: group(resource),
    };
  }
  if (resource.kind === 'metric') {
    const shape = target.shape ?? DBT_1_11;
    const json = {
      ...common(resource),
      description: f['description'],
      label: f['label'],
      type: f['type'],
      type_params: typeParamsForShape(f['type_params'], shape),
      filter: f['filter'],
      metadata: null,
      time_granularity: f['time_granularity'],
      meta: f['meta'],
      tags: f['tags'],
      config: resource.config,
      unrendered_config: resource.unrendered_config,
      sources: [],
      depends_on: { macros: resource.depends_on.macros, nodes: resource.depends_on.nodes },
      refs: [],
      metrics: [],
      created_at: 0,
      group: group(resource),
    };
    if (!shape.newKeys) return json;
    // dbt 1.12 writes a metric's meta and tags last (two 1.12.0 manifests; 1.11.12 has them after time_granularity).
    const { meta, tags, ...rest } = json;
    return { ...rest, meta, tags };
  }
  const exports = f['exports'] as Array<{ name: string | null; written: Record<string, unknown> }>;
  const json = {
    ...common(resource),
    query_params: f['query_params'],
    exports: exports.map((e) => ({
      name: e.name,
      config: {
        export_as: e.written['export_as'] ?? null,
        schema_name: e.written['schema'] ?? e.written['schema_name'] ?? target.schema,
        alias: e.written['alias'] ?? e.name,
        database: e.written['database'] ?? writtenDatabase(target.type, target.database),
      },
      unrendered_config: e.written,
    })),
    description: f['description'],
    label: f['label'],
    metadata: null,
    config: resource.config,
    unrendered_config: resource.unrendered_config,
    group: group(resource),
    depends_on: { macros: resource.depends_on.macros, nodes: resource.depends_on.nodes },
    created_at: 0,
    refs: [],
    tags: f['tags'] ?? [],
  };
  return withoutNewerKeys(json, 'savedQuery', target.shape ?? DBT_1_11);
}
