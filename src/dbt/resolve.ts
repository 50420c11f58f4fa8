// Resolves every ref and source call to a unique_id as dbt does, and builds depends_on, parent_map and child_map.
// Refs to packages that are not in the repository, and to other dbt projects, become external nodes.
import type { Diagnostic, ExternalNode, GraphNode, RefCall, SourceCall, SourceTable } from './types.js';

export interface ResolveUnit {
  rootPackage: string;
  /** Packages compiled in this unit (root and local packages). */
  packages: Set<string>;
  /** Whether the unit declares packages that are not in the repository (an unknown ref may come from one). */
  hasExternalPackages: boolean;
}

export class RefResolver {
  /** package -> name -> nodes (several for a versioned model). */
  private readonly byPackage = new Map<string, Map<string, GraphNode[]>>();
  private readonly disabledNames = new Map<string, Set<string>>();
  private readonly sources = new Map<string, SourceTable>();
  readonly external: Record<string, ExternalNode> = {};

  constructor(nodes: GraphNode[], disabled: GraphNode[], sources: SourceTable[]) {
    for (const node of nodes) {
      let names = this.byPackage.get(node.package_name);
      if (!names) this.byPackage.set(node.package_name, (names = new Map()));
      const list = names.get(node.name);
      if (list) list.push(node);
      else names.set(node.name, [node]);
    }
    for (const node of disabled) {
      let names = this.disabledNames.get(node.package_name);
      if (!names) this.disabledNames.set(node.package_name, (names = new Set()));
      names.add(node.name);
    }
    for (const source of sources)
      this.sources.set(`${source.package_name}\0${source.source_name}\0${source.name}`, source);
  }

  private pick(list: GraphNode[], ref: RefCall): GraphNode | null | 'missing-version' {
    if (list.length === 1 && list[0]!.version === null) return ref.version === null ? list[0]! : 'missing-version';
    if (ref.version !== null) return list.find((n) => String(n.version) === String(ref.version)) ?? 'missing-version';
    return list.find((n) => n.version !== null && String(n.version) === String(n.latest_version)) ?? list[0]!;
  }

  /** dbt searches the root project, then the calling node's package, then every package. */
  resolveRef(ref: RefCall, from: string, unit: ResolveUnit, diagnostics: Diagnostic[]): string | null {
    const candidates = ref.package !== null ? [ref.package] : [unit.rootPackage, from];
    for (const pkg of candidates) {
      const list = this.byPackage.get(pkg)?.get(ref.name);
      if (!list) continue;
      return this.found(this.pick(list, ref), ref, diagnostics);
    }
    if (ref.package === null) {
      for (const pkg of unit.packages) {
        const list = this.byPackage.get(pkg)?.get(ref.name);
        if (list) return this.found(this.pick(list, ref), ref, diagnostics);
      }
    }
    const where = ref.package ?? from;
    if (
      this.disabledNames.get(where)?.has(ref.name) ||
      (ref.package === null && [...unit.packages].some((p) => this.disabledNames.get(p)?.has(ref.name)))
    ) {
      diagnostics.push({
        code: 'ref-to-disabled',
        severity: 'warning',
        message: `ref('${ref.name}') names a disabled node; it is not a dependency`,
        file: ref.pos.file,
        line: ref.pos.line,
      });
      return null;
    }
    if (ref.package !== null && !this.byPackage.has(ref.package)) {
      // A package that is not committed (dbt_packages/) or another dbt project (dbt Mesh): an external node.
      const id = `model.${ref.package}.${ref.name}${ref.version === null ? '' : `.v${ref.version}`}`;
      this.external[id] ??= { unique_id: id, name: ref.name, package_name: ref.package, version: ref.version };
      return id;
    }
    diagnostics.push({
      code: 'unknown-ref',
      severity: unit.hasExternalPackages && ref.package === null ? 'warning' : 'error',
      message:
        unit.hasExternalPackages && ref.package === null
          ? `ref('${ref.name}') matches no node in the repository; it may come from a package that is not committed`
          : `ref('${ref.package === null ? '' : `${ref.package}', '`}${ref.name}') matches no node`,
      file: ref.pos.file,
      line: ref.pos.line,
    });
    return null;
  }

  private found(picked: GraphNode | null | 'missing-version', ref: RefCall, diagnostics: Diagnostic[]): string | null {
    if (picked === 'missing-version' || picked === null) {
      diagnostics.push({
        code: 'unknown-ref',
        severity: 'error',
        message: `ref('${ref.name}', v=${String(ref.version)}) names a version that does not exist`,
        file: ref.pos.file,
        line: ref.pos.line,
      });
      return null;
    }
    return picked.unique_id;
  }

  resolveSource(call: SourceCall, from: string, unit: ResolveUnit, diagnostics: Diagnostic[]): string | null {
    // dbt's _packages_to_search: the root project, then the calling node's package, then any package.
    for (const pkg of [unit.rootPackage, from, ...unit.packages]) {
      const source = this.sources.get(`${pkg}\0${call.source}\0${call.table}`);
      if (source) return source.unique_id;
    }
    diagnostics.push({
      code: 'unknown-source',
      severity: unit.hasExternalPackages ? 'warning' : 'error',
      message: `source('${call.source}', '${call.table}') matches no source table`,
      file: call.pos.file,
      line: call.pos.line,
    });
    return null;
  }
}

/** Fills depends_on.nodes (sources first, then refs, as dbt's loader processes them) for a node or exposure. */
export function linkDependencies(
  item: Pick<GraphNode, 'refs' | 'sources' | 'package_name' | 'depends_on'>,
  resolver: RefResolver,
  unit: ResolveUnit,
  diagnostics: Diagnostic[],
): void {
  const ids: string[] = [];
  const add = (id: string | null) => {
    if (id !== null && !ids.includes(id)) ids.push(id);
  };
  for (const call of item.sources) add(resolver.resolveSource(call, item.package_name, unit, diagnostics));
  for (const ref of item.refs) add(resolver.resolveRef(ref, item.package_name, unit, diagnostics));
  item.depends_on = { nodes: ids, macros: item.depends_on.macros };
}

/** parent_map and child_map over every node, source and exposure, sorted as dbt writes them. */
export function buildMaps(
  ids: string[],
  edges: Array<{ child: string; parents: string[] }>,
): { parent_map: Record<string, string[]>; child_map: Record<string, string[]> } {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of ids) {
    parents.set(id, []);
    children.set(id, []);
  }
  for (const { child, parents: list } of edges) {
    parents.set(child, [...list]);
    for (const parent of list) {
      let kids = children.get(parent);
      if (!kids) children.set(parent, (kids = []));
      kids.push(child);
    }
  }
  const sorted = (map: Map<string, string[]>) => {
    const out: Record<string, string[]> = {};
    for (const key of [...map.keys()].sort()) out[key] = map.get(key)!.sort();
    return out;
  };
  return { parent_map: sorted(parents), child_map: sorted(children) };
}
