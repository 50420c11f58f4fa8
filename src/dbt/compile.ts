// Orchestrates a compile: finds the dbt projects in a file map, parses each compile unit (a project and its
// local packages), builds nodes, resolves refs across the graph. Pure: the caller hands in files and options.
import type {
  CompileOptions,
  Diagnostic,
  DocBlock,
  Exposure,
  FileMap,
  Graph,
  GraphNode,
  Group,
  ParseCache,
  ProjectInfo,
  SourceTable,
  TestNode,
  MacroEntry,
  SemanticResource,
  UnitTest,
} from './types.js';
import { discoverProjects, owningRoot } from './discover.js';
import {
  DBT_1_11,
  FUNCTIONS_SINCE,
  LATEST_SEMANTIC_SPEC_SINCE,
  STATIC_SHORTCUT_UNTIL,
  staticConfigStyle,
  testArgumentsProperty,
} from './manifest/manifest-shape.js';
import { compileUnit } from './compile-unit.js';
import { addOutsideFiles } from './project-files.js';
import { buildMaps, linkDependencies, RefResolver, type ResolveUnit } from './resolve.js';
import { linkManifestOnly } from './manifest/manifest-links.js';
import { firstOfEachId } from './unique-nodes.js';
import { renderValue, type JinjaContext } from './jinja/index.js';
import { isRecord } from './yaml/yaml.js';
import { ambiguousRelations } from './relation-check.js';
import { relationQuoting } from './relation.js';
import { projectSelectors } from './selectors.js';
import { compileTarget } from './compile-target.js';
import { unusedConfigPaths, usedFqns } from './unused-config.js';

const DEFAULT_MAX_FILE_CHARS = 1024 * 1024;
/** What `target` holds while profiles.yml renders (dbt's profile renderer has no target yet). */

/** A cache that forgets everything: used when the caller passes none. */
const noCache: ParseCache = { get: () => undefined, set: () => undefined };

export interface CompileExtras {
  /** Compile only the project in this folder (and its local packages), as `dbt parse` run there would. */
  project?: string;
}

