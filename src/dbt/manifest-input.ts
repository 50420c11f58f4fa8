// Reads a manifest.json that a real `dbt parse` wrote into dbt-steward's graph, validated with zod: only the
// fields dbt-steward uses are checked, the rest passes through. Positions are the files dbt names, at line 1.
import { z } from 'zod';
import type {
  Column,
  Diagnostic,
  Exposure,
  Graph,
  GraphNode,
  Group,
  NodeConfig,
  RefCall,
  SourceTable,
} from './types.js';
import { buildMaps } from './resolve.js';
import { Checksum } from './checksum.js';

// Reading a dbt-written manifest: only the fields dbt-steward uses are validated; the rest passes through.
const refSchema = z.object({
  name: z.string(),
  package: z.string().nullish(),
  version: z.union([z.string(), z.number()]).nullish(),
});
const columnSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  data_type: z.string().nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
  tags: z.array(z.string()).nullish(),
  constraints: z.array(z.record(z.string(), z.unknown())).nullish(),
  quote: z.boolean().nullish(),
  doc_blocks: z.array(z.string()).nullish(),
  granularity: z.string().nullish(),
});
const columnsSchema = z.record(z.string(), columnSchema);
const nodeSchema = z.looseObject({
  unique_id: z.string(),
  resource_type: z.string(),
  name: z.string(),
  package_name: z.string(),
  path: z.string().nullish(),
  original_file_path: z.string(),
  fqn: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  columns: columnsSchema.nullish(),
  config: z.looseObject({}).nullish(),
  tags: z.array(z.string()).nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
  group: z.string().nullish(),
  access: z.enum(['private', 'protected', 'public']).nullish(),
  version: z.union([z.string(), z.number()]).nullish(),
  latest_version: z.union([z.string(), z.number()]).nullish(),
  deprecation_date: z.string().nullish(),
  primary_key: z.array(z.string()).nullish(),
  doc_blocks: z.array(z.string()).nullish(),
  patch_path: z.string().nullish(),
  raw_code: z.string().nullish(),
  language: z.string().nullish(),
  checksum: z.object({ name: z.string(), checksum: z.string() }).nullish(),
  refs: z.array(z.union([refSchema, z.array(z.string())])).nullish(),
  sources: z.array(z.array(z.string())).nullish(),
  depends_on: z.looseObject({ nodes: z.array(z.string()).nullish() }).nullish(),
});
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

type ManifestNode = z.infer<typeof nodeSchema>;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toColumns(value: ManifestNode['columns'], file: string): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const [name, c] of Object.entries(value ?? {})) {
    out[name] = {
      name: c.name,
      description: c.description ?? '',
      data_type: c.data_type ?? null,
      meta: c.meta ?? {},
      tags: c.tags ?? [],
      constraints: c.constraints ?? [],
      quote: c.quote ?? null,
      pos: { file, line: 1 },
      ...(c.doc_blocks ? { doc_blocks: c.doc_blocks } : {}),
      ...(c.granularity ? { granularity: c.granularity } : {}),
    };
  }
  return out;
}

function isTimeSpine(value: unknown): value is NonNullable<GraphNode['time_spine']> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as Record<string, unknown>)['custom_granularities'])
  );
}

