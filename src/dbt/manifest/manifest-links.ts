// What only the manifest lists (semantic resources, analyses, tests), linked to the graph's nodes once they are
// known: dependencies resolved as dbt resolves them, duplicates reported, nothing added to the maps reviews read.
import type { Diagnostic, Exposure, GraphNode, NamedCall, SemanticResource, TestNode } from '../types.js';
import { linkDependencies, type RefResolver, type ResolveUnit } from '../resolve.js';
import { linkSemantic } from '../semantic/semantic-link.js';
import { firstOfEachId } from '../unique-nodes.js';

export interface ManifestOnlyInput {
  semantic: SemanticResource[];
  semanticUnit: ReadonlyMap<SemanticResource, ResolveUnit>;
  /** Enabled analyses (disabled ones are among the graph's disabled nodes). */
  analyses: GraphNode[];
  /** Enabled user-defined functions (dbt 1.11+; disabled ones are among the graph's disabled nodes). */
  functions: GraphNode[];
  /** The graph's enabled nodes and hooks, whose `function()` calls the manifest links (only when it builds functions). */
  nodes: GraphNode[];
  operations: GraphNode[];
  tests: TestNode[];
  /** Nodes and exposures whose `metric()` calls the manifest links (only when MetricFlow's resources are built). */
  metricUsers: Array<Exposure | GraphNode>;
  unitOf: (item: GraphNode | TestNode | Exposure) => ResolveUnit;
  resolver: RefResolver;
  diagnostics: Diagnostic[];
}

export function linkManifestOnly({
  semantic,
  semanticUnit,
  analyses,
  functions,
  nodes,
  operations,
  tests,
  metricUsers,
  unitOf,
  resolver,
  diagnostics,
}: ManifestOnlyInput): {
  enabledSemantic: SemanticResource[];
  disabledSemantic: SemanticResource[];
  analysesById: Record<string, GraphNode>;
  functionsById: Record<string, GraphNode>;
  testsById: Record<string, TestNode>;
} {
  // MetricFlow's resources link to the nodes, and to each other (semantic-link.ts); like tests, only the manifest
  // lists them.
  // Disabled ones are listed under `disabled`; two enabled ones of one id stop dbt (the second is ignored here).
  const enabledSemantic: SemanticResource[] = [];
  const disabledSemantic: SemanticResource[] = [];
  const enabledIds = new Set<string>();
  for (const resource of semantic) {
    if (resource.config['enabled'] === false) disabledSemantic.push(resource);
    else if (enabledIds.has(resource.unique_id))
      diagnostics.push({
        code: 'duplicate-node',
        severity: 'error',
        message: `${resource.unique_id} is defined twice (dbt stops here); this one is ignored`,
        file: resource.file,
        line: resource.line,
      });
    else {
      enabledIds.add(resource.unique_id);
      enabledSemantic.push(resource);
    }
  }
  linkSemantic(enabledSemantic, resolver, (r) => semanticUnit.get(r)!, diagnostics);
  const analysesById = firstOfEachId(analyses, diagnostics, (analysis) =>
    linkDependencies(analysis, resolver, unitOf(analysis), diagnostics, diagnostics),
  );
  // After the analyses' refs and sources, as for every node (dbt's process_metrics walks all manifest nodes).
  const analysisUsers = Object.values(analysesById).filter((analysis) => analysis.metrics !== undefined);
  linkMetricCalls([...metricUsers, ...analysisUsers], enabledSemantic, unitOf, diagnostics);
  // A function's refs are its dependencies; its sources are listed but, in dbt 1.11, not among them (dbt-core
  // #12850).
  const functionsById = firstOfEachId(functions, diagnostics, (fn) => {
    linkDependencies(fn, resolver, unitOf(fn), diagnostics, diagnostics);
    const nodes = fn.depends_on.nodes.filter((id) => !id.startsWith('source.'));
    if (nodes.length !== fn.depends_on.nodes.length) fn.depends_on = { macros: fn.depends_on.macros, nodes };
  });
  const kept = Object.values(functionsById);
  linkCalls(
    [...nodes, ...operations, ...Object.values(analysesById), ...kept],
    (user) => user.functions,
    kept,
    unitOf,
    (user, call) => functionNotFound(user.unique_id, call),
    'unknown-function',
    diagnostics,
  );
  // Tests link like any node (their refs and sources), but stay out of the maps that reviews read.
  const testsById: Record<string, TestNode> = {};
  for (const test of tests) {
    if (testsById[test.unique_id]) {
      diagnostics.push({
        code: 'duplicate-node',
        severity: 'error',
        message: `${test.unique_id} is defined twice (the same test with the same arguments); dbt refuses the second`,
        file: test.file,
        line: test.line,
      });
      continue;
    }
    linkTest(test, resolver, unitOf(test), diagnostics);
    testsById[test.unique_id] = test;
  }
  // A singular test's function() calls, as any node's (only where functions are built: then `nodes` is given).
  if (nodes.length > 0)
    linkCalls(
      Object.values(testsById),
      (test) => test.functions,
      kept,
      unitOf,
      (test, call) => functionNotFound(test.unique_id, call),
      'unknown-function',
      diagnostics,
    );
  return { enabledSemantic, disabledSemantic, analysesById, functionsById, testsById };
}

