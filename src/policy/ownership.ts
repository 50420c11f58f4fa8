// Resolves the team that owns each node: the first non-empty configured meta path, else the dbt group.
// Built once per graph; answers are memoised because rules ask for the same nodes many times.
import type { Graph, GraphNode, NodeConfig, Position } from '../dbt/types.js';
import type { PolicyConfig } from './config.js';
import { getMetaPath, nodePosition } from './nodes.js';
import type { Ownership } from './rule.js';

/** Where a node's team comes from: a top-level meta key, the group, or nowhere. */
interface Owner {
  team: string | null;
  /** The top-level meta key that named the team, `group` for the dbt group, null for none. */
  from: { meta: string } | 'group' | null;
}

/**
 * The team depends only on a node's config and the ownership settings, and the compiler hands base and head the
 * same config object for a node the pull request did not touch: resolved once for both graphs.
 */
const ownersBySettings = new WeakMap<PolicyConfig['ownership'], WeakMap<NodeConfig, Owner>>();

function ownerOf(node: GraphNode, settings: PolicyConfig['ownership']): Owner {
  let owners = ownersBySettings.get(settings);
  if (!owners) ownersBySettings.set(settings, (owners = new WeakMap()));
  let owner = owners.get(node.config);
  if (!owner) {
    owner = computeOwner(node, settings);
    owners.set(node.config, owner);
  }
  return owner;
}

function computeOwner(node: GraphNode, settings: PolicyConfig['ownership']): Owner {
  for (const path of settings.meta_keys) {
    const hit = getMetaPath(node.config.meta, path);
    const team = typeof hit?.value === 'string' ? hit.value.trim() : '';
    if (hit && team !== '') return { team, from: { meta: hit.topKey } };
  }
  const group = node.config.group ?? node.group;
  if (settings.use_groups && group) return { team: group, from: 'group' };
  return { team: null, from: null };
}

export function buildOwnership(graph: Graph, config: PolicyConfig): Ownership {
  // Rules ask for the team of every model, some of them twice per edge: each id is looked up once.
  const teams = new Map<string, string | null>();
  const owner = (uniqueId: string): { node: GraphNode; owner: Owner } | null => {
    const node = graph.nodes[uniqueId];
    return node ? { node, owner: ownerOf(node, config.ownership) } : null;
  };
  return {
    teamOf: (uniqueId) => {
      let team = teams.get(uniqueId);
      if (team === undefined) {
        const node = graph.nodes[uniqueId];
        team = node ? ownerOf(node, config.ownership).team : null;
        teams.set(uniqueId, team);
      }
      return team;
    },
    ownerPosition: (uniqueId): Position | null => {
      const found = owner(uniqueId);
      const from = found?.owner.from ?? null;
      if (!found || from === null) return null;
      // Positions are the node's own (its lines may have moved), never cached with the team.
      if (from === 'group') return found.node.configPositions['group'] ?? nodePosition(found.node);
      return found.node.metaPositions[from.meta] ?? nodePosition(found.node);
    },
  };
}
