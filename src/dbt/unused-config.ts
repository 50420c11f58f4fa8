// dbt's warning for dbt_project.yml config paths that apply to no resource ("Configuration paths exist in your
// dbt_project.yml file which do not apply to any resources"): a `+meta: {owner: ...}` under a misspelt folder sets
// nothing, and nothing else says so. As RuntimeConfig.get_unused_resource_config_paths: the root project's trees
// only; a path holds configs at its level (a `+key` or a value that is no dict); it is used when some resource of
// its type, or any disabled resource, has an fqn that starts with it.
import type { compileUnit } from './compile-unit.js';
import type { CompileUnit } from './discover.js';
import type { ProjectFile } from './project.js';
import type { Diagnostic } from './types.js';
import { isRecord } from './yaml/yaml.js';

/** dbt_project.yml's config trees as dbt names them in the warning, with ours (ProjectFile.configs). */
const TREES = {
  models: 'models',
  seeds: 'seeds',
  snapshots: 'snapshots',
  sources: 'sources',
  exposures: 'exposures',
  data_tests: 'tests',
  unit_tests: 'unit_tests',
  metrics: 'metrics',
  semantic_models: 'semantic_models',
  saved_queries: 'saved_queries',
} as const satisfies Record<string, keyof ProjectFile['configs']>;

export type ResourceKind = keyof typeof TREES;

export interface UnusedConfigInput {
  root: ProjectFile;
  /** fqns of the unit's resources by kind; a kind left out was not built, and its tree is not judged. */
  fqns: Partial<Record<ResourceKind, Iterable<readonly string[]>>>;
  /** fqns of every disabled resource: dbt counts them for every tree. */
  disabled: Iterable<readonly string[]>;
  /**
   * Where files skipped unread (over the size cap) would have put resources, for one tree or (null) any: every path
   * of that tree under one is not judged.
   */
  unread: ReadonlyArray<{ fqn: readonly string[]; tree: ResourceKind | null }>;
  /** The names of the projects compiled with the root (the root's and its packages'). */
  compiledPackages: ReadonlySet<string>;
  /**
   * Whether packages whose resources are not here may exist (installed from outside, and the packages they pull in
   * with names of their own; compiled on their own; a local one not found): a path that starts with another name
   * may be theirs, and is not judged.
   */
  othersUnseen: boolean;
}

/** dbt's _get_config_paths: the paths (keys from the tree's top) of the levels that set a config. */
function configPaths(level: Record<string, unknown>, path: string[], out: string[][]): string[][] {
  let sets = false;
  for (const key in level) {
    const value = level[key];
    if (isRecord(value) && !key.startsWith('+')) configPaths(value, [...path, key], out);
    else sets = true;
  }
  if (sets) out.push(path);
  return out;
}

const joined = (parts: readonly string[]) => parts.join('\0');

/** The tree's key in dbt_project.yml: `semantic-models`, `saved-queries`; `data_tests`, or the older `tests`. */
function projectKey(kind: ResourceKind, root: ProjectFile): string {
  if (kind === 'semantic_models') return 'semantic-models';
  if (kind === 'saved_queries') return 'saved-queries';
  if (kind === 'data_tests') return root.raw['data_tests'] !== undefined ? 'data_tests' : 'tests';
  return kind;
}

export function unusedConfigPaths(input: UnusedConfigInput): Diagnostic[] {
  const { root } = input;
  const out: Diagnostic[] = [];
  let disabled: string[][] | null = null;
  for (const [kind, tree] of Object.entries(TREES) as Array<[ResourceKind, (typeof TREES)[ResourceKind]]>) {
    const fqns = input.fqns[kind];
    if (fqns === undefined) continue;
    const config = root.configs[tree];
    const paths = configPaths(config.raw, [], []).filter(
      // The top level applies to the unseen packages' resources too (their seeds, say).
      (p) => !input.othersUnseen || (p.length > 0 && input.compiledPackages.has(p[0]!)),
    );
    if (paths.length === 0) continue;
    const depth = Math.max(...paths.map((p) => p.length));
    const used = new Set<string>();
    const add = (fqn: readonly string[]) => {
      for (let n = 0; n <= Math.min(depth, fqn.length); n++) used.add(joined(fqn.slice(0, n)));
    };
    for (const fqn of fqns) add(fqn);
    for (const fqn of (disabled ??= [...input.disabled].map((f) => [...f]))) add(fqn);
    const unread = input.unread.filter((u) => u.tree === null || u.tree === kind).map((u) => u.fqn);
    for (const fqn of unread) add(fqn);
    for (const path of paths) {
      if (used.has(joined(path))) continue;
      if (unread.some((prefix) => prefix.length <= path.length && prefix.every((k, i) => path[i] === k))) continue;
      // The line of the path's last key, or of the tree itself for its top level.
      let line = config.lines.key(root.raw, projectKey(kind, root));
      let level: Record<string, unknown> = config.raw;
      for (const key of path) {
        line = config.lines.key(level, key, line);
        const next = level[key];
        if (!isRecord(next)) break;
        level = next;
      }
      const name = [kind, ...path].join('.');
      out.push({
        code: 'unused-config-path',
        severity: 'warning',
        message: `\`${name}\` applies to no resource, so the configs under it set nothing (dbt warns: "Configuration paths exist in your dbt_project.yml file which do not apply to any resources")`,
        file: config.file,
        line,
      });
    }
  }
  return out;
}

/** What unusedConfigPaths judges a unit's root trees against: tests and MetricFlow resources only when built. */
export function usedFqns(
  unit: CompileUnit,
  compiled: ReturnType<typeof compileUnit>,
  built: boolean,
): UnusedConfigInput {
  const enabled = (r: { config: { enabled?: unknown } }) => r.config.enabled !== false;
  const fqns = (items: ReadonlyArray<{ fqn: string[] }>) => items.map((r) => r.fqn);
  const nodes = (type: string) => fqns(compiled.nodes.filter((n) => n.resource_type === type && enabled(n)));
  const semantic = (kind: string) => fqns(compiled.semantic.filter((r) => r.kind === kind && enabled(r)));
  const all = [
    ...compiled.nodes,
    ...compiled.operations,
    ...compiled.sources.disabled,
    ...compiled.exposures,
    ...compiled.tests,
    ...compiled.unitTests,
    ...compiled.semantic,
  ];
  return {
    root: unit.root,
    fqns: {
      models: nodes('model'),
      seeds: nodes('seed'),
      snapshots: nodes('snapshot'),
      sources: fqns(compiled.sources.enabled),
      exposures: fqns(compiled.exposures.filter(enabled)),
      ...(built
        ? {
            data_tests: fqns(compiled.tests.filter(enabled)),
            unit_tests: fqns(compiled.unitTests.filter(enabled)),
            metrics: semantic('metric'),
            semantic_models: semantic('semantic_model'),
            saved_queries: semantic('saved_query'),
          }
        : {}),
    },
    disabled: fqns(all.filter((r) => !enabled(r))),
    unread: compiled.skippedFqns,
    compiledPackages: new Set([unit.root.name, ...unit.packages.map((p) => p.name)]),
    othersUnseen: unit.externalPackages.length + unit.linkedPackages.length + unit.missingLocalPackages.length > 0,
  };
}
