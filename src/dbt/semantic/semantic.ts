// MetricFlow's resources in property files (`semantic_models:`, `metrics:`, `saved_queries:`), as dbt's
// schema_yaml_readers make them: the fields the manifest lists, each default as dbt writes it, and what each one
// depends on, for parent_map / child_map (a model's children include the semantic models built on it, a semantic
// model's the metrics of its measures, a metric's the metrics and saved queries that use it). Rules and real
// manifests behind them: the manifest-semantic tests.
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from '../config.js';
import type { ProjectFile } from '../project.js';
import { resourcePathsOf, under } from '../project-files.js';
import type { PropertyFile } from '../properties.js';
import type { Diagnostic, RefCall, SemanticResource } from '../types.js';
import { isRecord } from '../yaml/yaml.js';
import {
  generatedMetric,
  isLatestMetric,
  latestMetricFields,
  listOrEmpty,
  metric,
  recordOrEmpty,
  textOrNull,
  whereFilter,
} from './semantic-metrics.js';
import { latestSemantic, type SemanticEntry } from './semantic-latest.js';
import { pathFrom } from '../text.js';

export interface SemanticScope {
  project: ProjectFile;
  /** The unit's root project: its `semantic-models:` / `metrics:` / `saved-queries:` configs apply to packages' too. */
  root: ProjectFile;
  propertyFiles: PropertyFile[];
  /** Renders a value of an entry, its descriptions left as written. */
  render: (value: unknown, file: string, line: number) => unknown;
  /** Renders a description as dbt's docs pass does (process_docs: `doc()` and the rest of its Jinja). */
  describe: (text: string, file: string, line: number) => string;
  /** Whether dbt 1.12's latest spec is read (a model's semantic_model: and metrics:, flat metrics). */
  latestSpec: boolean;
  /** Whether the project has an enabled (or only a disabled) model of that name. */
  modelState: (name: string) => 'enabled' | 'disabled' | undefined;
  diagnostics: Diagnostic[];
}

const REF =
  /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*(?:v|version)\s*=\s*['"]?([^'")\s]+)['"]?\s*)?\)\s*$/;

export function buildSemantic(scope: SemanticScope): SemanticResource[] {
  const { project } = scope;
  const out: SemanticResource[] = [];
  const paths = resourcePathsOf(project);
  /** A resource of an entry: its path, fqn and config (the entry's `config:`, or `written` in its place). */
  const make = (kind: SemanticResource['kind'], entry: SemanticEntry, written?: Record<string, unknown>) => {
    const data = entry.data;
    // dbt's get_fqn_prefix of the file's path under its resource path.
    const rel = pathFrom(project.root, entry.file);
    const fqn = [project.name, ...(under(paths, rel)?.rest ?? rel).split('/').slice(0, -1), entry.name];
    const renderAt = (value: unknown, key: string) =>
      scope.render(value, entry.file, entry.lines.key(data, key, entry.line));
    // Descriptions are the docs pass's (describeFields), as in dbt.
    const value = (key: string) => (key === 'description' ? data[key] : renderAt(data[key], key));
    const own = written ?? value('config');
    const tree = kind === 'semantic_model' ? 'semantic_models' : kind === 'metric' ? 'metrics' : 'saved_queries';
    const layers: ConfigLayer[] = [...projectLayers(project.configs[tree], fqn)];
    if (isRecord(own)) layers.push(flatLayer(own, { file: entry.file, line: entry.line }));
    // As for every resource of a package, the root project's configs of its fqn come last.
    if (project !== scope.root) layers.push(...projectLayers(scope.root.configs[tree], fqn));
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
      unrendered_config: written ?? (isRecord(data['config']) ? data['config'] : {}),
      refs: [],
      depends_on: { macros: [], nodes: [] },
      fields: {},
    };
    return { resource, value, renderAt, raw: (key: string) => data[key] };
  };
  const done = (resource: SemanticResource, entry: SemanticEntry) => {
    // dbt renders the descriptions of enabled resources only (process_docs).
    if (resource.config['enabled'] !== false)
      describeFields(resource, (text) => scope.describe(text, entry.file, entry.line));
    out.push(resource);
  };
  for (const file of scope.propertyFiles) {
    // dbt 1.12's latest spec: semantic models (and their metrics) of the file's model entries, read with them.
    if (scope.latestSpec)
      for (const patch of file.patches) if (patch.kind === 'models') latestSemantic(patch, make, done, scope);
    if (!file.semantic) continue;
    const kinds = [
      ['semantic_model', file.semantic.semanticModels],
      ['metric', file.semantic.metrics],
      ['saved_query', file.semantic.savedQueries],
    ] as const;
    // Metrics dbt makes of measures with `create_metric: true`, listed after the file's own (dbt parses a file's
    // `metrics:` before its `semantic_models:`).
    const generated: Array<(typeof file.semantic.metrics)[number]> = [];
    for (const [kind, written] of kinds) {
      const entries = kind === 'metric' ? [...written, ...generated] : written;
      for (const entry of entries) {
        const { resource, value, renderAt, raw } = make(kind, entry);
        if (kind === 'semantic_model') {
          semanticModel(resource, value, entry.file, entry.line, scope);
          for (const measure of resource.fields['measures'] as Array<{
            name: string | null;
            label: string | null;
            description: string | null;
            create_metric: boolean;
          }>)
            if (measure.create_metric && measure.name !== null)
              generated.push(
                generatedMetric(entry, { ...measure, name: measure.name }, resource.config['enabled'] !== false),
              );
        } else if (kind === 'metric') {
          if (scope.latestSpec && isLatestMetric(entry.data))
            latestMetricFields(resource, value, raw, null, (message) => report(scope, entry, message));
          else metric(resource, value, raw);
        } else savedQuery(resource, value, raw, renderAt);
        done(resource, entry);
      }
    }
  }
  return out;
}

