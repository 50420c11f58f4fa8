// MetricFlow's resources in property files (`semantic_models:`, `metrics:`, `saved_queries:`), as dbt's
// schema_yaml_readers make them: the fields the manifest lists, each default as dbt writes it, and what each one
// depends on, for parent_map / child_map (a model's children include the semantic models built on it, a semantic
// model's the metrics of its measures, a metric's the metrics and saved queries that use it). Rules and real
// manifests behind them: the manifest-semantic tests.
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from './config.js';
import type { ProjectFile } from './project.js';
import { resourcePathsOf, under } from './project-files.js';
import type { PropertyFile } from './properties.js';
import type { Diagnostic, RefCall, SemanticResource } from './types.js';
import { isRecord } from './yaml.js';
import { pathFrom } from './text.js';

export interface SemanticScope {
  project: ProjectFile;
  propertyFiles: PropertyFile[];
  /** Renders a value of an entry (descriptions and labels are kept as written, as dbt keeps them). */
  render: (value: unknown, file: string, line: number) => unknown;
  diagnostics: Diagnostic[];
}

const REF =
  /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*(?:v|version)\s*=\s*['"]?([^'")\s]+)['"]?\s*)?\)\s*$/;

const str = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : String(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const rec = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** A metric input (`numerator`, `metrics[*]`): a name, or a mapping with a name. */
function metricInput(value: unknown): Record<string, unknown> {
  const data = isRecord(value) ? value : { name: value };
  return {
    name: str(data['name']) ?? '',
    filter: whereFilter(data['filter']),
    alias: str(data['alias']),
    offset_window: window(data['offset_window']),
    offset_to_grain: str(data['offset_to_grain']),
  };
}

/** A measure input (`measure:`): a name, or a mapping with a name. */
function measureInput(value: unknown): Record<string, unknown> {
  const data = isRecord(value) ? value : { name: value };
  return {
    name: str(data['name']) ?? '',
    filter: whereFilter(data['filter']),
    alias: str(data['alias']),
    join_to_timespine: data['join_to_timespine'] === true,
    fill_nulls_with: typeof data['fill_nulls_with'] === 'number' ? data['fill_nulls_with'] : null,
  };
}

/** `filter:` as dbt writes it: where_filters of the text (or texts) given. */
function whereFilter(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  const texts = Array.isArray(value) ? value : [value];
  return { where_filters: texts.map((t) => ({ where_sql_template: String(t) })) };
}

/** `window: 12 months` as dbt writes it: `{count: 12, granularity: 'month'}`. */
function window(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d+)\s+(\w+?)s?\s*$/.exec(value);
  return match ? { count: Number(match[1]), granularity: match[2]!.toLowerCase() } : null;
}

export function buildSemantic(scope: SemanticScope): SemanticResource[] {
  const { project } = scope;
  const out: SemanticResource[] = [];
  const paths = resourcePathsOf(project);
  for (const file of scope.propertyFiles) {
    if (!file.semantic) continue;
    const kinds = [
      ['semantic_model', file.semantic.semanticModels],
      ['metric', file.semantic.metrics],
      ['saved_query', file.semantic.savedQueries],
    ] as const;
    for (const [kind, entries] of kinds) {
      for (const entry of entries) {
        const data = entry.data;
        // dbt's get_fqn_prefix of the file's path under its resource path.
        const rel = pathFrom(project.root, entry.file);
        const fqn = [project.name, ...(under(paths, rel)?.rest ?? rel).split('/').slice(0, -1), entry.name];
        const value = (key: string) => scope.render(data[key], entry.file, entry.lines.key(data, key, entry.line));
        const own = value('config');
        const tree = kind === 'semantic_model' ? 'semantic_models' : kind === 'metric' ? 'metrics' : 'saved_queries';
        const layers: ConfigLayer[] = [...projectLayers(project.configs[tree], fqn)];
        if (isRecord(own)) layers.push(flatLayer(own, { file: entry.file, line: entry.line }));
        const config = mergeLayers(
          kind === 'saved_query'
            ? { enabled: true, group: null, meta: {}, export_as: null, schema: null, cache: { enabled: false } }
            : { enabled: true, group: null, meta: {} },
          layers,
        ).values;
        const resource: SemanticResource = {
          kind,
          unique_id: `${kind}.${project.name}.${entry.name}`,
          name: entry.name,
          package_name: project.name,
          path: under(paths, rel)?.rest ?? rel,
          original_file_path: rel,
          fqn,
          file: entry.file,
          line: entry.line,
          config,
          // As written: Jinja not rendered (dbt_project.yml's layers are not added; see README).
          unrendered_config: isRecord(data['config']) ? data['config'] : {},
          refs: [],
          depends_on: { macros: [], nodes: [] },
          fields: {},
        };
        if (kind === 'semantic_model') semanticModel(resource, value, entry.file, entry.line, scope);
        else if (kind === 'metric') metric(resource, value, (key) => data[key]);
        else savedQuery(resource, value, (key) => data[key]);
        out.push(resource);
      }
    }
  }
  return out;
}

