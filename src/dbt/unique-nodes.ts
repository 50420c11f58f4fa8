// Enabled nodes by unique id, as dbt's manifest holds them: two enabled nodes of one id stop dbt; the first is
// kept here and the other reported.
import type { Diagnostic, GraphNode } from './types.js';

/** The first node of each id, `onKept` called on it in order; each later one is a `duplicate-node` error. */
export function firstOfEachId(
  nodes: Iterable<GraphNode>,
  diagnostics: Diagnostic[],
  onKept: (node: GraphNode) => void = () => undefined,
): Record<string, GraphNode> {
  const byId: Record<string, GraphNode> = {};
  for (const node of nodes) {
    const known = byId[node.unique_id];
    if (known) {
      diagnostics.push({
        code: 'duplicate-node',
        severity: 'error',
        message: `${node.unique_id} is also defined in ${known.file}; dbt requires unique names among enabled nodes, so this one is ignored`,
        file: node.file,
        line: 1,
      });
      continue;
    }
    onKept(node);
    byId[node.unique_id] = node;
  }
  return byId;
}
