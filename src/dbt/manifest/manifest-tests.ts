// Data tests and unit tests in the manifest, and parent_map / child_map with every edge member dbt has (data
// tests, semantic resources, unit tests).
import { testRelationNames } from '../naming.js';
import { relationName, writtenDatabase, type RelationQuoting } from '../relation.js';
import type { Graph, TestNode, UnitTest } from '../types.js';
import { rowsForJson } from '../tests/unit-test-rows.js';
import { callList } from './manifest-resources.js';
import { checksumJson, DBT_1_11, type ManifestShape, withoutNewerKeys } from './manifest-shape.js';

/**
 * A test as dbt writes it (GenericTestNode or SingularTestNode, in dbt's key order), its database and schema named as
 * the project's generate_*_name macros name them (naming.ts), else as dbt's default macros do.
 */
export function testJson(
  test: TestNode,
  target: { schema: string; database: string; type?: string; shape?: ManifestShape },
  quoting: RelationQuoting,
): Record<string, unknown> {
  const { database, schema, alias } = testRelationNames(test, target);
  const shape = target.shape ?? DBT_1_11;
  const json: Record<string, unknown> = {
    database: writtenDatabase(target.type, database),
    schema,
    name: test.name,
    resource_type: 'test',
    package_name: test.package_name,
    path: test.path,
    original_file_path: test.original_file_path,
    unique_id: test.unique_id,
    fqn: test.fqn,
    alias,
    checksum: test.checksum === null ? { name: 'none', checksum: '' } : checksumJson(test.checksum, shape, false),
    config: withoutNewerKeys(
      shape.newKeys ? withSqlHeader(test.config) : test.config,
      'testConfig',
      shape,
      test.unrendered_config,
    ),
    tags: test.tags,
    description: test.description,
    columns: {},
    meta: test.config['meta'] ?? {},
    group: test.group,
    docs: { show: true, node_color: null },
    patch_path: test.patch_path,
    build_path: null,
    unrendered_config: test.unrendered_config,
    created_at: 0,
    // dbt names a relation only for a test that stores its failures (TestShouldStoreFailures.is_relational).
    relation_name:
      test.config['store_failures'] === true ? relationName(quoting, { database, schema, identifier: alias }) : null,
    raw_code: test.raw_code,
    doc_blocks: [],
    language: 'sql',
    refs: test.refs.map((r) => ({ name: r.name, package: r.package, version: r.version })),
    sources: test.sources.map((s) => [s.source, s.table]),
    metrics: [],
    functions: callList(test.functions),
    // A test macro defined nowhere: dbt 1.12 writes None as text, earlier versions as null.
    depends_on: {
      macros: shape.noneAsText ? test.depends_on.macros.map((m) => m ?? 'None') : test.depends_on.macros,
      nodes: test.depends_on.nodes,
    },
    compiled_path: null,
    contract: { enforced: false, alias_types: true, checksum: null },
  };
  if (test.kind === 'singular') return withoutNewerKeys(json, 'node', shape);
  // Only generic tests have these (a singular test's node has no such keys at all).
  json['column_name'] = test.column_name;
  json['file_key_name'] = test.file_key_name;
  json['attached_node'] = test.attached_node;
  json['test_metadata'] = test.test_metadata;
  return withoutNewerKeys(json, 'node', shape);
}

/** dbt 1.12's TestConfig `sql_header`, after `store_failures_as`. */
function withSqlHeader(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in config) {
    out[key] = config[key];
    if (key === 'store_failures_as') out['sql_header'] = null;
  }
  return out;
}

/** A unit test as dbt writes it (UnitTestDefinition, in dbt's key order). */
export function unitTestJson(test: UnitTest, shape: ManifestShape): Record<string, unknown> {
  return {
    model: test.model,
    given: test.given.map((g) => ({ ...g, rows: rowsForJson(g.rows) })),
    expect: { ...test.expect, rows: rowsForJson(test.expect.rows) },
    name: test.name,
    resource_type: 'unit_test',
    package_name: test.package_name,
    path: test.path,
    original_file_path: test.original_file_path,
    unique_id: test.unique_id,
    fqn: test.fqn,
    description: test.description,
    overrides: test.overrides,
    depends_on: test.depends_on,
    // dbt 1.12 writes static_analysis in unit tests' config too (seen in 1.12.3; 1.11.5 has none).
    config:
      shape.newKeys && !Object.hasOwn(test.config, 'static_analysis')
        ? { ...test.config, static_analysis: null }
        : test.config,
    checksum: test.checksum,
    schema: test.schema,
    created_at: 0,
    versions: test.versions,
    version: test.version,
  };
}

/**
 * parent_map and child_map with the data tests, MetricFlow's resources, unit tests and functions in them, as dbt
 * writes them (its edge members: nodes, sources, exposures, metrics, semantic models, saved queries, unit tests,
 * functions): parents
 * sorted, and each parent's children sorted.
 */
export function manifestMaps(graph: Graph): {
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
} {
  const tests: Array<Pick<TestNode, 'unique_id' | 'depends_on'>> = [
    ...Object.values(graph.analyses ?? {}),
    ...Object.values(graph.tests ?? {}),
    // dbt's edge members in its order: metrics, semantic models, saved queries (each in parse order).
    ...(['metric', 'semantic_model', 'saved_query'] as const).flatMap((kind) =>
      Object.values(graph.semantic ?? {}).filter((r) => r.kind === kind),
    ),
    ...Object.values(graph.unitTests ?? {}),
    // dbt 1.11+'s user-defined functions.
    ...Object.values(graph.functions ?? {}),
  ];
  // Nodes and exposures that use metrics or functions: the manifest linked those after the graph's maps were made.
  const withMetrics = [
    ...Object.values(graph.nodes),
    ...Object.values(graph.operations ?? {}),
    ...Object.values(graph.exposures),
  ].filter((user) => user.metrics !== undefined || ('functions' in user && user.functions !== undefined));
  if (tests.length === 0 && withMetrics.length === 0)
    return { parent_map: graph.parent_map, child_map: graph.child_map };
  const parent_map = { ...graph.parent_map };
  const child_map = { ...graph.child_map };
  // Each parent's children list is copied once, then gets its tests, then is sorted once.
  const grown = new Map<string, string[]>();
  const addChild = (parent: string, child: string) => {
    let children = grown.get(parent);
    if (!children) grown.set(parent, (children = [...(child_map[parent] ?? [])]));
    children.push(child);
  };
  for (const test of tests) {
    parent_map[test.unique_id] = [...test.depends_on.nodes].sort();
    child_map[test.unique_id] = [];
    for (const parent of test.depends_on.nodes) addChild(parent, test.unique_id);
  }
  for (const exposure of withMetrics) {
    const known = new Set(graph.parent_map[exposure.unique_id] ?? []);
    parent_map[exposure.unique_id] = [...exposure.depends_on.nodes].sort();
    for (const parent of exposure.depends_on.nodes) if (!known.has(parent)) addChild(parent, exposure.unique_id);
  }
  for (const [parent, children] of grown) child_map[parent] = children.sort();
  return { parent_map, child_map };
}
