// One compile unit (a root project and its local packages) -> nodes, sources, exposures and groups: files are
// sorted by kind under each project's resource paths, parsed through the cache, and built with the unit's vars.
import type { Diagnostic, DocBlock, Exposure, GraphNode, Group, ParseCache, SourceTable, TestNode } from './types.js';
import { buildGenericTests } from './tests/generic-tests.js';
import type { StaticConfigStyle } from './jinja/static-config.js';
import { buildSingularTests } from './tests/singular-tests.js';
import { testDefinitions, type TestDefinition } from './tests/test-macros.js';
import { checkMicrobatch } from './microbatch.js';
import { renderedCalls } from './tests/test-body.js';
import type { CompileUnit } from './discover.js';
import { buildOperations } from './operations.js';
import { buildProjectNodes, type ProjectScope } from './build.js';
import { namingOverrides } from './naming.js';
import { manifestOnly } from './manifest/manifest-only.js';
import { schemaRenderer } from './schema-render.js';
import { buildExposures, buildGroups, type ResourceScope } from './resources.js';
import { applySourceOverrides } from './source-overrides.js';
import { buildSources } from './source-tables.js';
import { sparkSourceDatabases } from './relation-check.js';
import { sortProjectFiles, resourcePathsOf, under, type Parsed } from './project-files.js';
import {
  holdsJinja,
  mayRender,
  renderValue,
  scanPython,
  scanSql,
  type JinjaContext,
  type ScanResult,
} from './jinja/index.js';
import { docCalls } from './jinja/doc-calls.js';
import type { ProjectFile } from './project.js';
import { pathFrom } from './text.js';
import { noItems } from './empty.js';
import { aliasesOf } from './adapter-aliases.js';
import { adapterFieldOrder } from './adapter-configs.js';
import { fingerprint, keyText, macroId, unitMacros, varsFor } from './unit-inputs.js';
import { DBT_MACROS } from './jinja/context-names.js';
import { buildMacroEntries } from './macro-entries.js';
import { testNamespaces } from './tests/test-namespace.js';
import { MACRO_PACKAGES } from './package-guess.js';

export interface UnitEnv {
  cliVars: Record<string, unknown>;
  target: JinjaContext['target'];
  env: Record<string, string>;
  maxChars: number;
  cache: ParseCache;
  /** Whether built nodes are worth keeping in the cache (a caller's cache, not the one that forgets). */
  keepsNodes: boolean;
  /** Whether to build test nodes (CompileOptions.tests). */
  tests: boolean;
  /** How config() calls are recorded in unrendered_config (manifest-shape.ts staticConfigStyle). */
  staticConfigCalls: StaticConfigStyle | null;
  /** not_null/unique tests configured by get_static_config (dbt before 1.10; TestScope). */
  staticShortcutConfig: boolean;
  /** Whether a test's `arguments:` holds its arguments (manifest-shape.ts testArgumentsProperty; TestScope). */
  testArgumentsProperty: boolean;
  /** The dbt version compiled for (CompileOptions.dbtVersion, as ManifestShape.version). */
  dbtVersion: number;
  /** Whether dbt 1.12's latest semantic layer spec is read: for 1.12+, and when no version was asked for. */
  latestSemanticSpec: boolean;
  diagnostics: Diagnostic[];
}

/** What dbt's context for test configs provides (BaseContext and Jinja's globals): a macro of that name is not called. */
const TEST_CONFIG_CONTEXT: ReadonlySet<string> = new Set(
  'var env_var return set set_strict zip zip_strict log print fromjson tojson fromyaml toyaml local_md5 diff_of_two_dicts try_or_compiler_error range dict namespace lipsum cycler joiner'.split(
    ' ',
  ),
);