export function compile(files: FileMap, options: CompileOptions & CompileExtras = {}): Graph {
  const diagnostics: Diagnostic[] = [];
  const cache = options.cache ?? noCache;
  const cliVars = options.vars ?? {};
  const env = options.env ?? {};
  const { target, diagnostics: profileDiagnostics } = compileTarget(files, options);
  diagnostics.push(...profileDiagnostics);
  const maxChars = options.maxFileChars ?? DEFAULT_MAX_FILE_CHARS;

  const renderWith = (ctx: JinjaContext, file: string) => (value: unknown, line: number) => {
    const rendered = renderValue(value, ctx);
    for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: line + d.line - 1 });
    return rendered.value;
  };
  // dbt renders dbt_project.yml with `--vars` only (and dbt 1.12's vars.yml under them): a project's own vars are
  // not visible in its own config.
  const projectCtx: JinjaContext = {
    vars: cliVars,
    target,
    env,
    projectName: '',
    renderVars: true,
    missingVarStops: 'dbt_project.yml sees --vars only (and vars.yml)',
  };
  const discovery = discoverProjects(
    files,
    (file, varsFile) =>
      renderWith(
        Object.keys(varsFile).length === 0 ? projectCtx : { ...projectCtx, vars: { ...varsFile, ...cliVars } },
        file,
      ),
    options.project,
  );
  diagnostics.push(...discovery.diagnostics);
  // Before dbt 1.11 there are no user-defined functions: their folder is none of the project's resource paths.
  const udfs = (options.dbtVersion ?? DBT_1_11.version) >= FUNCTIONS_SINCE;
  if (!udfs)
    for (const unit of discovery.units) for (const project of [unit.root, ...unit.packages]) project.functionPaths = [];

  // Bucket files by the project that owns them, once.
  const byRoot = new Map<string, Array<[string, string]>>();
  for (const [path, text] of files) {
    const root = owningRoot(path, discovery.roots);
    if (root === null) continue;
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push([path, text]);
  }
  for (const unit of discovery.units)
    for (const project of [unit.root, ...unit.packages]) addOutsideFiles(project, files, byRoot, diagnostics);

  const enabled: GraphNode[] = [];
  const analyses: GraphNode[] = [];
  const functions: GraphNode[] = [];
  const disabled: GraphNode[] = [];
  const operations: GraphNode[] = [];
  const sources: SourceTable[] = [];
  const disabledSources: SourceTable[] = [];
  const disabledExposures: Exposure[] = [];
  const exposures: Exposure[] = [];
  const groups: Group[] = [];
  const docs: Record<string, DocBlock> = {};
  const projects: ProjectInfo[] = [];
  // Each node's, hook's and exposure's own unit, by identity (a duplicate id in another unit links in its own).
  const unitOf = new Map<GraphNode | Exposure | TestNode, ResolveUnit>();
  const tests: TestNode[] = [];
  const disabledTests: TestNode[] = [];
  const unitTests: UnitTest[] = [];
  const macros: Record<string, MacroEntry> = {};
  const semantic: SemanticResource[] = [];
  const semanticUnit = new Map<SemanticResource, ResolveUnit>();
  const disabledUnitTests: UnitTest[] = [];

  // restrict-access holds wherever a package is used: also where it is linked, compiled with another unit.
  const restricted = new Set(
    discovery.units
      .flatMap((unit) => [unit.root, ...unit.packages])
      .filter((p) => p.raw['restrict-access'] === true)
      .map((p) => p.name),
  );
  for (const unit of discovery.units) {
    const members = [unit.root, ...unit.packages];
    const resolveUnit: ResolveUnit = {
      rootPackage: unit.root.name,
      packages: new Set([...members.map((p) => p.name), ...unit.linkedPackages]),
      hasExternalPackages: unit.externalPackages.length > 0,
      externalPackages: new Set(unit.externalPackages),
      hubPackages: unit.hubPackages,
      externalPackageCount: unit.externalPackages.length,
      restrictedPackages: restricted,
      meshProjects: new Set(unit.meshProjects),
      nodePackageFirst: isRecord(unit.root.raw['flags'])
        ? unit.root.raw['flags']['require_ref_searches_node_package_before_root'] === true
        : false,
    };
    const compiled = compileUnit(unit, byRoot, {
      cliVars,
      target,
      env,
      maxChars,
      cache,
      keepsNodes: options.cache !== undefined,
      tests: options.tests === true,
      staticConfigCalls: staticConfigStyle(options.dbtVersion ?? DBT_1_11.version, unit.root.raw['flags']),
      staticShortcutConfig: (options.dbtVersion ?? DBT_1_11.version) < STATIC_SHORTCUT_UNTIL,
      testArgumentsProperty: testArgumentsProperty(options.dbtVersion ?? DBT_1_11.version, unit.root.raw['flags']),
      dbtVersion: options.dbtVersion ?? DBT_1_11.version,
      // A project written in it is a dbt 1.12 project: read unless an older version is asked for.
      latestSemanticSpec: options.dbtVersion === undefined || options.dbtVersion >= LATEST_SEMANTIC_SPEC_SINCE,
      diagnostics,
    });
    diagnostics.push(...unusedConfigPaths(usedFqns(unit, compiled, options.tests === true)));
    const rootQuoting = isRecord(unit.root.raw['quoting']) ? unit.root.raw['quoting'] : undefined;
    diagnostics.push(...ambiguousRelations(compiled.nodes, target, relationQuoting(target.type, rootQuoting)));
    for (const node of compiled.nodes) {
      unitOf.set(node, resolveUnit);
      // Analyses are nodes of the manifest only (reviews read models, seeds and snapshots); disabled, they are
      // listed under `disabled` like any node.
      if (node.resource_type === 'analysis' && node.config.enabled) analyses.push(node);
      // Functions, likewise, are the manifest's own `functions` (disabled ones under `disabled`).
      else if (node.resource_type === 'function' && node.config.enabled) functions.push(node);
      else (node.config.enabled ? enabled : disabled).push(node);
    }
    for (const operation of compiled.operations) {
      unitOf.set(operation, resolveUnit);
      // A hook disabled by the `models:` config goes to `disabled`, as dbt's add_result_node puts it.
      if (!operation.config.enabled) disabled.push(operation);
      else if (operations.some((o) => o.unique_id === operation.unique_id)) {
        diagnostics.push({
          code: 'duplicate-node',
          severity: 'error',
          message: `${operation.unique_id} is also defined by another project of that name; this one is ignored`,
          file: operation.file,
          line: 1,
        });
      } else operations.push(operation);
    }
    sources.push(...compiled.sources.enabled);
    disabledSources.push(...compiled.sources.disabled);
    for (const exposure of compiled.exposures) {
      if (!exposure.config.enabled) {
        disabledExposures.push(exposure);
        continue;
      }
      unitOf.set(exposure, resolveUnit);
      exposures.push(exposure);
    }
    for (const macro of compiled.macros) macros[macro.unique_id] ??= macro;
    for (const resource of compiled.semantic) {
      semanticUnit.set(resource, resolveUnit);
      semantic.push(resource);
    }
    for (const test of compiled.unitTests) {
      // Two enabled tests of one id stop dbt; disabled ones are listed side by side (add_disabled).
      const list = test.config['enabled'] === false ? disabledUnitTests : unitTests;
      if (list === unitTests && unitTests.some((t) => t.unique_id === test.unique_id)) {
        diagnostics.push({
          code: 'duplicate-unit-test',
          severity: 'error',
          message: `${test.unique_id} is defined twice (dbt stops here); this one is ignored`,
          file: test.file,
          line: test.line,
        });
      } else list.push(test);
    }
    for (const test of compiled.tests) {
      unitOf.set(test, resolveUnit);
      // Disabled by its own config: listed under `disabled`, as dbt's add_disabled does at parse time.
      (test.config['enabled'] !== false ? tests : disabledTests).push(test);
    }
    groups.push(...compiled.groups);
    Object.assign(docs, compiled.docs);
    for (const member of members) {
      const quoting = member.raw['quoting'];
      projects.push({
        name: member.name,
        root: member.root,
        isPackage: member !== unit.root,
        ...(isRecord(quoting) ? { quoting } : {}),
      });
    }
    // An enabled node's group must be declared in its unit (dbt does not check disabled nodes).
    const groupNames = new Set(compiled.groups.map((g) => g.name));
    for (const node of compiled.nodes) {
      if (node.config.enabled && node.config.group !== null && !groupNames.has(node.config.group)) {
        const pos = node.configPositions['group'] ?? { file: node.file, line: 1 };
        diagnostics.push({
          code: 'unknown-group',
          severity: 'error',
          message: `group \`${node.config.group}\` of ${node.unique_id} is not defined`,
          ...pos,
        });
      }
    }
  }

  const nodes = firstOfEachId(enabled, diagnostics);
  // A disabled analysis or function is no node a ref can reach: only the others say "disabled".
  const refable = disabled.filter((node) => node.resource_type !== 'analysis' && node.resource_type !== 'function');
  const resolver = new RefResolver(Object.values(nodes), refable, sources);
  const edges: Array<{ child: string; parents: string[] }> = [];
  for (const item of [...Object.values(nodes), ...operations, ...exposures]) {
    linkDependencies(item, resolver, unitOf.get(item)!, diagnostics, diagnostics);
    edges.push({ child: item.unique_id, parents: item.depends_on.nodes });
  }
  // What only the manifest lists links to the graph's nodes without joining the maps that reviews read.
  const { enabledSemantic, disabledSemantic, analysesById, functionsById, testsById } = linkManifestOnly({
    semantic,
    semanticUnit,
    analyses,
    functions,
    // Functions are built with the tests (the manifest, dbt 1.11+): only then are the calls to them linked.
    operations: options.tests === true && udfs ? operations : [],
    nodes: options.tests === true && udfs ? Object.values(nodes) : [],
    tests,
    metricUsers:
      options.tests === true
        ? [...Object.values(nodes).filter((node) => node.metrics !== undefined), ...exposures]
        : [],
    unitOf: (item) => unitOf.get(item)!,
    resolver,
    diagnostics,
  });
  // Read before the graph takes the diagnostics: rendering the file reports into them.
  const selectors = projectSelectors(
    files,
    discovery.units.map((unit) => unit.root.root),
    (file) => renderWith(projectCtx, file),
    diagnostics,
  );
  const graph: Graph = {
    projects,
    nodes,
    sources: Object.fromEntries(sources.map((s) => [s.unique_id, s])),
    exposures: Object.fromEntries(exposures.map((e) => [e.unique_id, e])),
    groups: Object.fromEntries(groups.map((g) => [g.unique_id, g])),
    disabled: {},
    docs,
    external: resolver.external,
    parent_map: {},
    child_map: {},
    diagnostics: distinct(diagnostics),
  };
  for (const node of disabled) (graph.disabled[node.unique_id] ??= []).push(node);
  if (disabledSources.length + disabledExposures.length > 0) {
    const other: Record<string, Array<SourceTable | Exposure>> = {};
    for (const item of [...disabledSources, ...disabledExposures]) (other[item.unique_id] ??= []).push(item);
    graph.disabledResources = other;
  }
  if (operations.length > 0) graph.operations = Object.fromEntries(operations.map((o) => [o.unique_id, o]));
  if (tests.length > 0) graph.tests = testsById;
  if (analyses.length > 0) graph.analyses = analysesById;
  if (functions.length > 0) graph.functions = functionsById;
  if (disabledTests.length > 0) {
    graph.disabledTests = {};
    for (const test of disabledTests) (graph.disabledTests[test.unique_id] ??= []).push(test);
  }
  if (Object.keys(macros).length > 0) graph.macros = macros;
  if (enabledSemantic.length > 0) graph.semantic = Object.fromEntries(enabledSemantic.map((r) => [r.unique_id, r]));
  if (disabledSemantic.length > 0) {
    graph.disabledSemantic = {};
    for (const resource of disabledSemantic) (graph.disabledSemantic[resource.unique_id] ??= []).push(resource);
  }
  if (unitTests.length > 0) graph.unitTests = Object.fromEntries(unitTests.map((t) => [t.unique_id, t]));
  if (selectors !== null) graph.selectors = selectors;
  graph.target = { name: target.name, type: target.type, schema: target.schema, database: target.database };
  if (disabledUnitTests.length > 0) {
    graph.disabledUnitTests = {};
    for (const test of disabledUnitTests) (graph.disabledUnitTests[test.unique_id] ??= []).push(test);
  }
  const ids = [
    ...Object.keys(nodes),
    ...operations.map((o) => o.unique_id),
    ...Object.keys(graph.sources),
    ...Object.keys(graph.exposures),
    ...Object.keys(graph.external),
  ];
  Object.assign(graph, buildMaps(ids, edges));
  return graph;
}

/**
 * Each problem once: a text shared by many nodes (a hook set in dbt_project.yml) reports its problem with every
 * node built from it, and nodes reused from the memo replay theirs.
 */
function distinct(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.severity}\0${d.file}\0${d.line ?? ''}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
