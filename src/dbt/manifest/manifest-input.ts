// Reads a manifest.json that a real `dbt parse` wrote into dbt-steward's graph, validated with zod: only the
// fields dbt-steward uses are checked, the rest passes through. Positions are the files dbt names, at line 1.
import { z } from 'zod';
import type { Diagnostic, Exposure, Graph, GraphNode, Group, SourceTable } from '../types.js';
import { buildMaps } from '../resolve.js';
import { isRecord } from '../yaml/yaml.js';
import { columnsSchema, nodeSchema, record, toColumns, toNode } from './manifest-input-nodes.js';

const manifestSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.string().nullish() }).nullish(),
  nodes: z.record(z.string(), nodeSchema),
  sources: z
    .record(
      z.string(),
      z.looseObject({ unique_id: z.string(), name: z.string(), source_name: z.string(), package_name: z.string() }),
    )
    .nullish(),
  exposures: z
    .record(z.string(), z.looseObject({ unique_id: z.string(), name: z.string(), package_name: z.string() }))
    .nullish(),
  groups: z
    .record(z.string(), z.looseObject({ unique_id: z.string(), name: z.string(), package_name: z.string() }))
    .nullish(),
  disabled: z.record(z.string(), z.array(nodeSchema)).nullish(),
  // dbt 1.11+'s user-defined functions.
  functions: z.record(z.string(), nodeSchema).nullish(),
  // Written back as read: dbt-steward only passes the selectors on.
  selectors: z.record(z.string(), z.unknown()).nullish(),
  docs: z
    .record(
      z.string(),
      z.looseObject({
        unique_id: z.string(),
        name: z.string(),
        package_name: z.string(),
        path: z.string().nullish(),
        original_file_path: z.string().nullish(),
        block_contents: z.string().nullish(),
      }),
    )
    .nullish(),
});

