// What MetricFlow's resources depend on, once every node is known (dbt's process_semantic_models / metrics /
// saved_queries, as two public projects' manifests show it): a semantic model its model (its ref, the latest
// version when unpinned), a simple or cumulative metric the semantic model that declares its measure, a derived
// or ratio metric its input metrics, a saved query its metrics. A name that leads nowhere is reported.
import { linkDependencies, type RefResolver, type ResolveUnit } from '../resolve.js';
import type { Diagnostic, SemanticResource } from '../types.js';

/** A `Metric('name', [...])` call in a where filter's Jinja (MetricFlow's metric_call_parameter_sets). */
const METRIC_CALL = /\bMetric\(\s*['"]([^'"]+)['"]/g;

export function linkSemantic(
  resources: SemanticResource[],
  resolver: RefResolver,
  unitOf: (resource: SemanticResource) => ResolveUnit,
  diagnostics: Diagnostic[],
): void {
  const report = (resource: SemanticResource, message: string) =>
    diagnostics.push({
      code: 'semantic-target-missing',
      severity: 'warning',
      message,
      file: resource.file,
      line: resource.line,
    });
  const measureOwner = new Map<string, SemanticResource>();
  const metricsByName = new Map<string, SemanticResource[]>();
  for (const resource of resources) {
    if (resource.kind === 'semantic_model') {
      const linked = {
        unique_id: resource.unique_id,
        refs: resource.refs,
        sources: [],
        package_name: resource.package_name,
        depends_on: resource.depends_on,
      };
      linkDependencies(linked, resolver, unitOf(resource), []);
      resource.depends_on = linked.depends_on;
      if (resource.depends_on.nodes.length === 0)
        report(resource, `semantic model \`${resource.name}\`: ${String(resource.fields['model'])} matches no model`);
      for (const measure of (resource.fields['measures'] as Array<{ name: string | null }>) ?? [])
        if (measure.name !== null && !measureOwner.has(measure.name)) measureOwner.set(measure.name, resource);
    } else if (resource.kind === 'metric') {
      const named = metricsByName.get(resource.name) ?? [];
      named.push(resource);
      metricsByName.set(resource.name, named);
    }
  }
  /** A metric by name as dbt's resolve_metric finds it: in the root project, the user's package, then any. */
  const find = (user: SemanticResource, name: string): SemanticResource | undefined => {
    const named = metricsByName.get(name) ?? [];
    const root = unitOf(user).rootPackage;
    return (
      named.find((m) => m.package_name === root) ?? named.find((m) => m.package_name === user.package_name) ?? named[0]
    );
  };
  const metricId = (resource: SemanticResource, name: string): string | null => {
    const found = find(resource, name);
    if (!found) report(resource, `\`${resource.name}\` uses metric \`${name}\`, which no property file defines`);
    return found ? found.unique_id : null;
  };
  // A metric's measures: its own, or those of the metrics it is made of (derived and ratio), in order.
  const measuresOf = (metric: SemanticResource, seen: Set<string>): Array<Record<string, unknown>> => {
    if (seen.has(metric.name)) return [];
    seen.add(metric.name);
    const params = metric.fields['type_params'] as Record<string, unknown>;
    if (params['measure']) return [params['measure'] as Record<string, unknown>];
    const conversion = params['conversion_type_params'] as Record<string, unknown> | null;
    if (conversion)
      return [conversion['base_measure'], conversion['conversion_measure']].filter(
        (m): m is Record<string, unknown> => m !== null && m !== undefined,
      );
    const inputs = [params['numerator'], params['denominator'], ...((params['metrics'] as unknown[]) ?? [])];
    return inputs.flatMap((input) => {
      const name = (input as { name?: string } | null)?.name;
      const used = name === undefined ? undefined : find(metric, name);
      return used ? measuresOf(used, seen) : [];
    });
  };
  for (const resource of resources) {
    if (resource.kind === 'metric') {
      const params = resource.fields['type_params'] as Record<string, unknown>;
      const measure = params['measure'] as { name: string } | null;
      const conversion = params['conversion_type_params'] as Record<string, { name: string } | null> | null;
      const nodes: string[] = [];
      const latest = latestInputs(params, unitOf(resource).rootPackage);
      if (latest !== null) {
        for (const input of latest.metrics) {
          const id = metricId(resource, input);
          if (id !== null && !nodes.includes(id)) nodes.push(id);
        }
        resource.depends_on = { macros: [], nodes: [...latest.nodes, ...nodes] };
        continue;
      }
      // A simple or cumulative metric's measure; a conversion metric's base and conversion measures.
      const measures = measure
        ? [measure]
        : conversion
          ? [conversion['base_measure'], conversion['conversion_measure']]
          : null;
      if (measures) {
        for (const used of measures) {
          if (!used) continue;
          const owner = measureOwner.get(used.name);
          if (owner && !nodes.includes(owner.unique_id)) nodes.push(owner.unique_id);
          if (!owner)
            report(
              resource,
              `metric \`${resource.name}\` uses measure \`${used.name}\`, which no semantic model declares`,
            );
        }
      } else {
        for (const input of [params['numerator'], params['denominator'], ...((params['metrics'] as unknown[]) ?? [])]) {
          const name = (input as { name?: string } | null)?.name;
          const id = name === undefined ? null : metricId(resource, name);
          if (id !== null && !nodes.includes(id)) nodes.push(id);
        }
      }
      resource.depends_on = { macros: [], nodes };
      // dbt adds an input measure unless an equal one (every field, not only the name) is there already.
      const seenMeasures = new Set<string>();
      params['input_measures'] = measuresOf(resource, new Set())
        .map((m) => ({ ...m }))
        .filter((m) => !seenMeasures.has(JSON.stringify(m)) && seenMeasures.add(JSON.stringify(m)));
    } else if (resource.kind === 'saved_query') {
      const params = resource.fields['query_params'] as {
        metrics: string[];
        where: { where_filters: Array<{ where_sql_template: string }> } | null;
      };
      const nodes: string[] = [];
      // The query's metrics, then those its `where` filters call (`{{ Metric('m', ['entity']) }}`).
      const filtered = (params.where?.where_filters ?? []).flatMap((filter) =>
        [...filter.where_sql_template.matchAll(METRIC_CALL)].map((match) => match[1]!),
      );
      for (const name of [...params.metrics, ...filtered]) {
        const id = metricId(resource, name);
        if (id !== null && !nodes.includes(id)) nodes.push(id);
      }
      resource.depends_on = { macros: [], nodes };
    }
  }
}

/**
 * What a metric of dbt 1.12's latest spec depends on (dbt's metric_processor): a simple one the semantic model it
 * aggregates in (named in the root project, as dbt does), a cumulative one its input metric, a conversion one its
 * base and conversion metrics; null for any other metric (its measures and metric inputs are linked as before).
 */
function latestInputs(
  params: Record<string, unknown>,
  rootPackage: string,
): { nodes: string[]; metrics: string[] } | null {
  const name = (input: unknown) => (input as { name?: string } | null)?.name;
  const aggregation = params['metric_aggregation_params'] as { semantic_model: string | null } | null;
  if (params['measure'] === null && aggregation && typeof aggregation.semantic_model === 'string')
    return { nodes: [`semantic_model.${rootPackage}.${aggregation.semantic_model}`], metrics: [] };
  const cumulative = params['cumulative_type_params'] as { metric?: unknown } | null;
  if (params['measure'] === null && cumulative && cumulative.metric) {
    const input = name(cumulative.metric);
    return { nodes: [], metrics: input === undefined ? [] : [input] };
  }
  const conversion = params['conversion_type_params'] as Record<string, unknown> | null;
  if (conversion && (conversion['base_metric'] || conversion['conversion_metric']))
    return {
      nodes: [],
      metrics: [name(conversion['base_metric']), name(conversion['conversion_metric'])].filter(
        (n): n is string => n !== undefined,
      ),
    };
  return null;
}
