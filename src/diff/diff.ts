// diffGraphs: (base graph, head graph) -> what changed per unique_id. Pure; positions (lines) never count as a
// change, since edits elsewhere in a file shift them without changing the node.
import type { Column, Graph, GraphNode } from '../dbt/types.js';
import { diffColumns } from './columns.js';
import { deepEqual } from './equal.js';
import type { GraphDiff, MetaChange, NodeChange } from './types.js';

/** Resolves a node's owning team in one graph (usually `buildOwnership(graph, config).teamOf`). */
export interface OwnerLookup {
  base: (id: string) => string | null;
  head: (id: string) => string | null;
}

type Version = string | number;

/** A change of the given kind with nothing changed yet (also what tests build changes from). */
export function blankChange(uniqueId: string, kind: NodeChange['kind']): NodeChange {
  return {
    unique_id: uniqueId,
    kind,
    sqlChanged: false,
    propertiesChanged: false,
    configChanged: false,
    meta: [],
    ownerChanged: null,
    accessChanged: null,
    contractChanged: null,
    columns: [],
    versionsAdded: [],
    versionsRemoved: [],
    latestVersionChanged: null,
    refsAdded: [],
    refsRemoved: [],
    disabled: false,
  };
}

/** Nodes a node depends on through `ref` (sources are not refs). Sorted, deduplicated. */
function refsOf(node: GraphNode): string[] {
  return [...new Set(node.depends_on.nodes.filter((id) => !id.startsWith('source.')))].sort();
}

function columnsWithoutPositions(columns: Record<string, Column>): Array<Omit<Column, 'pos'>> {
  return Object.values(columns).map(({ pos: _pos, ...rest }) => rest);
}

/**
 * What a property file decides about a node, besides config. Not where the files are: moving a model or its
 * entry to another file changes nothing a review judges (a move that changes configs, through the folder's
 * dbt_project.yml configs, is a config change), and a folder reorganisation must not bring every old finding of
 * the moved models into the review.
 */
function propertiesOf(node: GraphNode): unknown {
  return {
    description: node.description,
    columns: columnsWithoutPositions(node.columns),
    version: node.version,
    latest_version: node.latest_version,
    deprecation_date: node.deprecation_date,
  };
}

function diffMeta(before: Record<string, unknown>, after: Record<string, unknown>): MetaChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => !deepEqual(before[key], after[key]))
    .map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null }));
}

/** Versions of each versioned model family (package + name), as strings so that `2` and `'2'` are one version. */
function versionFamilies(graph: Graph): Map<string, Map<string, Version>> {
  const families = new Map<string, Map<string, Version>>();
  for (const node of Object.values(graph.nodes)) {
    if (node.version === null) continue;
    const key = `${node.package_name}\u0000${node.name}`;
    const family = families.get(key) ?? new Map<string, Version>();
    family.set(String(node.version), node.version);
    families.set(key, family);
  }
  return families;
}

function familyKey(node: GraphNode): string | null {
  return node.version === null ? null : `${node.package_name}\u0000${node.name}`;
}

function difference(a: Map<string, Version> | undefined, b: Map<string, Version> | undefined): Version[] {
  if (!a) return [];
  return [...a.entries()].filter(([key]) => !b?.has(key)).map(([, version]) => version);
}

/**
 * A node the compiler reused between base and head (an unchanged file and entry: the very same config and
 * columns objects) with the same edges has nothing to compare: this keeps a diff of 5,000 nodes where 20 changed
 * from walking the other 4,980.
 */
