// Builds Graphs for tests from partial overrides, so a test states only what matters to it:
//   graph(model('orders', { meta: { owner: 'sales' }, refs: ['customers'] }), model('customers'))
// Defaults, chosen to be predictable in line assertions:
// - a model `x` is defined in `models/x.sql`; its property entry `- name: x` is `models/x.yml` line 3;
// - `group` is set on line 4, `access` on line 5, `contract` on line 6 (when given);
// - the i-th top-level meta key (0-based) is on line 9 + i; the i-th column on line 20 + i;
// - the i-th ref() call is on line 1 + i of the SQL file.
// `property: null` models a model without a property entry (then nothing has a position in a YAML file).
import { buildMaps } from '../../src/dbt/resolve.js';
import { Checksum } from '../../src/dbt/checksum.js';
import type {
  Access,
  Column,
  Exposure,
  Graph,
  GraphNode,
  Group,
  Position,
  RefCall,
  ResourceType,
} from '../../src/dbt/types.js';

export const PACKAGE = 'shop';

type RefSpec = string | { name: string; version?: string | number | null; package?: string };
type ColumnSpec = string | (Partial<Omit<Column, 'name'>> & { name: string });

export interface NodeOverrides {
  package?: string;
  meta?: Record<string, unknown>;
  group?: string | null;
  access?: Access;
  contract?: boolean;
  description?: string;
  columns?: ColumnSpec[];
  refs?: RefSpec[];
  sources?: string[];
  tags?: string[];
  materialized?: string;
  enabled?: boolean;
  version?: string | number | null;
  latest_version?: string | number | null;
  deprecation_date?: string | null;
  sql?: string;
  file?: string;
  property?: Position | null;
  metaPositions?: Record<string, Position>;
  configPositions?: Record<string, Position>;
  projectRoot?: string;
}

function column(spec: ColumnSpec, index: number, property: Position | null): Column {
  const base = typeof spec === 'string' ? { name: spec } : spec;
  return {
    description: '',
    data_type: null,
    meta: {},
    tags: [],
    constraints: [],
    quote: null,
    pos: property ? { file: property.file, line: 20 + index } : null,
    ...base,
  };
}

function refCall(spec: RefSpec, index: number, file: string): RefCall {
  const ref = typeof spec === 'string' ? { name: spec } : spec;
  return {
    name: ref.name,
    package: ref.package ?? null,
    version: ref.version ?? null,
    pos: { file, line: 1 + index },
    certainty: 'static',
  };
}

function node(resourceType: ResourceType, name: string, o: NodeOverrides, extension: string): GraphNode {
  const pkg = o.package ?? PACKAGE;
  const version = o.version ?? null;
  const folder = {
    model: 'models',
    seed: 'seeds',
    snapshot: 'snapshots',
    operation: 'hooks',
    analysis: 'analyses',
    function: 'functions',
  }[resourceType];
  const file = o.file ?? `${folder}/${name}.${extension}`;
  const property = o.property === undefined ? { file: `${folder}/${name}.yml`, line: 3 } : o.property;
  const at = (line: number): Position | null => (property ? { file: property.file, line } : null);
  const meta = o.meta ?? {};
  const metaPositions: Record<string, Position> = {};
  Object.keys(meta).forEach((key, i) => {
    const pos = at(9 + i);
    if (pos) metaPositions[key] = pos;
  });
  const configPositions: Record<string, Position> = {};
  for (const [key, line, given] of [
    ['group', 4, o.group],
    ['access', 5, o.access],
    ['contract', 6, o.contract],
  ] as const) {
    const pos = at(line);
    if (given !== undefined && given !== null && pos) configPositions[key] = pos;
  }
  const access = o.access ?? 'protected';
  const group = o.group ?? null;
  const contract = { enforced: o.contract ?? false, alias_types: true };
  const tags = o.tags ?? [];
  const relative = file.split('/').slice(1).join('/');
  return {
    unique_id: `${resourceType}.${pkg}.${name}${version === null ? '' : `.v${version}`}`,
    resource_type: resourceType,
    name,
    package_name: pkg,
    path: relative,
    original_file_path: file,
    fqn: [pkg, ...relative.split('/').slice(0, -1), name],
    language: resourceType === 'seed' ? null : 'sql',
    description: o.description ?? '',
    columns: Object.fromEntries((o.columns ?? []).map((spec, i) => column(spec, i, property)).map((c) => [c.name, c])),
    config: {
      enabled: o.enabled ?? true,
      materialized: o.materialized ?? (resourceType === 'model' ? 'view' : resourceType),
      tags,
      meta,
      group,
      access,
      contract,
      docs: { show: true, node_color: null },
    },
    tags,
    meta,
    group,
    access,
    contract,
    version,
    latest_version: o.latest_version ?? null,
    deprecation_date: o.deprecation_date ?? null,
    patch_path: property ? `${pkg}://${property.file}` : null,
    raw_code: o.sql ?? `select 1 as id`,
    checksum: Checksum.known('sha256', o.sql ?? 'select 1 as id'),
    refs: (o.refs ?? []).map((spec, i) => refCall(spec, i, file)),
    sources: (o.sources ?? []).map((dotted, i) => {
      const [source = '', table = ''] = dotted.split('.');
      return { source, table, pos: { file, line: 1 + (o.refs?.length ?? 0) + i } };
    }),
    depends_on: { nodes: [], macros: [] },
    file,
    property,
    metaPositions: { ...metaPositions, ...o.metaPositions },
    configPositions: { ...configPositions, ...o.configPositions },
    projectRoot: o.projectRoot ?? '',
  };
}

