// dbt 1.12's latest semantic layer spec, as dbt-core's schema_yaml_readers makes it
// (parse_v2_semantic_model_from_dbt_model_patch, _parse_v2_column_entities / _dimensions, parse_v2_metrics_from_
// dbt_model_patch, _get_metric_type_params for UnparsedMetricV2): a model entry's `semantic_model:` is a semantic
// model of that model, its columns' `entity:` / `dimension:` its elements, its `metrics:` metrics on it; a metric
// with its type's keys at its top level (no `type_params`) is read the same way. Checked on a 1.12.0 manifest
// (semantic model, 15 metrics: all equal).
import type { SemanticResource } from './types.js';
import { isRecord } from './yaml.js';
import { listOrEmpty, metricInput, recordOrEmpty, textOrNull, whereFilter, window } from './semantic-metrics.js';

type Data = Record<string, unknown>;

/** Whether a model entry declares a semantic model that is built: `true`, or a mapping not `enabled: false`. */
export function declaresSemanticModel(model: Data): boolean {
  const declared = model['semantic_model'];
  return declared === true || (isRecord(declared) && declared['enabled'] !== false);
}

/** The semantic model's name (the model's unless the mapping names it) and its config as the entry writes it. */
export function semanticModelHead(model: Data, modelName: string): { name: string; config: Data } {
  const declared = recordOrEmpty(model['semantic_model']);
  const name = textOrNull(declared['name']) ?? modelName;
  // dbt copies `enabled` and `group` only when the mapping also has a `config:` (then `enabled` always).
  const config: Data = {};
  if (declared['config'] !== undefined && declared['config'] !== null) {
    const own = recordOrEmpty(declared['config']);
    if (own['meta'] !== undefined && own['meta'] !== null) config['meta'] = own['meta'];
    config['enabled'] = declared['enabled'] ?? true;
    if (declared['group'] !== undefined && declared['group'] !== null) config['group'] = declared['group'];
  }
  return { name, config };
}

/** The fields of a semantic model made of a model entry (its configured meta under each element's). */
export function semanticModelFields(model: Data, modelName: string, description: string, meta: Data): Data {
  const columns = listOrEmpty(model['columns']).filter(isRecord);
  const derived = recordOrEmpty(model['derived_semantics']);
  const inherit = <T extends { config: { meta: Data } }>(element: T): T => ({
    ...element,
    config: { meta: { ...meta, ...element.config.meta } },
  });
  return {
    model: `ref('${modelName}')`,
    description,
    label: null,
    defaults: { agg_time_dimension: textOrNull(model['agg_time_dimension']) },
    entities: [
      ...columns.flatMap((column) => columnEntity(column)),
      ...listOrEmpty(derived['entities']).filter(isRecord).map(derivedEntity),
    ].map(inherit),
    measures: [],
    dimensions: [
      ...columns.flatMap((column) => columnDimension(column)),
      ...listOrEmpty(derived['dimensions']).filter(isRecord).map(derivedDimension),
    ].map(inherit),
    metadata: null,
    primary_entity: textOrNull(model['primary_entity']),
  };
}

/** A column's meta as dbt holds it (its `meta:` moved under `config:`). */
const columnMeta = (column: Data): Data => ({
  ...recordOrEmpty(column['meta']),
  ...recordOrEmpty(recordOrEmpty(column['config'])['meta']),
});
const described = (value: unknown): string => textOrNull(value) ?? '';

function columnEntity(column: Data): Array<Record<string, unknown> & { config: { meta: Data } }> {
  const entity = column['entity'];
  const columnName = String(column['name']);
  if (typeof entity === 'string')
    return [
      {
        name: columnName,
        type: entity,
        description: described(column['description']),
        label: null,
        role: null,
        expr: null,
        config: { meta: columnMeta(column) },
      },
    ];
  if (!isRecord(entity)) return [];
  const name = textOrNull(entity['name']) ?? columnName;
  const own = recordOrEmpty(entity['config'])['meta'];
  return [
    {
      name,
      type: textOrNull(entity['type']),
      description: described(entity['description'] ?? column['description']),
      label: textOrNull(entity['label']),
      role: null,
      expr: name !== columnName ? columnName : null,
      // The entity's own meta replaces the column's (dimensions merge them).
      config: { meta: isRecord(own) ? own : columnMeta(column) },
    },
  ];
}

function columnDimension(column: Data): Array<Record<string, unknown> & { config: { meta: Data } }> {
  const dimension = column['dimension'];
  const columnName = String(column['name']);
  const granularity = textOrNull(column['granularity']);
  if (typeof dimension === 'string')
    return [
      {
        name: columnName,
        type: dimension,
        description: described(column['description']),
        label: null,
        is_partition: false,
        // The shorthand has no type_params, even beside a granularity.
        type_params: null,
        expr: null,
        metadata: null,
        config: { meta: columnMeta(column) },
      },
    ];
  if (!isRecord(dimension)) return [];
  const name = textOrNull(dimension['name']) || columnName;
  const validity = dimension['validity_params'];
  return [
    {
      name,
      type: textOrNull(dimension['type']),
      description: described(textOrNull(dimension['description']) || column['description']),
      label: textOrNull(dimension['label']),
      is_partition: dimension['is_partition'] === true,
      type_params:
        granularity === null
          ? null
          : {
              time_granularity: granularity,
              validity_params: isRecord(validity)
                ? { is_start: validity['is_start'] === true, is_end: validity['is_end'] === true }
                : null,
            },
      expr: name !== columnName ? columnName : null,
      metadata: null,
      config: { meta: { ...columnMeta(column), ...recordOrEmpty(recordOrEmpty(dimension['config'])['meta']) } },
    },
  ];
}

