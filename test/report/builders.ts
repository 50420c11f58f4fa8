// Test data builders for impact, report and check tests: partial overrides over complete, valid defaults.
import type { Exposure, Graph, GraphNode } from '../../src/dbt/types.js';
import type { NodeChange } from '../../src/diff/types.js';
import { policyConfigSchema, type PolicyConfig } from '../../src/policy/config.js';
import type { Finding, Ownership } from '../../src/policy/rule.js';
import { buildMaps } from '../../src/dbt/resolve.js';
import { Checksum } from '../../src/dbt/checksum.js';
import { blankChange } from '../../src/diff/diff.js';
import { emptyGraph } from '../support/graph-builder.js';

export function aNode(name: string, overrides: Partial<GraphNode> = {}): GraphNode {
  const file = `models/${name}.sql`;
  return {
    unique_id: `model.shop.${name}`,
    resource_type: 'model',
    name,
    package_name: 'shop',
    path: `${name}.sql`,
    original_file_path: file,
    fqn: ['shop', name],
    language: 'sql',
    description: '',
    columns: {},
    config: {
      enabled: true,
      materialized: 'view',
      tags: [],
      meta: {},
      group: null,
      access: 'protected',
      contract: { enforced: false, alias_types: true },
      docs: { show: true, node_color: null },
    },
    tags: [],
    meta: {},
    group: null,
    access: 'protected',
    contract: { enforced: false, alias_types: true },
    version: null,
    latest_version: null,
    deprecation_date: null,
    patch_path: null,
    raw_code: 'select 1',
    checksum: Checksum.known('sha256', ''),
    refs: [],
    sources: [],
    depends_on: { nodes: [], macros: [] },
    file,
    property: null,
    metaPositions: {},
    configPositions: {},
    projectRoot: '',
    ...overrides,
  };
}

export function anExposure(name: string, dependsOn: string[]): Exposure {
  return {
    unique_id: `exposure.shop.${name}`,
    resource_type: 'exposure',
    name,
    package_name: 'shop',
    original_file_path: 'models/exposures.yml',
    fqn: ['shop', name],
    type: 'dashboard',
    owner: { name: 'bi' },
    description: '',
    label: null,
    maturity: null,
    url: null,
    meta: {},
    tags: [],
    config: { enabled: true },
    refs: [],
    sources: [],
    depends_on: { nodes: dependsOn, macros: [] },
    file: 'models/exposures.yml',
    line: 1,
  };
}

/** A graph of the given nodes and exposures; parent_map and child_map follow their depends_on. */
export function aGraph(nodes: GraphNode[], exposures: Exposure[] = []): Graph {
  const graph: Graph = emptyGraph();
  for (const n of nodes) graph.nodes[n.unique_id] = n;
  for (const e of exposures) graph.exposures[e.unique_id] = e;
  // The maps as the compiler builds them (one implementation: src/dbt/resolve.ts).
  const items = [...nodes, ...exposures];
  const edges = items.map((item) => ({ child: item.unique_id, parents: item.depends_on.nodes }));
  return {
    ...graph,
    ...buildMaps(
      items.map((item) => item.unique_id),
      edges,
    ),
  };
}

/** A model named `name` that refs the given model names. */
export function aModel(name: string, refs: string[] = [], overrides: Partial<GraphNode> = {}): GraphNode {
  return aNode(name, { depends_on: { nodes: refs.map((r) => `model.shop.${r}`), macros: [] }, ...overrides });
}

export function aFinding(overrides: Partial<Finding> = {}): Finding {
  const rule = overrides.rule ?? 'ownership/model-has-owner';
  const node = overrides.node ?? 'model.shop.orders';
  return {
    rule,
    severity: 'error',
    node,
    subject: null,
    file: 'models/orders.sql',
    line: 1,
    message: 'Model orders has no owner.',
    related: [],
    teams: [],
    suggestion: null,
    fingerprint: `${rule}|${node}|`,
    ...overrides,
  };
}

export function aConfig(input: Record<string, unknown> = {}): PolicyConfig {
  return policyConfigSchema.parse(input);
}

export function aChange(uniqueId: string, overrides: Partial<NodeChange> = {}): NodeChange {
  return { ...blankChange(uniqueId, 'modified'), sqlChanged: true, ...overrides };
}

/** teamOf from a name -> team table (model names without the `model.shop.` prefix). */
export function teamsByName(table: Record<string, string>): (id: string) => string | null {
  return (id) => table[id.replace(/^model\.shop\./, '')] ?? null;
}

/** An Ownership over a name -> team table. */
export function anOwnership(table: Record<string, string>): Ownership {
  const teamOf = teamsByName(table);
  return { teamOf, ownerPosition: () => null };
}
