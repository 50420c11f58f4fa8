// Resolves every ref and source call to a unique_id as dbt does, and builds depends_on, parent_map and child_map.
// Refs to packages that are not in the repository, and to other dbt projects, become external nodes.
import type { Diagnostic, ExternalNode, GraphNode, RefCall, SourceCall, SourceTable } from './types.js';
import { likelyPackage } from './package-guess.js';

export interface ResolveUnit {
  rootPackage: string;
  /** Packages compiled in this unit (root and local packages). */
  packages: Set<string>;
  /** Whether the unit declares packages that are not in the repository (an unknown ref may come from one). */
  hasExternalPackages: boolean;
  /** Those packages by name: a source the project's override describes is one of theirs (source-overrides.ts). */
  externalPackages?: ReadonlySet<string>;
  /** Those of them from dbt Hub, by project name: an unknown ref may be taken as one's model (package-guess.ts). */
  hubPackages?: readonly string[];
  /** How many packages not in the repository the unit declares, from dbt Hub or elsewhere. */
  externalPackageCount?: number;
  /** Packages of the unit whose dbt_project.yml sets `restrict-access: true` (their protected models stay theirs). */
  restrictedPackages?: ReadonlySet<string>;
  /** Other dbt projects the unit depends on (dbt Mesh), whose models it may use only when they are public. */
  meshProjects?: ReadonlySet<string>;
  /**
   * dbt 1.11's flag `require_ref_searches_node_package_before_root` (the root project's `flags:`): an unqualified
   * ref in a package's model looks in that package before the root project.
   */
  nodePackageFirst?: boolean;
}

/** What a ref is made from, for dbt's access checks: a node (with its group), a test, or an exposure (none). */
export interface Referrer {
  unique_id: string;
  package_name: string;
  group?: string | null;
}

export class RefResolver {
  /** package -> name -> nodes (several for a versioned model). */
  private readonly byPackage = new Map<string, Map<string, GraphNode[]>>();
  private readonly disabledNames = new Map<string, Set<string>>();
  private readonly sources = new Map<string, SourceTable>();
  private readonly byId = new Map<string, GraphNode>();
  readonly external: Record<string, ExternalNode> = {};

  constructor(nodes: GraphNode[], disabled: GraphNode[], sources: SourceTable[]) {
    for (const node of nodes) {
      this.byId.set(node.unique_id, node);
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

  /** dbt searches the root project, then the calling node's package (or the other way round), then every package. */
  resolveRef(ref: RefCall, from: string, unit: ResolveUnit, diagnostics: Diagnostic[]): string | null {
    const candidates =
      ref.package !== null
        ? [ref.package]
        : unit.nodePackageFirst
          ? [from, unit.rootPackage]
          : [unit.rootPackage, from];
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
      // dbt stops here (TargetNotFoundError), unless the ref is a test's: a test is disabled instead (linkTest). A
      // ref under a condition parse time could not decide may be one dbt never records: a warning then.
      diagnostics.push({
        code: 'ref-to-disabled',
        severity: ref.certainty === 'static' ? 'error' : 'warning',
        message: `ref('${ref.name}') names a disabled node; it is not a dependency`,
        file: ref.pos.file,
        line: ref.pos.line,
      });
      return null;
    }
    if (ref.package !== null && !this.byPackage.has(ref.package)) {
      // A package that is not committed (dbt_packages/) or another dbt project (dbt Mesh): an external node.
      return this.externalNode(ref.package, ref);
    }
    const hub = unit.hubPackages ?? [];
    const others = (unit.externalPackageCount ?? hub.length) > hub.length;
    const owner = ref.package === null ? likelyPackage(ref.name, hub, others) : null;
    if (owner !== null && !this.byPackage.has(owner)) {
      diagnostics.push({
        code: 'unknown-ref',
        severity: 'warning',
        message: `ref('${ref.name}') matches no node in the repository; taken as a model of package \`${owner}\` (not committed), the package it most likely comes from`,
        file: ref.pos.file,
        line: ref.pos.line,
      });
      return this.externalNode(owner, ref);
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

  private externalNode(pkg: string, ref: RefCall): string {
    const id = `model.${pkg}.${ref.name}${ref.version === null ? '' : `.v${ref.version}`}`;
    this.external[id] ??= { unique_id: id, name: ref.name, package_name: pkg, version: ref.version };
    return id;
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
    for (const pkg of [unit.rootPackage, from, ...unit.packages, ...(unit.externalPackages ?? [])]) {
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

  /** The enabled node of that id, if it is one. */
  nodeOf(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }
}

/**
 * Fills depends_on.nodes (sources first, then refs, as dbt's loader processes them) for a node or exposure. With
 * `access`, refs that dbt's access rules forbid are reported there (dbt's parse stops on them).
 */
export function linkDependencies(
  item: Pick<GraphNode, 'refs' | 'sources' | 'package_name'> & {
    depends_on: { nodes: string[]; macros: Array<string | null> };
  } & Referrer,
  resolver: RefResolver,
  unit: ResolveUnit,
  diagnostics: Diagnostic[],
  access: Diagnostic[] | null = null,
): void {
  const ids: string[] = [];
  const add = (id: string | null) => {
    if (id !== null && !ids.includes(id)) ids.push(id);
  };
  for (const call of item.sources) add(resolver.resolveSource(call, item.package_name, unit, diagnostics));
  for (const ref of item.refs) {
    const id = resolver.resolveRef(ref, item.package_name, unit, diagnostics);
    const target = id === null || access === null ? undefined : resolver.nodeOf(id);
    if (target !== undefined && access !== null) {
      const problem = accessProblem(item, target, unit);
      if (problem !== null) access.push({ ...problem, file: ref.pos.file, line: ref.pos.line });
    }
    add(id);
  }
  item.depends_on = { macros: item.depends_on.macros, nodes: ids };
}

/**
 * dbt's access rules for a ref to a model (is_invalid_private_ref, is_invalid_protected_ref): a private model is
 * for its group (an exposure, or a node of no group, may not use it), and for its own package when the package
 * sets `restrict-access`, which also keeps its protected models to itself. A model of another project the unit
 * depends on (dbt Mesh's `projects:`) must be public; one of a package (local, installed or not) need not.
 */
function accessProblem(
  from: Referrer,
  target: GraphNode,
  unit: ResolveUnit,
): Pick<Diagnostic, 'code' | 'severity' | 'message'> | null {
  if (target.resource_type !== 'model' || from.unique_id === target.unique_id) return null;
  const otherPackage = target.package_name !== from.package_name;
  const restricted = otherPackage && (unit.restrictedPackages?.has(target.package_name) ?? false);
  if (otherPackage && unit.meshProjects?.has(target.package_name) === true && target.access !== 'public') {
    return {
      code: 'cross-project-ref',
      severity: 'error',
      message: `${from.unique_id} refs ${target.unique_id}, which is \`${target.access}\`: another project's models may be referenced only when they are public`,
    };
  }
  if (target.access === 'private') {
    const group = from.group ?? null;
    if (group === null || group !== target.group || restricted) {
      return {
        code: 'private-ref',
        severity: 'error',
        message: `${from.unique_id} refs ${target.unique_id}, which is private to group \`${target.group ?? ''}\`${group === null ? '' : ` (the referrer is in \`${group}\`)`}: dbt stops here`,
      };
    }
  }
  if (target.access === 'protected' && restricted) {
    return {
      code: 'protected-ref',
      severity: 'error',
      message: `${from.unique_id} refs ${target.unique_id}, which is protected in package \`${target.package_name}\` (restrict-access): dbt stops here`,
    };
  }
  return null;
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
