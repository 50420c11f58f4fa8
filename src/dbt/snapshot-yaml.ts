// Snapshots defined in YAML (dbt 1.9+): a `snapshots:` entry with a `relation:` and no SQL block is a node of
// its own, `select * from {{ <relation> }}`, as dbt's SchemaParser._add_yaml_snapshot_nodes_to_manifest makes it.
import type { ProjectScope } from './build.js';
import type { NodeInput } from './node.js';
import type { PatchEntry } from './properties.js';

export function yamlSnapshots(
  scope: ProjectScope,
  patches: Iterable<PatchEntry>,
  sqlSnapshots: Set<string>,
): NodeInput[] {
  const inputs: NodeInput[] = [];
  for (const patch of patches) {
    const relation = patch.data['relation'];
    if (patch.kind !== 'snapshots' || typeof relation !== 'string' || sqlSnapshots.has(patch.name)) continue;
    const rel = scope.resourcePath(patch.file);
    const line = patch.lines.key(patch.data, 'relation', patch.line);
    const text = `select * from {{ ${relation} }}`;
    const scan = scope.scanSql(text, patch.file, line);
    inputs.push({
      type: 'snapshot',
      name: patch.name,
      path: patch.file,
      // dbt: PurePath(relative_path of the YAML file) / "<name>.sql"
      rel: `${rel}/${patch.name}.sql`,
      fqn: [scope.project.name, ...rel.split('/').slice(0, -1), patch.name],
      text,
      // dbt's checksum of a snapshot defined in YAML is its property file's.
      fileText: scope.fileText(patch.file) ?? '',
      language: 'sql',
      // The refs are written on the `relation:` line.
      scan: {
        refs: scan.refs.map((r) => ({ ...r, line })),
        sources: scan.sources.map((s) => ({ ...s, line })),
        configs: [],
        // dbt does not render a YAML snapshot's relation: it calls no macro.
        macros: [],
        diagnostics: [],
      },
      patch,
    });
  }
  return inputs;
}