function toNode(n: ManifestNode): GraphNode | null {
  if (n.resource_type !== 'model' && n.resource_type !== 'seed' && n.resource_type !== 'snapshot') return null;
  const raw = record(n.config);
  const contract = record(raw['contract']);
  const docs = record(raw['docs']);
  const access = n.access ?? (typeof raw['access'] === 'string' ? raw['access'] : 'protected');
  const config: NodeConfig = {
    ...raw,
    enabled: raw['enabled'] !== false,
    materialized: typeof raw['materialized'] === 'string' ? raw['materialized'] : 'view',
    tags: Array.isArray(raw['tags']) ? raw['tags'].filter((t): t is string => typeof t === 'string') : [],
    meta: record(raw['meta']),
    group: typeof raw['group'] === 'string' ? raw['group'] : (n.group ?? null),
    access: access === 'private' || access === 'public' ? access : 'protected',
    contract: { enforced: contract['enforced'] === true, alias_types: contract['alias_types'] !== false },
    docs: {
      show: docs['show'] !== false,
      node_color: typeof docs['node_color'] === 'string' ? docs['node_color'] : null,
    },
  };
  const file = n.original_file_path;
  const patchFile = n.patch_path ? n.patch_path.replace(/^[^:]*:\/\//, '') : null;
  const refs: RefCall[] = (n.refs ?? []).map((r) =>
    Array.isArray(r)
      ? {
          name: r[r.length - 1] ?? '',
          package: r.length > 1 ? (r[0] ?? null) : null,
          version: null,
          pos: { file, line: 1 },
          certainty: 'static',
        }
      : {
          name: r.name,
          package: r.package ?? null,
          version: r.version ?? null,
          pos: { file, line: 1 },
          certainty: 'static',
        },
  );
  return {
    unique_id: n.unique_id,
    resource_type: n.resource_type,
    name: n.name,
    package_name: n.package_name,
    path: n.path ?? file,
    original_file_path: file,
    fqn: n.fqn ?? [n.package_name, n.name],
    language: n.language === 'python' ? 'python' : n.resource_type === 'seed' ? null : 'sql',
    description: n.description ?? '',
    columns: toColumns(n.columns, patchFile ?? file),
    config,
    tags: n.tags ?? config.tags,
    meta: n.meta ?? config.meta,
    group: config.group,
    access: config.access,
    contract: config.contract,
    version: n.version ?? null,
    latest_version: n.latest_version ?? null,
    deprecation_date: n.deprecation_date ?? null,
    ...(n.primary_key ? { primary_key: n.primary_key } : {}),
    ...(n.doc_blocks ? { doc_blocks: n.doc_blocks } : {}),
    // What dbt wrote is kept as it was: names the profile gave, configs as written, a time spine.
    ...(typeof n['database'] === 'string' && typeof n['schema'] === 'string' && typeof n['alias'] === 'string'
      ? { relation: { database: n['database'], schema: n['schema'], alias: n['alias'] } }
      : {}),
    unrendered_config: record(n['unrendered_config']),
    ...(isTimeSpine(n['time_spine']) ? { time_spine: n['time_spine'] } : {}),
    patch_path: n.patch_path ?? null,
    raw_code: n.raw_code ?? '',
    checksum: Checksum.known(n.checksum?.name ?? 'none', n.checksum?.checksum ?? ''),
    refs,
    sources: (n.sources ?? []).map((s) => ({ source: s[0] ?? '', table: s[1] ?? '', pos: { file, line: 1 } })),
    depends_on: { nodes: n.depends_on?.nodes ?? [], macros: [] },
    file,
    property: patchFile ? { file: patchFile, line: 1 } : null,
    metaPositions: {},
    configPositions: {},
    projectRoot: '',
  };
}

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
  for (const n of Object.values(m.nodes)) {
    const node = toNode(n);
    if (node) nodes[node.unique_id] = node;
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
      file: path,
      line: 1,
    };
  }
  const exposures: Record<string, Exposure> = {};
  for (const e of Object.values(m.exposures ?? {})) {
    const r = record(e);
    const path = typeof r['original_file_path'] === 'string' ? r['original_file_path'] : '';
    const deps = record(r['depends_on'])['nodes'];
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
      depends_on: { nodes: Array.isArray(deps) ? (deps as string[]) : [], macros: [] },
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
      file: path,
      line: 1,
    };
  }
  const disabled: Record<string, GraphNode[]> = {};
  for (const [id, list] of Object.entries(m.disabled ?? {})) {
    const converted = list.map(toNode).filter((n): n is GraphNode => n !== null);
    if (converted.length > 0) disabled[id] = converted;
  }
  const ids = [...Object.keys(nodes), ...Object.keys(sources), ...Object.keys(exposures)];
  const edges = [...Object.values(nodes), ...Object.values(exposures)].map((n) => ({
    child: n.unique_id,
    parents: n.depends_on.nodes,
  }));
  const root = Object.values(nodes)[0]?.package_name;
  const meta = record(m.metadata);
  const projectName = typeof meta['project_name'] === 'string' ? meta['project_name'] : (root ?? 'unknown');
  return {
    graph: {
      projects: [{ name: projectName, root: '', isPackage: false }],
      nodes,
      sources,
      exposures,
      groups,
      disabled,
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
