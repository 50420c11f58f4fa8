// Graph <-> dbt manifest.json (v12 field names). toManifest writes what `dbt-steward manifest` prints;
// reading a manifest that a real `dbt parse` wrote is manifest-input.ts (it needs zod; writing does not).
import { createHash } from 'node:crypto';
import { relationQuoting } from '../relation.js';
import { manifestMaps, testJson, unitTestJson } from './manifest-tests.js';
import type { Graph, GraphNode, SemanticResource } from '../types.js';
import { semanticJson } from './manifest-semantic.js';
import { DBT_1_11, METADATA_QUOTING_SINCE, type ManifestShape } from './manifest-shape.js';
import { functionJson, macroJson, nodeJson } from './manifest-resources.js';
import { exposureJson, groupJson, sourceJson } from './manifest-properties.js';

const SCHEMA_URL = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

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

/**
 * Nodes in the order dbt's manifest holds them: a versioned model is taken out and added again when its property
 * entry is read (ModelPatchParser.parse_patch), after every node parsed from a file; group_map lists them so too.
 */
function parsedOrder(nodes: Graph['nodes']): GraphNode[] {
  const all = Object.values(nodes);
  const versioned = (n: GraphNode) => n.version !== null && n.version !== undefined;
  if (!all.some(versioned)) return all;
  return [...all.filter((n) => !versioned(n)), ...all.filter(versioned)];
}

/** The manifest's top-level keys in dbt's order, the large dicts left as Entries. */
function sections(graph: Graph, target: ManifestTarget): Record<string, unknown> {
  const root = graph.projects.find((p) => !p.isPackage);
  const shape = target.shape ?? DBT_1_11;
  // dbt's build_group_map: every group, members or none, in the groups' order; a node of no such group is left out
  // (dbt stops on it elsewhere).
  const groupMap: Record<string, string[]> = {};
  for (const group of Object.values(graph.groups)) groupMap[group.name] ??= [];
  const addMember = (name: string, id: string) => {
    if (Object.hasOwn(groupMap, name)) groupMap[name]!.push(id);
  };
  const nodesInOrder = parsedOrder(graph.nodes);
  for (const node of nodesInOrder) if (node.group) addMember(node.group, node.unique_id);
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
      // dbt 1.10+: the quote policy relations are named with (the adapter's, with the project's `quoting:`); its
      // RuntimeConfig keeps the relation parts only, so `column` is null.
      ...(shape.version >= METADATA_QUOTING_SINCE ? { quoting: { ...quoting.policy, column: null } } : {}),
    },
    nodes: new Entries(function* () {
      const nodes = [...nodesInOrder, ...Object.values(graph.operations ?? {}), ...Object.values(graph.analyses ?? {})];
      yield* mapEntries(nodes, (n) => [n.unique_id, nodeJson(n, target, quoting)]);
      yield* mapEntries(Object.values(graph.tests ?? {}), (t) => [t.unique_id, testJson(t, target, quoting)]);
    }),
    sources: new Entries(() =>
      mapEntries(Object.values(graph.sources), (s) => [s.unique_id, sourceJson(s, target, quoting)]),
    ),
    macros: new Entries(() => mapEntries(Object.values(graph.macros ?? {}), (m) => [m.unique_id, macroJson(m, shape)])),
    docs: graph.docs ?? {},
    exposures: Object.fromEntries(Object.values(graph.exposures).map((e) => [e.unique_id, exposureJson(e, shape)])),
    metrics: new Entries(() => semanticOf('metric')),
    groups: Object.fromEntries(Object.values(graph.groups).map((g) => [g.unique_id, groupJson(g, shape)])),
    selectors: graph.selectors ?? {},
    disabled: new Entries(function* () {
      for (const [id, list] of Object.entries(graph.disabled))
        yield [
          id,
          list.map((n) =>
            n.resource_type === 'function'
              ? functionJson(n, target, quoting, false)
              : nodeJson(n, target, quoting, false),
          ),
        ];
      for (const [id, list] of Object.entries(graph.disabledTests ?? {}))
        yield [id, list.map((t) => testJson(t, target, quoting))];
      for (const [id, list] of Object.entries(graph.disabledUnitTests ?? {}))
        yield [id, list.map((t) => unitTestJson(t, shape))];
      for (const [id, list] of Object.entries(graph.disabledSemantic ?? {}))
        yield [id, list.map((r) => semanticJson(r, graph, target, quoting))];
      for (const [id, list] of Object.entries(graph.disabledResources ?? {}))
        yield [
          id,
          list.map((r) => (r.resource_type === 'source' ? sourceJson(r, target, quoting) : exposureJson(r, shape))),
        ];
    }),
    ...manifestMaps(graph),
    group_map: groupMap,
    saved_queries: new Entries(() => semanticOf('saved_query')),
    semantic_models: new Entries(() => semanticOf('semantic_model')),
    unit_tests: new Entries(() =>
      mapEntries(Object.values(graph.unitTests ?? {}), (t) => [t.unique_id, unitTestJson(t, shape)]),
    ),
    // dbt 1.11+: user-defined functions (function-paths).
    ...(shape.functions
      ? {
          functions: new Entries(() =>
            mapEntries(Object.values(graph.functions ?? {}), (f) => [f.unique_id, functionJson(f, target, quoting)]),
          ),
        }
      : {}),
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