export const model = (name: string, overrides: NodeOverrides = {}): GraphNode => node('model', name, overrides, 'sql');
export const seed = (name: string, overrides: NodeOverrides = {}): GraphNode => node('seed', name, overrides, 'csv');
export const snapshot = (name: string, overrides: NodeOverrides = {}): GraphNode =>
  node('snapshot', name, overrides, 'sql');

export function exposure(
  name: string,
  o: { refs?: RefSpec[]; owner?: { name?: string; email?: string }; type?: string } = {},
): Exposure {
  const file = 'models/exposures.yml';
  return {
    unique_id: `exposure.${PACKAGE}.${name}`,
    resource_type: 'exposure',
    name,
    package_name: PACKAGE,
    original_file_path: file,
    fqn: [PACKAGE, name],
    type: o.type ?? 'dashboard',
    owner: o.owner ?? { name: 'BI' },
    description: '',
    label: null,
    maturity: null,
    url: null,
    meta: {},
    tags: [],
    config: { enabled: true },
    refs: (o.refs ?? []).map((spec, i) => refCall(spec, i, file)),
    sources: [],
    depends_on: { nodes: [], macros: [] },
    file,
    line: 3,
  };
}

export function group(name: string, owner: { name?: string; email?: string } = { name }): Group {
  return {
    unique_id: `group.${PACKAGE}.${name}`,
    resource_type: 'group',
    name,
    package_name: PACKAGE,
    original_file_path: 'models/groups.yml',
    owner,
    description: null,
    file: 'models/groups.yml',
    line: 3,
  };
}

/** Resolves a ref the way dbt does for tests' purposes: by name (and version; unpinned means latest). */
function resolveRef(ref: RefCall, nodes: GraphNode[]): string | null {
  const candidates = nodes.filter(
    (n) => n.name === ref.name && (ref.package === null || n.package_name === ref.package),
  );
  if (ref.version !== null) {
    return candidates.find((n) => String(n.version) === String(ref.version))?.unique_id ?? null;
  }
  const latest = candidates.find((n) => n.version === null || String(n.version) === String(n.latest_version));
  return (latest ?? candidates[0])?.unique_id ?? null;
}

function externalId(ref: RefCall): string {
  const version = ref.version === null ? '' : `.v${ref.version}`;
  return `model.${ref.package ?? 'external'}.${ref.name}${version}`;
}

/** A Graph of the given items, with depends_on, parent_map, child_map and external nodes filled. */
export function graph(...given: Array<GraphNode | Exposure | Group>): Graph {
  // Copies, because linking writes depends_on and one node object is often shared by a base and a head graph.
  const items = given.map((item) => structuredClone(item));
  const all = items.filter((i): i is GraphNode => i.resource_type !== 'exposure' && i.resource_type !== 'group');
  const enabled = all.filter((n) => n.config.enabled);
  const result: Graph = {
    projects: [{ name: PACKAGE, root: '', isPackage: false }],
    nodes: {},
    sources: {},
    exposures: {},
    groups: {},
    disabled: {},
    external: {},
    parent_map: {},
    child_map: {},
    diagnostics: [],
  };
  const link = (owner: { refs: RefCall[]; sources: GraphNode['sources']; depends_on: { nodes: string[] } }) => {
    const ids = owner.refs.map((ref) => {
      const id = resolveRef(ref, enabled);
      if (id !== null) return id;
      const ext = externalId(ref);
      result.external[ext] = {
        unique_id: ext,
        name: ref.name,
        package_name: ref.package ?? 'external',
        version: ref.version,
      };
      return ext;
    });
    owner.depends_on.nodes = [
      ...new Set([...ids, ...owner.sources.map((s) => `source.${PACKAGE}.${s.source}.${s.table}`)]),
    ];
  };
  for (const item of items) {
    if (item.resource_type === 'group') result.groups[item.unique_id] = item;
    else if (item.resource_type === 'exposure') {
      link(item);
      result.exposures[item.unique_id] = item;
    } else if (!item.config.enabled) (result.disabled[item.unique_id] ??= []).push(item);
    else {
      link(item);
      result.nodes[item.unique_id] = item;
    }
  }
  // The maps as the compiler builds them (one implementation: src/dbt/resolve.ts).
  const linked = [...Object.values(result.nodes), ...Object.values(result.exposures)];
  const ids = [...linked.map((item) => item.unique_id), ...Object.keys(result.external)];
  Object.assign(
    result,
    buildMaps(
      ids,
      linked.map((item) => ({ child: item.unique_id, parents: item.depends_on.nodes })),
    ),
  );
  return result;
}

/** The empty graph: a base before the project existed (every head node is then `added`). */
export const emptyGraph = (): Graph => graph();
