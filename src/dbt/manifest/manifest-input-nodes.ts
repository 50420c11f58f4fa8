// A node of a manifest.json that a real `dbt parse` wrote, validated with zod and turned into a GraphNode (models,
// seeds and snapshots): the fields dbt-steward uses are checked, the rest passes through.
import { z } from 'zod';
import type { Column, GraphNode, NodeConfig, RefCall } from '../types.js';
import { Checksum } from '../checksum.js';

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
export const columnsSchema = z.record(z.string(), columnSchema);
export const nodeSchema = z.looseObject({
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
  depends_on: z
    .looseObject({
      nodes: z.array(z.string()).nullish(),
      // A test macro dbt could not find is null (dbt 1.11 and before) or "None" (1.12).
      macros: z.array(z.string().nullable()).nullish(),
    })
    .nullish(),
});
type ManifestNode = z.infer<typeof nodeSchema>;

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** ColumnInfo's fields: other keys of a column are its `_extra` (or dbt 1.12's dimension and entity), passed on. */
const COLUMN_INFO_FIELDS = new Set([
  'name',
  'description',
  'meta',
  'data_type',
  'constraints',
  'quote',
  'config',
  'tags',
  'granularity',
  'doc_blocks',
  '_extra',
]);

export function toColumns(value: ManifestNode['columns'], file: string): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const [name, c] of Object.entries(value ?? {})) {
    // dbt 1.12's `dimension` and `entity` are kept with them when set (null is their default: not kept).
    const extra = Object.entries(c).filter(
      ([key, value]) =>
        !COLUMN_INFO_FIELDS.has(key) &&
        key !== '__proto__' &&
        !((key === 'dimension' || key === 'entity') && value === null),
    );
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
      ...(extra.length > 0 ? { extra: Object.fromEntries(extra) } : {}),
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

export function toNode(n: ManifestNode): GraphNode | null {
  const type = n.resource_type;
  if (type !== 'model' && type !== 'seed' && type !== 'snapshot' && type !== 'operation' && type !== 'function')
    return null;
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
    resource_type: type,
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
    // A spark manifest's database is null (dbt-spark has none): the schema and alias are kept all the same.
    ...((typeof n['database'] === 'string' || n['database'] === null) &&
    typeof n['schema'] === 'string' &&
    typeof n['alias'] === 'string'
      ? {
          relation: {
            ...(typeof n['database'] === 'string' ? { database: n['database'] } : {}),
            schema: n['schema'],
            alias: n['alias'],
          },
        }
      : {}),
    unrendered_config: record(n['unrendered_config']),
    ...(isTimeSpine(n['time_spine']) ? { time_spine: n['time_spine'] } : {}),
    patch_path: n.patch_path ?? null,
    raw_code: n.raw_code ?? '',
    checksum: Checksum.known(n.checksum?.name ?? 'none', n.checksum?.checksum ?? ''),
    refs,
    sources: (n.sources ?? []).map((s) => ({ source: s[0] ?? '', table: s[1] ?? '', pos: { file, line: 1 } })),
    depends_on: {
      macros: (n.depends_on?.macros ?? []).filter((m): m is string => m !== null && m !== 'None'),
      nodes: n.depends_on?.nodes ?? [],
    },
    ...(typeof n['index'] === 'number' ? { index: n['index'] } : {}),
    ...functionFields(n, file),
    file,
    property: patchFile ? { file: patchFile, line: 1 } : null,
    metaPositions: {},
    configPositions: {},
    projectRoot: '',
  };
}

/** dbt 1.11+: the functions a node calls (`functions: [[name], [package, name]]`), and a function's signature. */
function functionFields(n: ManifestNode, file: string): Pick<GraphNode, 'functions' | 'signature'> {
  const out: Pick<GraphNode, 'functions' | 'signature'> = {};
  const calls = n['functions'];
  if (Array.isArray(calls) && calls.length > 0)
    out.functions = calls
      .filter((c): c is string[] => Array.isArray(c) && c.length > 0 && c.every((p) => typeof p === 'string'))
      .map((c) => ({ name: c[c.length - 1]!, package: c.length > 1 ? c[0]! : null, pos: { file, line: 1 } }));
  if (n.resource_type !== 'function') return out;
  const returns = record(n['returns']);
  const args = Array.isArray(n['arguments']) ? n['arguments'] : [];
  out.signature = {
    returns: { data_type: returns['data_type'] ?? null, description: returns['description'] ?? null },
    arguments: args.map((a) => {
      const arg = record(a);
      return {
        name: arg['name'] ?? null,
        data_type: arg['data_type'] ?? null,
        description: arg['description'] ?? null,
        default_value: arg['default_value'] ?? null,
      };
    }),
  };
  return out;
}
