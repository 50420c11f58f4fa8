// Blast radius of a pull request: for each changed model, the models downstream of it (transitively, through
// the head graph's child_map) grouped by owning team, and the exposures (dashboards, apps) that read from it.
import type { Graph } from '../dbt/types.js';
import type { ImpactEntry } from '../report/types.js';

/** The key under which downstream models without an owning team are grouped. */
export const UNOWNED = '(unowned)';

/**
 * One entry per changed node that exists at head, in the order given (duplicates dropped). Each walk is an
 * iterative breadth-first search over child_map that visits a node once, so an entry costs O(V + E) of the
 * downstream subgraph and never recurses (20k-node chains are fine). Changed ids absent at head (removed
 * models) have no downstream in the head graph and are left out; breaking-change findings cover them.
 */
export function computeImpact(head: Graph, changed: string[], teamOf: (id: string) => string | null): ImpactEntry[] {
  const entries: ImpactEntry[] = [];
  const seen = new Set<string>();
  for (const id of changed) {
    if (seen.has(id) || head.nodes[id] === undefined) continue;
    seen.add(id);
    entries.push(impactOf(head, id, teamOf));
  }
  return entries;
}

function impactOf(head: Graph, root: string, teamOf: (id: string) => string | null): ImpactEntry {
  const visited = new Set<string>([root]);
  const queue: string[] = [root];
  const byTeam = new Map<string, string[]>();
  const exposures: string[] = [];
  // An index instead of shift(): shift() is O(n) per call on large arrays.
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i] as string;
    for (const child of head.child_map[current] ?? []) {
      if (visited.has(child)) continue;
      visited.add(child);
      if (head.exposures[child] !== undefined) {
        exposures.push(child);
        continue;
      }
      const node = head.nodes[child];
      // Tests and other resources dbt lists in child_map are not part of the graph; they are skipped, but
      // walked through, so nothing downstream of them is lost.
      if (node !== undefined && node.resource_type !== 'seed') {
        const team = teamOf(child) ?? UNOWNED;
        const list = byTeam.get(team);
        if (list === undefined) byTeam.set(team, [child]);
        else list.push(child);
      }
      queue.push(child);
    }
  }
  const downstreamByTeam: Record<string, string[]> = {};
  for (const team of [...byTeam.keys()].sort(compareTeams)) {
    downstreamByTeam[team] = (byTeam.get(team) as string[]).sort();
  }
  return { node: root, team: teamOf(root), downstreamByTeam, exposures: exposures.sort() };
}

/** Teams alphabetically, the unowned group last. */
function compareTeams(a: string, b: string): number {
  if (a === UNOWNED) return b === UNOWNED ? 0 : 1;
  if (b === UNOWNED) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