function derivedEntity(entity: Data): Record<string, unknown> & { config: { meta: Data } } {
  return {
    name: textOrNull(entity['name']),
    type: textOrNull(entity['type']),
    description: textOrNull(entity['description']),
    label: textOrNull(entity['label']),
    role: null,
    expr: textOrNull(entity['expr']),
    config: { meta: recordOrEmpty(recordOrEmpty(entity['config'])['meta']) },
  };
}

function derivedDimension(dimension: Data): Record<string, unknown> & { config: { meta: Data } } {
  const granularity = textOrNull(dimension['granularity']);
  const validity = dimension['validity_params'];
  return {
    name: textOrNull(dimension['name']),
    type: textOrNull(dimension['type']),
    description: textOrNull(dimension['description']),
    label: textOrNull(dimension['label']),
    is_partition: dimension['is_partition'] === true,
    type_params:
      granularity === null
        ? null
        : {
            time_granularity: granularity,
            validity_params: isRecord(validity)
              ? { is_start: validity['is_start'] === true, is_end: validity['is_end'] === true }
              : null,
          },
    expr: textOrNull(dimension['expr']),
    metadata: null,
    config: { meta: recordOrEmpty(recordOrEmpty(dimension['config'])['meta']) },
  };
}

/** Whether a metric entry is written in the latest spec: its type's keys at its top level, no `type_params`. */
export const isLatestMetric = (data: Data): boolean => !('type_params' in data);

/**
 * A latest-spec metric's fields. `on` is the semantic model of the model entry that lists it (a simple metric
 * aggregates there, by default along the model's agg_time_dimension); null for a metric at a file's top level.
 */
export function latestMetricFields(
  resource: SemanticResource,
  value: (key: string) => unknown,
  raw: (key: string) => unknown,
  on: { semanticModel: string; aggTimeDimension: string | null } | null,
  report: (message: string) => void,
): void {
  const type = textOrNull(value('type'))?.toLowerCase() ?? 'simple';
  const simple = type === 'simple';
  const agg = textOrNull(value('agg'));
  if (simple && agg === null)
    report(`metric \`${resource.name}\`: a simple metric must have an \`agg\` (dbt stops here)`);
  if (agg !== null && (on === null || !simple))
    report(
      `metric \`${resource.name}\`: simple metrics in v2 YAML must be attached to semantic_model (dbt stops here)`,
    );
  // Inputs as written: their filters are MetricFlow's Jinja, left for query time.
  const input = (key: string) => (raw(key) === undefined || raw(key) === null ? null : metricInput(raw(key)));
  const nonAdditive = value('non_additive_dimension');
  const expr = value('expr');
  resource.fields = {
    description: textOrNull(value('description')) ?? '',
    label: textOrNull(value('label')) || resource.name,
    type,
    type_params: {
      measure: null,
      input_measures: [],
      numerator: input('numerator'),
      denominator: input('denominator'),
      expr: expr === undefined || expr === null ? null : String(expr),
      // dbt leaves the legacy window unset for these metrics (a cumulative one holds its own).
      window: null,
      grain_to_date: null,
      metrics: listOrEmpty(raw('input_metrics')).map(metricInput),
      conversion_type_params:
        type === 'conversion'
          ? {
              entity: textOrNull(value('entity')),
              base_measure: null,
              conversion_measure: null,
              base_metric: input('base_metric'),
              conversion_metric: input('conversion_metric'),
              calculation: textOrNull(value('calculation')) ?? 'conversion_rate',
              window: window(value('window')),
              constant_properties: Array.isArray(value('constant_properties')) ? value('constant_properties') : null,
            }
          : null,
      cumulative_type_params:
        type === 'cumulative'
          ? {
              window: window(value('window')),
              grain_to_date: textOrNull(value('grain_to_date')),
              period_agg: textOrNull(value('period_agg')) ?? 'first',
              metric: input('input_metric'),
            }
          : null,
      metric_aggregation_params:
        agg === null
          ? null
          : {
              semantic_model: on?.semanticModel ?? null,
              agg,
              agg_params: {
                percentile: typeof value('percentile') === 'number' ? value('percentile') : null,
                use_discrete_percentile: textOrNull(value('percentile_type'))?.toLowerCase() === 'discrete',
                use_approximate_percentile: textOrNull(value('percentile_type'))?.toLowerCase() === 'continuous',
              },
              agg_time_dimension:
                textOrNull(value('agg_time_dimension')) ?? (simple ? (on?.aggTimeDimension ?? null) : null),
              non_additive_dimension: isRecord(nonAdditive)
                ? {
                    name: textOrNull(nonAdditive['name']),
                    window_choice: textOrNull(nonAdditive['window_agg']),
                    window_groupings: listOrEmpty(nonAdditive['group_by']).map(String),
                  }
                : null,
            },
      fill_nulls_with: null,
      join_to_timespine: value('join_to_timespine') === true,
      is_private: value('hidden') === true,
    },
    filter: whereFilter(raw('filter')),
    metadata: null,
    time_granularity: textOrNull(value('time_granularity')),
    // These metrics have no meta or tags of their own (their config's meta stays in config).
    meta: {},
    tags: [],
  };
}
