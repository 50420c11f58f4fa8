// MetricFlow's metrics as dbt writes them: type_params (measure and metric inputs, filters, windows, conversion
// parameters), and the simple metrics dbt makes of measures with `create_metric: true`.
import type { SemanticResource } from './types.js';
import { isRecord, type YamlLines } from './yaml.js';

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