/**
 * A test's dependencies, resolved as dbt's process_refs / process_sources do for tests: a ref or source that
 * leads nowhere (a disabled or missing node) is no error but disables the test, which stays among the nodes
 * without that dependency; dbt warns.
 */
function linkTest(test: TestNode, resolver: RefResolver, unit: ResolveUnit, diagnostics: Diagnostic[]): void {
  // The resolver reports only what leads nowhere: what it reports here is why the test is disabled.
  const missing: Diagnostic[] = [];
  // A ref the access rules forbid stops dbt: it is reported, and does not disable the test.
  linkDependencies(test, resolver, unit, missing, diagnostics);
  if (missing.length === 0) return;
  test.config = { ...test.config, enabled: false };
  diagnostics.push({
    code: 'test-target-missing',
    severity: 'warning',
    message: `${test.unique_id} is disabled, as dbt disables it: ${missing.map((d) => d.message).join('; ')}`,
    file: test.file,
    line: test.line,
  });
}

/**
 * The metrics nodes and exposures name (`{{ metric('m') }}`, `depends_on: [metric('m')]`), added after their other
 * dependencies as dbt's process_metrics adds them. A metric that is missing or disabled is an error where dbt stops.
 */
function linkMetricCalls(
  users: Array<Exposure | GraphNode>,
  semantic: SemanticResource[],
  unitOf: (item: Exposure | GraphNode) => ResolveUnit,
  diagnostics: Diagnostic[],
): void {
  const metrics = semantic.filter((resource) => resource.kind === 'metric');
  linkCalls(
    users,
    (user) => user.metrics,
    metrics,
    unitOf,
    (user, call) =>
      `${user.unique_id} depends on metric(${call.package === null ? `'${call.name}'` : `'${call.package}', '${call.name}'`}), which matches no enabled metric`,
    'unknown-metric',
    diagnostics,
  );
}

/** dbt's TargetNotFoundError for a function. */
const functionNotFound = (id: string, call: NamedCall) =>
  `${id} depends on a function named '${call.name}'${call.package === null ? '' : ` in package '${call.package}'`} which was not found`;

/**
 * Calls that name a resource (`metric('m')`, `function('f')`), added to the caller's depends_on after its other
 * dependencies: found as dbt's resolve_metric / resolve_function find one (the package named, else the root
 * project, the caller's package, then any). One that is not there is an error where dbt stops, a warning when
 * packages not in the repository may hold it. A new depends_on is made, so the graph's own maps (which reviews read)
 * keep the refs and sources alone.
 */
function linkCalls<U extends { package_name: string; depends_on: { nodes: string[] } }>(
  users: U[],
  callsOf: (user: U) => NamedCall[] | undefined,
  targets: ReadonlyArray<{ name: string; package_name: string; unique_id: string }>,
  unitOf: (user: U) => ResolveUnit,
  missing: (user: U, call: NamedCall) => string,
  code: string,
  diagnostics: Diagnostic[],
): void {
  for (const user of users) {
    const calls = callsOf(user);
    if (calls === undefined) continue;
    const unit = unitOf(user);
    const nodes = [...user.depends_on.nodes];
    for (const call of calls) {
      const named = targets.filter((target) => target.name === call.name);
      const found =
        call.package !== null
          ? named.find((target) => target.package_name === call.package)
          : (named.find((target) => target.package_name === unit.rootPackage) ??
            named.find((target) => target.package_name === user.package_name) ??
            named[0]);
      if (found === undefined)
        diagnostics.push({
          code,
          severity: unit.hasExternalPackages ? 'warning' : 'error',
          message: missing(user, call),
          file: call.pos.file,
          line: call.pos.line,
        });
      else if (!nodes.includes(found.unique_id)) nodes.push(found.unique_id);
    }
    user.depends_on = { ...user.depends_on, nodes };
  }
}
