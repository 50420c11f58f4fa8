// Resolves the team that owns each node: the first non-empty configured meta path, else the dbt group.
// Built once per graph; answers are memoised because rules ask for the same nodes many times.
import type { Graph, Position } from '../dbt/types.js';
import type { PolicyConfig } from './config.js';
import { getMetaPath, getMetaString, nodePosition } from './nodes.js';
import type { Ownership } from './rule.js';

interface Resolved {
  team: string | null;
  pos: Position | null;
}

export function buildOwnership(graph: Graph, config: PolicyConfig): Ownership {
  const memo = new Map<string, Resolved>();

  function resolve(uniqueId: string): Resolved {
    const cached = memo.get(uniqueId);
    if (cached) return cached;
    const result = compute(uniqueId);
    memo.set(uniqueId, result);
    return result;
  }

  function compute(uniqueId: string): Resolved {
    const node = graph.nodes[uniqueId];
    if (!node) return { team: null, pos: null };
    for (const path of config.ownership.meta_keys) {
      const team = getMetaString(node.config.meta, path);
      if (team === null) continue;
      const topKey = getMetaPath(node.config.meta, path)?.topKey;
      const pos = (topKey !== undefined ? node.metaPositions[topKey] : undefined) ?? nodePosition(node);
      return { team, pos };
    }
    const group = node.config.group ?? node.group;
    if (config.ownership.use_groups && group) {
      return { team: group, pos: node.configPositions['group'] ?? nodePosition(node) };
    }
    return { team: null, pos: null };
  }

  return {
    teamOf: (uniqueId) => resolve(uniqueId).team,
    ownerPosition: (uniqueId) => resolve(uniqueId).pos,
  };
}
