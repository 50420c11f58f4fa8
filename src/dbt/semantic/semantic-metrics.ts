// MetricFlow's metrics as dbt writes them: type_params (measure and metric inputs, filters, windows, conversion
// parameters), the simple metrics dbt makes of measures with `create_metric: true`, and metrics of dbt 1.12's
// latest spec (their type's keys at their top level: _get_metric_type_params for UnparsedMetricV2).
import type { SemanticResource } from '../types.js';
import { isRecord, type YamlLines } from '../yaml/yaml.js';

export const textOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : String(value);
export const listOrEmpty = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const recordOrEmpty = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** A metric input (`numerator`, `metrics[*]`): a name, or a mapping with a name. */
export function metricInput(value: unknown): Record<string, unknown> {
  const data = isRecord(value) ? value : { name: value };
  return {
    name: textOrNull(data['name']) ?? '',
    filter: whereFilter(data['filter']),
    alias: textOrNull(data['alias']),
    offset_window: window(data['offset_window']),
    offset_to_grain: textOrNull(data['offset_to_grain']),
  };
}

/** A measure input (`measure:`): a name, or a mapping with a name. */
function measureInput(value: unknown): Record<string, unknown> {
  const data = isRecord(value) ? value : { name: value };
  return {
    name: textOrNull(data['name']) ?? '',
    filter: whereFilter(data['filter']),
    alias: textOrNull(data['alias']),
    join_to_timespine: data['join_to_timespine'] === true,
    fill_nulls_with: typeof data['fill_nulls_with'] === 'number' ? data['fill_nulls_with'] : null,
  };
}

/** `filter:` as dbt writes it: where_filters of the text (or texts) given. */
export function whereFilter(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const texts = Array.isArray(value) ? value : [value];
  return { where_filters: texts.map((t) => ({ where_sql_template: String(t) })) };
}

/** `window: 12 months` as dbt writes it: `{count: 12, granularity: 'month'}`. */
export function window(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+)\s+(\w+?)s?\s*$/.exec(value);
  return match ? { count: Number(match[1]), granularity: match[2]!.toLowerCase() } : null;
}

/**
 * The entry of the simple metric dbt's SemanticModelParser._create_metric makes of a measure: named after it, labelled
 * with its label (else its name), its measure and expr the measure's name, enabled as its semantic model is.
 */
export function generatedMetric(
  model: { file: string; line: number; lines: YamlLines },
  measure: { name: string; label: string | null; description: string | null },
  enabled: boolean,
): { name: string; data: Record<string, unknown>; file: string; line: number; lines: YamlLines } {
  const { name, description } = measure;
  return {
    name,
    data: {
      name,
      // The measure's label, else its name, as newer dbt writes it (dbt 1.7 took the name).
      label: measure.label || name,
      type: 'simple',
      type_params: { measure: name, expr: name },
      description: description || `Metric created from measure ${name}`,
      config: { enabled },
    },
    file: model.file,
    line: model.line,
    lines: model.lines,
  };
}

export function metric(
  resource: SemanticResource,
  value: (key: string) => unknown,
  raw: (key: string) => unknown,
): void {
  const type = textOrNull(value('type'))?.toLowerCase() ?? 'simple';
  const params = recordOrEmpty(value('type_params'));
  const measure =
    params['measure'] === undefined || params['measure'] === null ? null : measureInput(params['measure']);
  const windowValue = window(params['window']);
  const cumulative = recordOrEmpty(params['cumulative_type_params']);
  resource.fields = {
    description: textOrNull(value('description')) ?? '',
    label: textOrNull(value('label')) ?? resource.name,
    type,
    type_params: {
      measure,
      input_measures: [], // filled once every semantic model is known (compile.ts)
      numerator:
        params['numerator'] === undefined || params['numerator'] === null ? null : metricInput(params['numerator']),
      denominator:
        params['denominator'] === undefined || params['denominator'] === null
          ? null
          : metricInput(params['denominator']),
      expr: textOrNull(params['expr']),
      window: windowValue,
      grain_to_date: textOrNull(params['grain_to_date']),
      metrics: listOrEmpty(params['metrics']).map(metricInput),
      conversion_type_params: conversion(params['conversion_type_params']),
      cumulative_type_params:
        type === 'cumulative'
          ? {
              window: window(cumulative['window']) ?? windowValue,
              grain_to_date: textOrNull(cumulative['grain_to_date']),
              period_agg: textOrNull(cumulative['period_agg']) ?? 'first',
            }
          : null,
      // dbt 1.11+: the aggregation of a metric written in the newer YAML, which dbt-steward reads as the older.
      metric_aggregation_params: null,
    },
    // Left as written, as dbt's renderer leaves filters (they are rendered when queried).
    filter: whereFilter(raw('filter')),
    metadata: null,
    time_granularity: textOrNull(value('time_granularity')),
    // dbt 1.9+'s parse_metric: a non-empty config meta replaces the top-level meta.
    meta:
      Object.keys(recordOrEmpty(resource.config['meta'])).length > 0
        ? resource.config['meta']
        : recordOrEmpty(value('meta')),
    tags: listOrEmpty(value('tags')).map(String),
  };
}

/** A conversion metric's parameters, as dbt writes them (its measures as measure inputs, its window parsed). */
function conversion(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  return {
    base_measure: value['base_measure'] === undefined ? null : measureInput(value['base_measure']),
    conversion_measure: value['conversion_measure'] === undefined ? null : measureInput(value['conversion_measure']),
    entity: textOrNull(value['entity']),
    calculation: textOrNull(value['calculation']) ?? 'conversion_rate',
    window: window(value['window']),
    constant_properties: Array.isArray(value['constant_properties']) ? value['constant_properties'] : null,
  };
}

/** Whether a metric entry is written in the latest spec: its type's keys at its top level, no `type_params`. */
export const isLatestMetric = (data: Record<string, unknown>): boolean => !('type_params' in data);

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
  // A name alone is rendered as any value; a mapping's filter is MetricFlow's Jinja, left for query time.
  const written = (key: string) => (typeof raw(key) === 'string' ? value(key) : raw(key));
  const input = (key: string) => {
    const given = written(key);
    return given === undefined || given === null ? null : metricInput(given);
  };
  const required = (keys: string[], what: string) => {
    for (const key of keys)
      if (raw(key) === undefined || raw(key) === null)
        report(`metric \`${resource.name}\`: ${key} is required for ${what} metrics (dbt stops here)`);
  };
  if (type === 'cumulative') required(['input_metric'], 'cumulative');
  if (type === 'conversion') required(['base_metric', 'conversion_metric', 'entity', 'calculation'], 'conversion');
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
      metrics: listOrEmpty(
        listOrEmpty(raw('input_metrics')).every((m) => typeof m === 'string')
          ? value('input_metrics')
          : raw('input_metrics'),
      ).map(metricInput),
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