export function graphFromManifest(json: unknown, file: string): { graph: Graph | null; diagnostics: Diagnostic[] } {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return {
      graph: null,
      diagnostics: [
        {
          code: 'invalid-manifest',
          severity: 'error',
          message: `not a dbt manifest: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`,
          file,
        },
      ],
    };
  }
  const m = parsed.data;
  const nodes: Record<string, GraphNode> = {};
  // dbt's operation nodes (on-run-start / on-run-end hooks) are kept apart, as the compiler keeps them.
  const operations: Record<string, GraphNode> = {};
  for (const n of Object.values(m.nodes)) {
    const node = toNode(n);
    if (node) (node.resource_type === 'operation' ? operations : nodes)[node.unique_id] = node;
  }
  const functions: Record<string, GraphNode> = {};
  for (const f of Object.values(m.functions ?? {})) {
    const fn = toNode(f);
    if (fn?.resource_type === 'function') functions[fn.unique_id] = fn;
  }
  const sources: Record<string, SourceTable> = {};
  for (const s of Object.values(m.sources ?? {})) {
    const r = record(s);
    const path = typeof r['original_file_path'] === 'string' ? r['original_file_path'] : '';
    const columns = columnsSchema.safeParse(r['columns'] ?? {});
    const docBlocks = z.array(z.string()).safeParse(r['doc_blocks']);
    sources[s.unique_id] = {
      unique_id: s.unique_id,
      resource_type: 'source',
      source_name: s.source_name,
      name: s.name,
      package_name: s.package_name,
      original_file_path: path,
      fqn: Array.isArray(r['fqn']) ? (r['fqn'] as string[]) : [s.package_name, s.source_name, s.name],
      description: typeof r['description'] === 'string' ? r['description'] : '',
      ...(docBlocks.success ? { doc_blocks: docBlocks.data } : {}),
      source_description: typeof r['source_description'] === 'string' ? r['source_description'] : '',
      loader: typeof r['loader'] === 'string' ? r['loader'] : '',
      identifier: typeof r['identifier'] === 'string' ? r['identifier'] : s.name,
      columns: toColumns(columns.success ? columns.data : {}, path),
      meta: record(r['meta']),
      source_meta: record(r['source_meta']),
      tags: Array.isArray(r['tags']) ? (r['tags'] as string[]) : [],
      config: { ...record(r['config']), enabled: record(r['config'])['enabled'] !== false },
      ...(isRecord(r['unrendered_config']) ? { unrendered_config: r['unrendered_config'] } : {}),
      ...writtenRelation(r),
      file: path,
      line: 1,
    };
  }
  const exposures: Record<string, Exposure> = {};
  for (const e of Object.values(m.exposures ?? {})) {
    const r = record(e);
    const path = typeof r['original_file_path'] === 'string' ? r['original_file_path'] : '';
    const deps = record(r['depends_on'])['nodes'];
    const macros = record(r['depends_on'])['macros'];
    exposures[e.unique_id] = {
      unique_id: e.unique_id,
      resource_type: 'exposure',
      name: e.name,
      package_name: e.package_name,
      original_file_path: path,
      fqn: Array.isArray(r['fqn']) ? (r['fqn'] as string[]) : [e.package_name, e.name],
      type: typeof r['type'] === 'string' ? r['type'] : '',
      owner: record(r['owner']),
      description: typeof r['description'] === 'string' ? r['description'] : '',
      label: typeof r['label'] === 'string' ? r['label'] : null,
      maturity: typeof r['maturity'] === 'string' ? r['maturity'] : null,
      url: typeof r['url'] === 'string' ? r['url'] : null,
      meta: record(r['meta']),
      tags: Array.isArray(r['tags']) ? (r['tags'] as string[]) : [],
      config: { ...record(r['config']), enabled: true },
      refs: [],
      sources: [],
      depends_on: {
        macros: Array.isArray(macros) ? macros.filter((m): m is string => typeof m === 'string') : [],
        nodes: Array.isArray(deps) ? (deps as string[]) : [],
      },
      ...(isRecord(r['unrendered_config']) ? { unrendered_config: r['unrendered_config'] } : {}),
      file: path,
      line: 1,
    };
  }
  const groups: Record<string, Group> = {};
  for (const g of Object.values(m.groups ?? {})) {
    const r = record(g);
    const path = typeof r['original_file_path'] === 'string' ? r['original_file_path'] : '';
    groups[g.unique_id] = {
      unique_id: g.unique_id,
      resource_type: 'group',
      name: g.name,
      package_name: g.package_name,
      original_file_path: path,
      owner: record(r['owner']),
      description: typeof r['description'] === 'string' ? r['description'] : null,
      ...(isRecord(r['config']) ? { config: { meta: record(record(r['config'])['meta']) } } : {}),
      file: path,
      line: 1,
    };
  }
  const disabled: Record<string, GraphNode[]> = {};
  for (const [id, list] of Object.entries(m.disabled ?? {})) {
    const converted = list.map(toNode).filter((n): n is GraphNode => n !== null);
    if (converted.length > 0) disabled[id] = converted;
  }
  const ids = [...Object.keys(nodes), ...Object.keys(operations), ...Object.keys(sources), ...Object.keys(exposures)];
  // The graph's own maps (which reviews read) hold no function: the manifest's are made again when it is written,
  // as for a compiled graph (manifestMaps).
  const edges = [...Object.values(nodes), ...Object.values(operations), ...Object.values(exposures)].map((n) => ({
    child: n.unique_id,
    parents: n.depends_on.nodes.filter((id) => !Object.hasOwn(functions, id)),
  }));
  const root = Object.values(nodes)[0]?.package_name;
  const meta = record(m.metadata);
  const projectName = typeof meta['project_name'] === 'string' ? meta['project_name'] : (root ?? 'unknown');
  const adapter = typeof meta['adapter_type'] === 'string' ? meta['adapter_type'] : null;
  return {
    graph: {
      projects: [{ name: projectName, root: '', isPackage: false }],
      // The adapter the manifest was written for decides its relation names' quoting (and spark's null database).
      ...(adapter === null
        ? {}
        : { target: { name: 'default', type: adapter, schema: 'public', database: 'analytics' } }),
      nodes,
      sources,
      exposures,
      groups,
      disabled,
      ...(Object.keys(operations).length > 0 ? { operations } : {}),
      ...(Object.keys(functions).length > 0 ? { functions } : {}),
      ...(m.selectors && Object.keys(m.selectors).length > 0 ? { selectors: m.selectors } : {}),
      docs: Object.fromEntries(
        Object.values(m.docs ?? {}).map((d) => [
          d.unique_id,
          {
            name: d.name,
            resource_type: 'doc' as const,
            package_name: d.package_name,
            path: d.path ?? '',
            original_file_path: d.original_file_path ?? '',
            unique_id: d.unique_id,
            block_contents: d.block_contents ?? '',
          },
        ]),
      ),
      external: {},
      ...buildMaps(ids, edges),
      diagnostics: [],
    },
    diagnostics: [],
  };
}

/** A source's `unrendered_database` / `unrendered_schema` (dbt 1.9+), when the manifest has them. */
function writtenRelation(r: Record<string, unknown>): Pick<SourceTable, 'unrendered_database' | 'unrendered_schema'> {
  const out: Pick<SourceTable, 'unrendered_database' | 'unrendered_schema'> = {};
  const text = (value: unknown) => (typeof value === 'string' || value === null ? value : undefined);
  const database = text(r['unrendered_database']);
  const schema = text(r['unrendered_schema']);
  if (database !== undefined) out.unrendered_database = database;
  if (schema !== undefined) out.unrendered_schema = schema;
  return out;
}