function semanticModel(
  resource: SemanticResource,
  value: (key: string) => unknown,
  file: string,
  line: number,
  scope: SemanticScope,
): void {
  const model = str(value('model')) ?? '';
  const ref = REF.exec(model);
  if (ref) {
    const [name, pkg] = ref[2] === undefined ? [ref[1]!, null] : [ref[2], ref[1]!];
    const version = ref[3] === undefined ? null : /^\d+$/.test(ref[3]) ? Number(ref[3]) : ref[3];
    const call: RefCall = { name, package: pkg, version, pos: { file, line }, certainty: 'static' };
    resource.refs.push(call);
  } else
    scope.diagnostics.push({
      code: 'invalid-semantic-model',
      severity: 'error',
      message: `semantic model \`${resource.name}\`: \`model\` must be a ref() (dbt stops here)`,
      file,
      line,
    });
  const defaults = value('defaults');
  resource.fields = {
    model,
    description: str(value('description')),
    label: str(value('label')),
    defaults: isRecord(defaults) ? { agg_time_dimension: str(defaults['agg_time_dimension']) } : null,
    entities: list(value('entities'))
      .filter(isRecord)
      .map((e) => ({
        name: str(e['name']),
        type: str(e['type']),
        description: str(e['description']),
        label: str(e['label']),
        role: str(e['role']),
        expr: str(e['expr']),
      })),
    measures: list(value('measures'))
      .filter(isRecord)
      .map((m) => ({
        name: str(m['name']),
        agg: str(m['agg']),
        description: str(m['description']),
        label: str(m['label']),
        create_metric: m['create_metric'] === true,
        expr: str(m['expr']),
        agg_params: isRecord(m['agg_params'])
          ? {
              percentile: typeof m['agg_params']['percentile'] === 'number' ? m['agg_params']['percentile'] : null,
              use_discrete_percentile: m['agg_params']['use_discrete_percentile'] === true,
              use_approximate_percentile: m['agg_params']['use_approximate_percentile'] === true,
            }
          : null,
        non_additive_dimension: isRecord(m['non_additive_dimension'])
          ? {
              name: str(m['non_additive_dimension']['name']),
              window_choice: str(m['non_additive_dimension']['window_choice']) ?? 'min',
              window_groupings: list(m['non_additive_dimension']['window_groupings']).map(String),
            }
          : null,
        agg_time_dimension: str(m['agg_time_dimension']),
      })),
    dimensions: list(value('dimensions'))
      .filter(isRecord)
      .map((d) => {
        const params = rec(d['type_params']);
        return {
          name: str(d['name']),
          type: str(d['type']),
          description: str(d['description']),
          label: str(d['label']),
          is_partition: d['is_partition'] === true,
          type_params: isRecord(d['type_params'])
            ? {
                time_granularity: str(params['time_granularity']),
                validity_params: isRecord(params['validity_params'])
                  ? {
                      is_start: params['validity_params']['is_start'] === true,
                      is_end: params['validity_params']['is_end'] === true,
                    }
                  : null,
              }
            : null,
          expr: typeof d['expr'] === 'string' ? d['expr'].replace(/\n$/, '') : str(d['expr']),
          metadata: null,
        };
      }),
    metadata: null,
    primary_entity: str(value('primary_entity')),
  };
}

function metric(resource: SemanticResource, value: (key: string) => unknown, raw: (key: string) => unknown): void {
  const type = str(value('type'))?.toLowerCase() ?? 'simple';
  const params = rec(value('type_params'));
  const measure =
    params['measure'] === undefined || params['measure'] === null ? null : measureInput(params['measure']);
  const windowValue = window(params['window']);
  const cumulative = rec(params['cumulative_type_params']);
  resource.fields = {
    description: str(value('description')) ?? '',
    label: str(value('label')) ?? resource.name,
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
      expr: str(params['expr']),
      window: windowValue,
      grain_to_date: str(params['grain_to_date']),
      metrics: list(params['metrics']).map(metricInput),
      conversion_type_params: conversion(params['conversion_type_params']),
      cumulative_type_params:
        type === 'cumulative'
          ? {
              window: window(cumulative['window']) ?? windowValue,
              grain_to_date: str(cumulative['grain_to_date']),
              period_agg: str(cumulative['period_agg']) ?? 'first',
            }
          : null,
    },
    // Left as written, as dbt's renderer leaves filters (they are rendered when queried).
    filter: whereFilter(raw('filter')),
    metadata: null,
    time_granularity: str(value('time_granularity')),
    meta: rec(value('meta')),
    tags: list(value('tags')).map(String),
  };
}

/** A conversion metric's parameters, as dbt writes them (its measures as measure inputs, its window parsed). */
function conversion(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  return {
    base_measure: value['base_measure'] === undefined ? null : measureInput(value['base_measure']),
    conversion_measure: value['conversion_measure'] === undefined ? null : measureInput(value['conversion_measure']),
    entity: str(value['entity']),
    calculation: str(value['calculation']) ?? 'conversion_rate',
    window: window(value['window']),
    constant_properties: Array.isArray(value['constant_properties']) ? value['constant_properties'] : null,
  };
}

function savedQuery(resource: SemanticResource, value: (key: string) => unknown, raw: (key: string) => unknown): void {
  const params = rec(value('query_params'));
  const where = rec(raw('query_params'))['where'];
  resource.fields = {
    query_params: {
      metrics: list(params['metrics']).map(String),
      group_by: list(params['group_by']).map(String),
      where: whereFilter(where),
      order_by: list(params['order_by']).map(String),
      limit: typeof params['limit'] === 'number' ? params['limit'] : null,
    },
    exports: list(value('exports'))
      .filter(isRecord)
      .map((e) => ({ name: str(e['name']), written: rec(e['config']) })),
    description: str(value('description')),
    label: str(value('label')),
    metadata: null,
  };
}