function report(scope: SemanticScope, at: { file: string; line: number }, message: string): void {
  scope.diagnostics.push({ code: 'invalid-semantic-model', severity: 'error', message, file: at.file, line: at.line });
}

/** dbt 1.9+'s SemanticLayerElementConfig of an entity, measure or dimension: its own `config: meta:`, else none. */
function elementConfig(element: Record<string, unknown>): { meta: Record<string, unknown> } {
  const config = recordOrEmpty(element['config']);
  return { meta: recordOrEmpty(config['meta']) };
}

/** dbt's process_docs for MetricFlow's resources: their description, a semantic model's elements' too. */
function describeFields(resource: SemanticResource, describe: (text: string) => string): void {
  const fields = resource.fields;
  if (typeof fields['description'] === 'string') fields['description'] = describe(fields['description']);
  for (const key of ['entities', 'measures', 'dimensions'])
    for (const element of (fields[key] as Array<{ description: string | null }> | undefined) ?? [])
      if (element.description !== null) element.description = describe(element.description);
}

function semanticModel(
  resource: SemanticResource,
  value: (key: string) => unknown,
  file: string,
  line: number,
  scope: SemanticScope,
): void {
  const model = textOrNull(value('model')) ?? '';
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
    description: textOrNull(value('description')),
    label: textOrNull(value('label')),
    defaults: isRecord(defaults) ? { agg_time_dimension: textOrNull(defaults['agg_time_dimension']) } : null,
    entities: listOrEmpty(value('entities'))
      .filter(isRecord)
      .map((e) => ({
        name: textOrNull(e['name']),
        type: textOrNull(e['type']),
        description: textOrNull(e['description']),
        label: textOrNull(e['label']),
        role: textOrNull(e['role']),
        expr: textOrNull(e['expr']),
        config: elementConfig(e),
      })),
    measures: listOrEmpty(value('measures'))
      .filter(isRecord)
      .map((m) => ({
        name: textOrNull(m['name']),
        agg: textOrNull(m['agg']),
        description: textOrNull(m['description']),
        label: textOrNull(m['label']),
        create_metric: m['create_metric'] === true,
        expr: textOrNull(m['expr']),
        agg_params: isRecord(m['agg_params'])
          ? {
              percentile: typeof m['agg_params']['percentile'] === 'number' ? m['agg_params']['percentile'] : null,
              use_discrete_percentile: m['agg_params']['use_discrete_percentile'] === true,
              use_approximate_percentile: m['agg_params']['use_approximate_percentile'] === true,
            }
          : null,
        non_additive_dimension: isRecord(m['non_additive_dimension'])
          ? {
              name: textOrNull(m['non_additive_dimension']['name']),
              window_choice: textOrNull(m['non_additive_dimension']['window_choice']) ?? 'min',
              window_groupings: listOrEmpty(m['non_additive_dimension']['window_groupings']).map(String),
            }
          : null,
        agg_time_dimension: textOrNull(m['agg_time_dimension']),
        config: elementConfig(m),
      })),
    dimensions: listOrEmpty(value('dimensions'))
      .filter(isRecord)
      .map((d) => {
        const params = recordOrEmpty(d['type_params']);
        return {
          name: textOrNull(d['name']),
          type: textOrNull(d['type']),
          description: textOrNull(d['description']),
          label: textOrNull(d['label']),
          is_partition: d['is_partition'] === true,
          type_params: isRecord(d['type_params'])
            ? {
                time_granularity: textOrNull(params['time_granularity']),
                validity_params: isRecord(params['validity_params'])
                  ? {
                      is_start: params['validity_params']['is_start'] === true,
                      is_end: params['validity_params']['is_end'] === true,
                    }
                  : null,
              }
            : null,
          expr: typeof d['expr'] === 'string' ? d['expr'].replace(/\n$/, '') : textOrNull(d['expr']),
          metadata: null,
          config: elementConfig(d),
        };
      }),
    metadata: null,
    primary_entity: textOrNull(value('primary_entity')),
  };
}

function savedQuery(
  resource: SemanticResource,
  value: (key: string) => unknown,
  raw: (key: string) => unknown,
  render: (written: unknown, key: string) => unknown,
): void {
  // dbt's renderer leaves `query_params.where` as written (MetricFlow renders its Jinja when queried).
  const { where, ...rest } = recordOrEmpty(raw('query_params'));
  const params = recordOrEmpty(render(rest, 'query_params'));
  resource.fields = {
    query_params: {
      metrics: listOrEmpty(params['metrics']).map(String),
      group_by: listOrEmpty(params['group_by']).map(String),
      where: whereFilter(where),
      order_by: listOrEmpty(params['order_by']).map(String),
      limit: typeof params['limit'] === 'number' ? params['limit'] : null,
    },
    exports: listOrEmpty(value('exports'))
      .filter(isRecord)
      .map((e) => ({ name: textOrNull(e['name']), written: recordOrEmpty(e['config']) })),
    description: textOrNull(value('description')),
    label: textOrNull(value('label')),
    metadata: null,
    // dbt 1.9+ (dbt-core #10987): a saved query's own tags, a string taken as a list of one.
    tags: typeof value('tags') === 'string' ? [value('tags')] : listOrEmpty(value('tags')).map(String),
  };
}
