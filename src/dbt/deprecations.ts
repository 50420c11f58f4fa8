// dbt's model deprecation warnings at the end of its parse (ManifestLoader.check_for_model_deprecations): a model
// (or version) past its deprecation_date, and each model that refs one, past (DeprecatedReference) or not yet
// (UpcomingReferenceDeprecation). Pure: the caller gives the time to compare with.
import type { Diagnostic, Graph, GraphNode, Position } from './types.js';

const versionText = (node: GraphNode) => (node.version === null ? '' : `.v${String(node.version)}`);

/** Where a child model refs `parent`: its ref call of that name (and version, when pinned), else its file. */
function refPosition(child: GraphNode, parent: GraphNode): Position {
  // An unpinned ref reaches the latest version.
  const isLatest = parent.version === null || String(parent.version) === String(parent.latest_version);
  const call =
    child.refs.find(
      (r) => r.name === parent.name && (r.version === null ? isLatest : String(r.version) === String(parent.version)),
    ) ?? child.refs.find((r) => r.name === parent.name);
  return call?.pos ?? { file: child.file, line: 1 };
}

export function deprecationWarnings(graph: Graph, now: string): Diagnostic[] {
  const at = Date.parse(now);
  const out: Diagnostic[] = [];
  for (const node of Object.values(graph.nodes)) {
    if (node.resource_type !== 'model' || node.deprecation_date === null) continue;
    const date = Date.parse(node.deprecation_date);
    if (Number.isNaN(date)) continue;
    const past = date < at;
    const day = node.deprecation_date;
    if (past)
      out.push({
        code: 'deprecated-model',
        severity: 'warning',
        message: `Model ${node.name}${versionText(node)} has passed its deprecation date of ${day}. This model should be disabled or removed.`,
        ...(node.property ?? { file: node.file, line: 1 }),
      });
    for (const childId of graph.child_map[node.unique_id] ?? []) {
      const child = graph.nodes[childId];
      if (child === undefined || child.resource_type !== 'model') continue;
      // dbt's DeprecatedReference / UpcomingReferenceDeprecation texts: a newer version is named when there is one.
      const newer =
        node.version !== null && node.latest_version !== null && String(node.latest_version) !== String(node.version)
          ? `A new version of '${node.name}' is available. ${past ? 'Migrate now' : 'Try it out'}: {{ ref('${node.package_name}', '${node.name}', v='${String(node.latest_version)}') }}.`
          : '';
      const said = past ? `which was deprecated on '${day}'.` : `which is slated for deprecation on '${day}'.`;
      out.push({
        code: past ? 'deprecated-reference' : 'upcoming-deprecation',
        severity: 'warning',
        message:
          `While compiling '${child.name}': Found a reference to ${node.name}${versionText(node)}, ${said} ${newer}`.trimEnd(),
        ...refPosition(child, node),
      });
    }
  }
  return out;
}