export function compileUnit(unit: CompileUnit, byRoot: Map<string, Array<[string, string]>>, env: UnitEnv) {
  const { diagnostics, cache } = env;
  // The adapter's aliases of config keys, for config layers, source entries and the static-parser check alike.
  const configAliases = aliasesOf(env.target.type);
  const adapterFields = adapterFieldOrder(env.target.type);
  const members = [unit.root, ...unit.packages];
  // Doc blocks by `<package>\0<name>`, and by `\0<name>` the first of that name in any package.
  const docs = new Map<string, DocBlock>();
  const macros = unitMacros(unit, byRoot, env.maxChars, env.diagnostics);
  const projectText = (project: ProjectFile): string =>
    (byRoot.get(project.root) ?? []).find(([path]) => path === project.file)?.[1] ?? JSON.stringify(project.raw);
  // dbt's target also names itself and the profile it comes from: the root project's `profile:` (RuntimeConfig's
  // to_target_dict), which a macro may branch on (`target.profile_name == 'ci'`).
  // Unless it is Jinja (`profile: "{{ env_var('P') }}"`), which is left unknown.
  const profileName = unit.root.raw['profile'];
  const target: JinjaContext['target'] = {
    ...env.target,
    target_name: env.target.name,
    ...(typeof profileName === 'string' && !profileName.includes('{') ? { profile_name: profileName } : {}),
  };
  const allPackagesHere = unit.externalPackages.length === 0 && unit.missingLocalPackages.length === 0;
  const prepared = members.map((project) => {
    // Property files and descriptions render without macros (dbt's schema YAML context has none).
    const ctx: JinjaContext = {
      vars: varsFor(project, unit.root, env.cliVars),
      target,
      env: env.env,
      projectName: unit.root.name,
      allPackagesHere,
    };
    // Property files and descriptions read vars with dbt's ConfiguredVar, which stops on a missing one (only a
    // node's own context, ParseVar, gives none); a generic test's arguments are rendered in the test's context.
    const yamlCtx: JinjaContext = { ...ctx, missingVarStops: 'property files read vars strictly (ConfiguredVar)' };
    const ctxId = fingerprint(keyText(yamlCtx));
    // SQL and Python run the unit's macros, unqualified names looked up in the file's own package first.
    // Linked packages too (compiled on their own, as the package an integration_tests project tests): their macros
    // are not in this unit's library, and a call into one is a macro dbt records.
    const externalPackages = new Set([...unit.externalPackages, ...unit.linkedPackages]);
    const scanCtx: JinjaContext = {
      ...ctx,
      macros,
      packageName: project.name,
      externalPackages,
      renderVars: true,
      callsAsWritten: env.staticConfigCalls !== null,
      configAliases,
    };
    // A Set is written `{}` by JSON.stringify: the key lists the packages.
    const scanKey = keyText({ ...scanCtx, externalPackages: [...externalPackages].sort() });
    const scanId = fingerprint(scanKey);
    const yamlPaths = resourcePathsOf(project);
    // Render diagnostics go into the parse result, so that a cached property file still reports them.
    const render = (file: string, into: Diagnostic[]) => (value: unknown, line: () => number) => {
      if (!mayRender(value)) return value;
      const rendered = renderValue(value, yamlCtx);
      const at = rendered.diagnostics.length > 0 ? line() : 0;
      for (const d of rendered.diagnostics) into.push({ ...d, file, line: at + d.line - 1 });
      return rendered.value;
    };
    const sorted = sortProjectFiles(project, byRoot.get(project.root) ?? [], {
      maxChars: env.maxChars,
      cache,
      ctxId,
      render,
      aliases: configAliases,
      analyses: env.tests,
      docs,
      diagnostics,
    });
    return { project, ctx, yamlCtx, scanCtx, scanKey, scanId, yamlPaths, ...sorted };
  });
  applySourceOverrides(prepared, unit.externalPackages, diagnostics);

  const docsKey = fingerprint(JSON.stringify([...docs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  const nodes: GraphNode[] = [];
  const operations: GraphNode[] = [];
  const sources = { enabled: [] as SourceTable[], disabled: [] as SourceTable[] };
  const exposures: Exposure[] = [];
  const groups: Group[] = [];
  const tests: TestNode[] = [];
  const naming = namingOverrides(
    macros,
    prepared[0]!.scanCtx,
    diagnostics,
    (pkg) => prepared.find((p) => p.project.name === pkg)?.scanCtx ?? prepared[0]!.scanCtx,
  );
  // Each project's description renderer (its docs and vars), for its macros' property entries.
  const describers = new Map<ProjectFile, (text: string, file: string, line: () => number) => string>();
  // Each project's SQL scan, for the Jinja in its generic tests' arguments (built after this loop).
  const scans = new Map<ProjectFile, (text: string, path: string, firstLine?: number) => ScanResult>();
  for (const p of prepared) {
    const { project, yamlCtx, scanCtx, scanKey, scanId } = p;
    const scan =
      (kind: 'sql' | 'py') =>
      (text: string, path: string, firstLine = 1): ScanResult => {
        // Several texts can be scanned for one place (a file and a hook set on its line 1; base and head): the
        // length tells most of them apart, so that they do not take turns evicting each other.
        const key = `${kind}\0${scanId}\0${path}\0${firstLine}\0${text.length}`;
        const hit = cache.get(key) as Parsed<ScanResult> | undefined;
        let result = hit?.text === text ? hit.value : undefined;
        if (!result) {
          result = kind === 'sql' ? scanSql(text, scanCtx) : scanPython(text, scanCtx);
          cache.set(key, { text, value: result } satisfies Parsed<ScanResult>, text.length);
        }
        for (const d of result.diagnostics) diagnostics.push({ ...d, file: path, line: d.line + firstLine - 1 });
        return result;
      };
    // dbt's doc lookup: the named package; else the root project, the node's package, then any package.
    const resolveDoc = (name: string, pkg: string | null): DocBlock | undefined =>
      pkg !== null
        ? docs.get(`${pkg}\0${name}`)
        : (docs.get(`${unit.root.name}\0${name}`) ?? docs.get(`${project.name}\0${name}`) ?? docs.get(`\0${name}`));
    const docContents = (name: string, pkg: string | null) => resolveDoc(name, pkg)?.block_contents;
    const docBlocks = (text: string): string[] => {
      // doc() is Jinja: text without a brace calls none (most descriptions).
      if (!text.includes('{')) return noItems();
      const ids: string[] = [];
      for (const call of docCalls(text)) {
        const found = resolveDoc(call.name, call.package);
        if (found) ids.push(found.unique_id);
      }
      return ids;
    };
    // The line is asked for only when there is Jinja to render (most descriptions are plain text).
    const describe = (text: string, file: string, line: () => number): string => {
      // dbt renders descriptions as text (not natively): a text without Jinja stays as written, newline and all.
      if (!holdsJinja(text)) return text;
      const rendered = renderValue(text, yamlCtx, docContents, undefined, false);
      const at = rendered.diagnostics.length > 0 ? line() : 0;
      for (const d of rendered.diagnostics) diagnostics.push({ ...d, file, line: at + d.line - 1 });
      return typeof rendered.value === 'string' ? rendered.value : text;
    };
    describers.set(project, describe);
    const resourcePath = (file: string) => {
      const rel = pathFrom(project.root, file);
      return under(p.yamlPaths, rel)?.rest ?? rel;
    };
    // Looked up only for snapshots defined in YAML (rare): the index is made on the first one.
    let filesByPath: Map<string, string> | null = null;
    const fileText = (path: string) => (filesByPath ??= new Map(byRoot.get(project.root) ?? [])).get(path);
    // A hook set once in dbt_project.yml applies to every model under it, at one place: it is scanned once. Its
    // diagnostics are reported with every node (a node memo replays what its build reported; compile() keeps each
    // problem once). Only such texts are kept: a model file's scan is garbage once its node is built.
    const shared = new Map<string, ScanResult>();
    const scanShared = (text: string, path: string, line: number): ScanResult => {
      const key = `${path}\0${line}\0${text}`;
      const known = shared.get(key);
      if (known === undefined) {
        const result = scan('sql')(text, path, line);
        shared.set(key, result);
        return result;
      }
      for (const d of known.diagnostics) diagnostics.push({ ...d, file: path, line: d.line + line - 1 });
      return known;
    };
    const scope: ProjectScope = {
      project,
      root: unit.root,
      modelFiles: p.modelFiles,
      analysisFiles: env.tests ? p.analysisFiles : null,
      functionFiles: env.tests ? p.functionFiles : null,
      seedFiles: p.seedFiles,
      snapshotBlocks: p.snapshotBlocks,
      patches: p.propertyFiles.flatMap((f) => f.patches),
      scanSql: scan('sql'),
      scanPython: scan('py'),
      scanShared,
      describe,
      docBlocks,
      resourcePath,
      fileText,
      diagnostics,
      cache: env.keepsNodes ? cache : null,
      staticConfigCalls: env.staticConfigCalls,
      configAliases,
      adapterFields,
      // The dbt_project.yml texts, not just their values: a node keeps lines of them (where a config was set).
      memoKey: fingerprint(
        JSON.stringify([projectText(project), projectText(unit.root), scanKey, docsKey, env.staticConfigCalls]),
      ),
    };
    scans.set(project, scope.scanSql);
    const built = buildProjectNodes(scope);
    if (env.tests)
      tests.push(
        ...buildSingularTests({
          project,
          root: unit.root,
          files: byRoot.get(project.root) ?? [],
          scanSql: scope.scanSql,
          maxChars: env.maxChars,
          propertyFiles: p.propertyFiles,
          describe: (text, file, line) => describe(text, file, () => line),
          staticConfigCalls: env.staticConfigCalls,
          configAliases,
          diagnostics,
        }),
      );
    const hooks = buildOperations(scope, projectText(project));
    // dbt names every node's relation with the root project's generate_*_name macros, in the root's context.
    naming.nodes([...built, ...hooks]);
    nodes.push(...built);
    operations.push(...hooks);
    const resourceScope: ResourceScope = {
      project,
      root: unit.root,
      resourcePath,
      describe,
      docBlocks,
      scanSql: scope.scanSql,
      dbtVersion: env.dbtVersion,
      diagnostics,
    };
    for (const file of p.propertyFiles) {
      const built = buildSources(resourceScope, file);
      if (env.target.type === 'spark') diagnostics.push(...sparkSourceDatabases(built.enabled));
      sources.enabled.push(...built.enabled);
      sources.disabled.push(...built.disabled);
      exposures.push(...buildExposures(resourceScope, file));
      groups.push(...buildGroups(resourceScope, file));
    }
  }
  checkMicrobatch(nodes, {
    dbtVersion: env.dbtVersion,
    flags: unit.root.raw['flags'],
    ownStrategy: macros.find('get_incremental_microbatch_sql', unit.root.name) !== undefined,
    diagnostics,
  });
  // Generic tests once every node of the unit is built: one in a package can be attached to a node of another.
  const testMacros = env.tests ? testDefinitions(unit, byRoot) : new Map<string, TestDefinition[]>();
  // The manifest's macros, with what each may call: the generic tests' namespaces follow them.
  const macroEntries = env.tests
    ? buildMacroEntries({
        unit,
        byRoot,
        propertyFiles: new Map(prepared.map((p) => [p.project, p.propertyFiles])),
        adapter: env.target.type,
        describe: (project, text, file, line) =>
          (describers.get(project) ?? ((t: string) => t))(text, file, () => line),
        diagnostics,
      })
    : [];
  const testNamespace = testNamespaces(macroEntries);
  const renderSaid = new Set<string>();
  for (const { project, ctx, propertyFiles } of env.tests ? prepared : []) {
    const scanSql = scans.get(project)!;
    const whereSubquery = macroId(macros.find('get_where_subquery', project.name), 'get_where_subquery');
    let fileTexts: Map<string, string> | undefined;
    tests.push(
      ...buildGenericTests({
        project,
        root: unit.root,
        staticConfigCalls: env.staticConfigCalls,
        staticShortcutConfig: env.staticShortcutConfig,
        testArgumentsProperty: env.testArgumentsProperty,
        fileText: (file) => {
          fileTexts ??= new Map(byRoot.get(project.root) ?? []);
          return fileTexts.get(file);
        },
        propertyFiles,
        nodes,
        adapter: env.target.type,
        whereSubquery,
        externalPackages: unit.externalPackages,
        repositoryPackages: new Set([unit.root.name, ...unit.packages.map((p) => p.name)]),
        linkedPackages: new Set(unit.linkedPackages),
        // dbt's MacroResolver: the test's own package, then the root project, then any other package.
        testMacro: (macro) => {
          const defined = testMacros.get(macro) ?? [];
          const found =
            defined.find((d) => d.project.name === project.name) ??
            defined.find((d) => d.project.name === unit.root.name) ??
            defined[0];
          if (found === undefined) return null;
          // Its `config()` calls of literals, scanned as SQL config() calls are, in the defining project's context.
          const scanDefinition = scans.get(found.project)!;
          const configs = () =>
            found.configTags.flatMap((tag) =>
              scanDefinition(tag.text, tag.file, tag.line).configs.map((call) => ({
                values: call.values,
                pos: { file: tag.file, line: tag.line + call.line - 1 },
              })),
            );
          return { package: found.project.name, id: `macro.${found.project.name}.${macro}`, configs };
        },
        render: schemaRenderer(ctx, diagnostics),
        calls: renderedCalls(scanSql, diagnostics, renderSaid),
        testNamespace: (id) => testNamespace(id, whereSubquery),
        isMacro: (name, namespace) =>
          namespace === null
            ? !TEST_CONFIG_CONTEXT.has(name) &&
              (macros.find(name, project.name) !== undefined ||
                macros.definedIn(name).length > 0 ||
                DBT_MACROS.has(name))
            : namespace === 'dbt' ||
              macros.namespace(namespace) !== undefined ||
              unit.externalPackages.includes(namespace) ||
              MACRO_PACKAGES.has(namespace),
        diagnostics,
      }),
    );
  }
  // Named as models are, by the root's generate_*_name macros in the root's context.
  naming.tests(tests);
  // What only the manifest lists, once every node is built and named.
  const extra = env.tests
    ? manifestOnly({
        unit,
        byRoot,
        prepared,
        nodes,
        target: env.target,
        describers,
        latestSemanticSpec: env.latestSemanticSpec,
        diagnostics,
      })
    : { unitTests: [], semantic: [] };
  const docBlocksById: Record<string, DocBlock> = {};
  for (const [key, block] of docs) if (!key.startsWith('\0')) docBlocksById[block.unique_id] = block;
  return {
    nodes,
    operations,
    sources,
    exposures,
    groups,
    tests,
    ...extra,
    macros: macroEntries,
    docs: docBlocksById,
    skippedFqns: prepared.flatMap((p) => p.skippedFqns),
  };
}
