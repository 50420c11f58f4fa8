// dbt 1.12's latest semantic layer spec, as dbt-core's schema_yaml_readers makes it
// (parse_v2_semantic_model_from_dbt_model_patch, _parse_v2_column_entities / _dimensions, parse_v2_metrics_from_
// dbt_model_patch, _get_metric_type_params for UnparsedMetricV2): a model entry's `semantic_model:` is a semantic
// model of that model, its columns' `entity:` / `dimension:` its elements, its `metrics:` metrics on it; a metric
// with its type's keys at its top level (no `type_params`) is read the same way. Checked on a 1.12.0 manifest
// (semantic model, 15 metrics: all equal).
import type { Diagnostic, SemanticResource } from '../types.js';
import { isRecord, type YamlLines } from '../yaml/yaml.js';
import type { PropertyFile } from '../properties.js';
import { latestMetricFields, listOrEmpty, recordOrEmpty, textOrNull } from './semantic-metrics.js';

type Data = Record<string, unknown>;

/** A property entry MetricFlow's resources are made of (semantic.ts). */
export type SemanticEntry = { name: string; data: Data; file: string; line: number; lines: YamlLines };

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
    // UnparsedSemanticResourceConfig's meta defaults to {}.
    config['meta'] = own['meta'] ?? {};
    config['enabled'] = declared['enabled'] ?? true;
    if (declared['group'] !== undefined && declared['group'] !== null) config['group'] = declared['group'];
  }
  return { name, config };
}

/** The fields of a semantic model made of a model entry (its configured meta under each element's). */
export function semanticModelFields(model: Data, modelName: string, description: string, meta: Data): Data {
  // Columns without a name are no columns to dbt.
  const columns = listOrEmpty(model['columns'])
    .filter(isRecord)
    .filter((column) => typeof column['name'] === 'string' || typeof column['name'] === 'number');
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
  return [
    {
      name,
      type: textOrNull(dimension['type']),
      description: described(textOrNull(dimension['description']) || column['description']),
      label: textOrNull(dimension['label']),
      is_partition: dimension['is_partition'] === true,
      type_params: dimensionTypeParams(granularity, dimension['validity_params']),
      expr: name !== columnName ? columnName : null,
      metadata: null,
      config: { meta: { ...columnMeta(column), ...recordOrEmpty(recordOrEmpty(dimension['config'])['meta']) } },
    },
  ];
}

/** DimensionTypeParams: the time granularity and validity params, when a granularity is given; else none. */
function dimensionTypeParams(granularity: string | null, validity: unknown): Data | null {
  if (granularity === null) return null;
  return {
    time_granularity: granularity,
    validity_params: isRecord(validity)
      ? { is_start: validity['is_start'] === true, is_end: validity['is_end'] === true }
      : null,
  };
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
  return {
    name: textOrNull(dimension['name']),
    type: textOrNull(dimension['type']),
    description: textOrNull(dimension['description']),
    label: textOrNull(dimension['label']),
    is_partition: dimension['is_partition'] === true,
    type_params: dimensionTypeParams(textOrNull(dimension['granularity']), dimension['validity_params']),
    expr: textOrNull(dimension['expr']),
    metadata: null,
    config: { meta: recordOrEmpty(recordOrEmpty(dimension['config'])['meta']) },
  };
}

/**
 * The semantic model a model entry declares (`semantic_model:`), then the metrics it lists, as dbt 1.12 parses
 * them with the entry (semantic-latest.ts), each handed to `done`; `metrics:` without a semantic model is
 * reported, not read.
 */
export function latestSemantic(
  patch: PropertyFile['patches'][number],
  make: (
    kind: SemanticResource['kind'],
    entry: SemanticEntry,
    written?: Record<string, unknown>,
  ) => { resource: SemanticResource; value: (key: string) => unknown; raw: (key: string) => unknown },
  done: (resource: SemanticResource, entry: SemanticEntry) => void,
  scope: { modelState: (name: string) => 'enabled' | 'disabled' | undefined; diagnostics: Diagnostic[] },
): void {
  const { diagnostics } = scope;
  const data = patch.data;
  const metrics = listOrEmpty(data['metrics']);
  if (!declaresSemanticModel(data)) {
    if (metrics.length > 0)
      diagnostics.push({
        code: 'unread-semantic-spec',
        severity: 'warning',
        message: `model \`${patch.name}\`: \`metrics:\` without a semantic model (\`semantic_model: true\`) are not read`,
        file: patch.file,
        line: patch.lines.key(data, 'metrics', patch.line),
      });
    return;
  }
  // An entry of no model is a property without a node (reported with the patches); of a disabled model, dbt has
  // no model to ref.
  const state = scope.modelState(patch.name);
  if (state === undefined) return;
  if (state === 'disabled') {
    diagnostics.push({
      code: 'unread-semantic-spec',
      severity: 'warning',
      message: `model \`${patch.name}\` is disabled: its semantic model and metrics are left out`,
      file: patch.file,
      line: patch.lines.key(data, 'semantic_model', patch.line),
    });
    return;
  }
  const head = semanticModelHead(data, patch.name);
  const at = { ...patch, name: head.name, line: patch.lines.key(data, 'semantic_model', patch.line) };
  const { resource } = make('semantic_model', at, head.config);
  const description = typeof data['description'] === 'string' ? data['description'] : '';
  resource.fields = semanticModelFields(data, patch.name, description, recordOrEmpty(resource.config['meta']));
  resource.refs.push({
    name: patch.name,
    package: null,
    version: null,
    pos: { file: patch.file, line: at.line },
    certainty: 'static',
  });
  done(resource, at);
  const on = { semanticModel: head.name, aggTimeDimension: textOrNull(data['agg_time_dimension']) };
  metrics.forEach((metricData, i) => {
    if (!isRecord(metricData) || typeof metricData['name'] !== 'string') return;
    const entry = {
      name: metricData['name'],
      data: metricData,
      file: patch.file,
      line: patch.lines.item(metrics, i, at.line),
      lines: patch.lines,
    };
    const made = make('metric', entry);
    const simple = (textOrNull(metricData['type'])?.toLowerCase() ?? 'simple') === 'simple';
    latestMetricFields(made.resource, made.value, made.raw, simple ? on : null, (message) =>
      diagnostics.push({
        code: 'invalid-semantic-model',
        severity: 'error',
        message,
        file: entry.file,
        line: entry.line,
      }),
    );
    done(made.resource, entry);
  });
}