function reusedUnchanged(before: GraphNode, after: GraphNode): boolean {
  // Built from the same inputs (the compiler's build key), or the very same objects: only lines and edges can differ.
  const sameBuild =
    before.buildKey !== undefined
      ? before.buildKey === after.buildKey
      : before.config === after.config &&
        before.columns === after.columns &&
        before.raw_code === after.raw_code &&
        before.description === after.description &&
        before.original_file_path === after.original_file_path;
  if (!sameBuild) return false;
  const [a, b] = [before.depends_on.nodes, after.depends_on.nodes];
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * A ref target as a review sees it: a versioned model's family (`model.shop.orders` for `orders.v1`). A consumer
 * whose `ref('orders')` now resolves to `orders.v1` because the producer added versions did not change; the
 * producer did.
 */
function refFamily(graph: Graph): (id: string) => string {
  return (id) => {
    const node = graph.nodes[id];
    return node && node.version !== null ? `${node.resource_type}.${node.package_name}.${node.name}` : id;
  };
}

function modifiedChange(
  before: GraphNode,
  after: GraphNode,
  graphs: { base: Graph; head: Graph },
  owners: OwnerLookup | undefined,
): NodeChange | null {
  if (reusedUnchanged(before, after) && before.latest_version === after.latest_version) return null;
  const change = blankChange(after.unique_id, 'modified');
  change.sqlChanged = before.raw_code !== after.raw_code;
  change.propertiesChanged = !deepEqual(propertiesOf(before), propertiesOf(after));
  change.configChanged = !deepEqual(before.config, after.config);
  change.meta = diffMeta(before.config.meta, after.config.meta);
  if (before.access !== after.access) change.accessChanged = { before: before.access, after: after.access };
  if (before.contract.enforced !== after.contract.enforced) {
    change.contractChanged = { before: before.contract.enforced, after: after.contract.enforced };
  }
  change.columns = diffColumns(before.columns, after.columns);
  if (!deepEqual(before.latest_version, after.latest_version)) {
    change.latestVersionChanged = { before: before.latest_version, after: after.latest_version };
  }
  const [refsBefore, refsAfter] = [refsOf(before), refsOf(after)];
  const [baseFamily, headFamily] = [refFamily(graphs.base), refFamily(graphs.head)];
  const [familiesBefore, familiesAfter] = [new Set(refsBefore.map(baseFamily)), new Set(refsAfter.map(headFamily))];
  change.refsAdded = refsAfter.filter((id) => !familiesBefore.has(headFamily(id)));
  change.refsRemoved = refsBefore.filter((id) => !familiesAfter.has(baseFamily(id)));
  if (owners) {
    const [teamBefore, teamAfter] = [owners.base(before.unique_id), owners.head(after.unique_id)];
    if (teamBefore !== teamAfter) change.ownerChanged = { before: teamBefore, after: teamAfter };
  }
  const changed =
    change.sqlChanged ||
    change.propertiesChanged ||
    change.configChanged ||
    change.refsAdded.length > 0 ||
    change.refsRemoved.length > 0 ||
    change.ownerChanged !== null;
  return changed ? change : null;
}

/**
 * Compares two graphs. Versioned models are separate nodes (`model.pkg.name.v2`) sharing a `name`; the versions
 * that appeared or disappeared in a family are listed on every changed node of that family. A node disabled at
 * head is `removed` with `disabled: true`. `changedFiles` is passed through: the caller knows the file listing.
 */
export function diffGraphs(
  base: Graph,
  head: Graph,
  owners?: OwnerLookup,
  changedFiles: readonly string[] = [],
): GraphDiff {
  const nodes: Record<string, NodeChange> = {};
  for (const after of Object.values(head.nodes)) {
    const before = base.nodes[after.unique_id];
    if (!before) {
      const change = blankChange(after.unique_id, 'added');
      change.refsAdded = refsOf(after);
      nodes[after.unique_id] = change;
      continue;
    }
    const change = modifiedChange(before, after, { base, head }, owners);
    if (change) nodes[after.unique_id] = change;
  }
  for (const before of Object.values(base.nodes)) {
    if (head.nodes[before.unique_id]) continue;
    const change = blankChange(before.unique_id, 'removed');
    change.refsRemoved = refsOf(before);
    change.disabled = (head.disabled[before.unique_id]?.length ?? 0) > 0;
    nodes[before.unique_id] = change;
  }

  const [baseFamilies, headFamilies] = [versionFamilies(base), versionFamilies(head)];
  for (const change of Object.values(nodes)) {
    const node = head.nodes[change.unique_id] ?? base.nodes[change.unique_id];
    const key = node ? familyKey(node) : null;
    if (key === null) continue;
    change.versionsAdded = difference(headFamilies.get(key), baseFamilies.get(key));
    change.versionsRemoved = difference(baseFamilies.get(key), headFamilies.get(key));
  }

  const sorted = Object.fromEntries(Object.entries(nodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { nodes: sorted, changedFiles: [...changedFiles].sort() };
}
