// A node's database, schema and alias as dbt names them: with the generate_database_name, generate_schema_name and
// generate_alias_name macros. dbt's defaults are applied when the manifest is written (manifest.ts); when the
// project overrides one of them (a common pattern: custom schemas used as written, without the target's prefix),
// all three are worked out here, per node, in dbt's order (database, schema, alias: each macro sees the node with
// the names before it), with the arguments dbt passes: the custom name (or none) and the node.
import type { Diagnostic, GraphNode, TestNode } from './types.js';
import { renderTemplate, type JinjaContext, type MacroLibrary, type ScanDiagnostic } from './jinja/index.js';
import { pythonStrip } from './text.js';
import { UNDEFINED, markOpen } from './jinja/values.js';

type Part = 'database' | 'schema' | 'alias';
const PARTS: Part[] = ['database', 'schema', 'alias'];
const MACROS: Record<Part, string> = {
  database: 'generate_database_name',
  schema: 'generate_schema_name',
  alias: 'generate_alias_name',
};

interface Override {
  /** `{{ pkg.macro(custom_name, node) }}`: the macro called by its package, as dbt resolves it. */
  call: string;
  /** The package that defines it, whose vars it reads (dbt's MacroContext of the macro). */
  owner: string;
  path: string;
  line: number;
  /** Answers by custom name, for a macro that never reads the node (most of them): one run per name. */
  byName: Map<string | null, unknown> | null;
}

/** Whether a macro's body reads `name` (a walk of its syntax tree: any node `{k: 'name', name}`). */
function reads(body: unknown, name: string, depth = 0): boolean {
  if (depth > 200 || typeof body !== 'object' || body === null) return false;
  if (Array.isArray(body)) return body.some((item) => reads(item, name, depth + 1));
  const node = body as Record<string, unknown>;
  if (node['k'] === 'name' && node['name'] === name) return true;
  for (const key in node) if (reads(node[key], name, depth + 1)) return true;
  return false;
}

/**
 * The override dbt would run for `part` of a node of `pkg`: the package's own generate_x_name (dbt's
 * RelationUpdate.package_updaters), else the root's, else the root's `<adapter>__` or `default__` version, which
 * dbt's own generate_x_name reaches through adapter.dispatch (the root project is searched before dbt).
 */
function findOverride(macros: MacroLibrary, pkg: string, part: Part, adapter: string): Override | null {
  const macro = MACROS[part];
  const candidates: Array<[string, string]> = [];
  if (pkg !== macros.rootPackage) candidates.push([pkg, macro]);
  const root = macros.rootPackage;
  candidates.push([root, macro], [root, `${adapter}__${macro}`], [root, `default__${macro}`]);
  for (const [owner, name] of candidates) {
    const def = macros.namespace(owner)?.get(name);
    if (!def || def.broken) continue;
    // The node is the second argument, whatever the macro calls it (or one of its varargs).
    const nodeParam = def.params[1]?.name;
    const usesNode = (nodeParam !== undefined && reads(def.body, nodeParam)) || reads(def.body, 'varargs');
    return {
      call: `{{ ${owner}.${name}(custom_name, node) }}`,
      owner,
      path: def.path,
      line: def.line,
      byName: usesNode ? null : new Map(),
    };
  }
  return null;
}

/**
 * Gives the node lists and dicts of its own where it shares the compiler's frozen empty ones (node-config.ts): a
 * macro that is handed the node may change them in place (`node.config.tags.append(...)`), as it may in dbt.
 */
function ownContainers(node: GraphNode): void {
  const config = node.config as Record<string, unknown>;
  for (const key in config) {
    const value = config[key];
    if (value !== null && typeof value === 'object' && Object.isFrozen(value))
      config[key] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
  }
  // As buildNode made them: the node's meta and contract are its config's.
  node.meta = node.config.meta;
  node.contract = node.config.contract;
  if (Object.isFrozen(node.tags)) node.tags = [...node.tags];
}

/**
 * What a macro can read of the node: its parsed fields, as dbt's node object has them when dbt names it. A model
 * that is no version is named while its file is parsed, before its property entry is applied: its description is
 * still empty then. Only a seed has a `root_path` (dbt 1.3+): another node's is Jinja's Undefined.
 */
function nodeArgument(node: GraphNode, names: Record<Part, string>, root: string): Record<string, unknown> {
  ownContainers(node);
  // Open: dbt passes the whole node (docs, contract, columns, refs...); a field not given here is not known.
  return markOpen({
    unique_id: node.unique_id,
    name: node.name,
    resource_type: node.resource_type,
    package_name: node.package_name,
    path: node.path,
    original_file_path: node.original_file_path,
    fqn: node.fqn,
    description: node.version === null ? '' : node.description,
    root_path: node.resource_type === 'seed' ? root || '.' : UNDEFINED,
    tags: node.tags,
    meta: node.meta,
    config: node.config,
    version: node.version,
    latest_version: node.latest_version,
    is_latest_version: node.version !== null && String(node.version) === String(node.latest_version),
    language: node.language,
    group: node.group,
    access: node.access,
    database: names.database,
    schema: names.schema,
    alias: names.alias,
  });
}

/** A resource dbt names: its package (whose overrides apply), its config (the custom names) and its id. */
interface Named {
  package_name: string;
  unique_id: string;
  config: Record<string, unknown>;
}

/**
 * The project's generate_*_name overrides, found once per package, and run for one resource at a time. A name a
 * macro cannot give at parse time keeps dbt's default, and a diagnostic at the macro says so once.
 */
function overrideRunner(
  macros: MacroLibrary,
  ctx: JinjaContext,
  ctxOf: (pkg: string) => JinjaContext,
  diagnostics: Diagnostic[],
) {
  const adapter = ctx.target.type;
  // Looked up once per package (a package's nodes share its overrides), not once per node.
  const found = new Map<string, Record<Part, Override | null>>();
  const overridesOf = (pkg: string): Record<Part, Override | null> => {
    let known = found.get(pkg);
    if (!known) {
      known = {
        database: findOverride(macros, pkg, 'database', adapter),
        schema: findOverride(macros, pkg, 'schema', adapter),
        alias: findOverride(macros, pkg, 'alias', adapter),
      };
      found.set(pkg, known);
    }
    return known;
  };
  const reported = new Set<string>();
  const target = { database: ctx.target.database, schema: ctx.target.schema };
  // dbt runs an override in its package's context (its vars: the package's own and the root's block for it), where
  // var() is the strict RuntimeVar: a var not set and without default stops it.
  const namingCtxs = new Map<string, JinjaContext>();
  const namingCtx = (owner: string): JinjaContext => {
    let known = namingCtxs.get(owner);
    if (!known)
      namingCtxs.set(
        owner,
        (known = { ...ctxOf(owner), missingVarStops: 'dbt names relations with its strict var()' }),
      );
    return known;
  };
  return {
    target,
    /** Whether the resource's package overrides any of the three. */
    overrides: (item: Named): boolean => {
      const override = overridesOf(item.package_name);
      return override.database !== null || override.schema !== null || override.alias !== null;
    },
    /**
     * The three names in dbt's order, each macro handed the resource with the names before it (`argument`);
     * `start` is what the resource is named before dbt names it, `defaults` what dbt's own macros give.
     */
    names: (
      item: Named,
      start: Record<Part, string>,
      defaults: Record<Part, string>,
      argument: (names: Record<Part, string>) => Record<string, unknown>,
    ): Record<Part, string> => {
      const override = overridesOf(item.package_name);
      const names = { ...start };
      for (const part of PARTS) {
        const macro = override[part];
        const custom = item.config[part];
        const customName = typeof custom === 'string' ? custom : null;
        let rendered = macro?.byName?.get(customName);
        if (macro && rendered === undefined) {
          const args = { custom_name: customName, node: argument(names) };
          const problems: ScanDiagnostic[] = [];
          rendered = renderTemplate(macro.call, namingCtx(macro.owner), undefined, problems, args);
          macro.byName?.set(customName, rendered);
          // What stops dbt while it names a node (a var or env var not set, a raise) is said, once per macro.
          for (const problem of problems) {
            if (problem.severity === 'info') continue;
            const key = `${macro.call}\0${problem.code}\0${problem.message}`;
            if (reported.has(key)) continue;
            reported.add(key);
            diagnostics.push({ ...problem, file: macro.path, line: macro.line });
          }
        }
        if (macro && typeof rendered !== 'string' && typeof rendered !== 'number' && !reported.has(macro.call)) {
          reported.add(macro.call);
          diagnostics.push({
            code: 'unevaluated-name',
            severity: 'info',
            message: `${MACROS[part]} cannot be run at parse time for ${item.unique_id}; dbt's default ${part} is written instead`,
            file: macro.path,
            line: macro.line,
          });
        }
        // dbt strips what the macro renders.
        names[part] =
          typeof rendered === 'string' || typeof rendered === 'number' ? pythonStrip(String(rendered)) : defaults[part];
      }
      return names;
    },
  };
}

/**
 * The project's generate_*_name overrides, run for nodes (each node's `relation` gets all three names) and for
 * data tests, which dbt names as it names models (update_parsed_node_config: with a generate_schema_name that uses
 * custom schemas as written, a test's schema is `dbt_test__audit`, not `<target schema>_dbt_test__audit`). One
 * per compile unit: a macro that cannot run at parse time is reported once, whatever it names.
 */
export function namingOverrides(
  macros: MacroLibrary,
  ctx: JinjaContext,
  diagnostics: Diagnostic[],
  /** The context of a package's files (its vars), for the overrides it defines; the root's by default. */
  ctxOf: (pkg: string) => JinjaContext = () => ctx,
) {
  const runner = overrideRunner(macros, ctx, ctxOf, diagnostics);
  const start = (name: string) => ({ database: runner.target.database, schema: runner.target.schema, alias: name });
  return {
    nodes(nodes: GraphNode[]): void {
      for (const node of nodes) {
        if (!runner.overrides(node)) continue;
        // Before dbt names them: the target's database and schema, the node's name.
        const defaults = relationNames({ ...node, relation: undefined }, runner.target);
        node.relation = runner.names(node, start(node.name), defaults, (names) =>
          nodeArgument(node, names, node.projectRoot),
        );
      }
    },
    tests(tests: TestNode[]): void {
      for (const test of tests) {
        if (!runner.overrides(test)) continue;
        const defaults = testRelationNames(test, runner.target);
        test.relation = runner.names(test, start(test.name), defaults, (names) =>
          markOpen({
            unique_id: test.unique_id,
            name: test.name,
            resource_type: 'test',
            package_name: test.package_name,
            path: test.path,
            original_file_path: test.original_file_path,
            fqn: test.fqn,
            // A singular test is named while its file is parsed, before its `data_tests:` entry gives a description.
            description: test.kind === 'singular' ? '' : test.description,
            tags: test.tags,
            meta: test.config['meta'] ?? {},
            config: test.config,
            // Only models have versions, only seeds a root_path: dbt's test node has no such field (Undefined).
            version: UNDEFINED,
            latest_version: UNDEFINED,
            root_path: UNDEFINED,
            language: 'sql',
            database: names.database,
            schema: names.schema,
            alias: names.alias,
          }),
        );
      }
    },
  };
}

/** A test's relation names: those the overrides gave, else dbt's default macros' for the target. */
export function testRelationNames(
  test: TestNode,
  target: { schema: string; database: string },
): { database: string; schema: string; alias: string } {
  if (test.relation) return test.relation;
  const { schema, database } = test.config;
  return {
    database: typeof database === 'string' ? pythonStrip(database) : target.database,
    schema: typeof schema === 'string' ? `${target.schema}_${pythonStrip(schema)}` : target.schema,
    alias: test.alias,
  };
}

/** A node's relation names: those the overrides gave, else dbt's defaults for the target. */
export function relationNames(
  node: GraphNode,
  target: { schema: string; database: string },
): { database: string; schema: string; alias: string } {
  const own = node.relation ?? {};
  const { schema, database, alias } = node.config;
  return {
    // dbt's default generate_database_name, generate_schema_name and generate_alias_name: a custom database or
    // schema counts unless it is none ('' included); a custom alias only when it is not empty.
    database: own.database ?? (typeof database === 'string' ? pythonStrip(database) : target.database),
    schema: own.schema ?? (typeof schema === 'string' ? `${target.schema}_${pythonStrip(schema)}` : target.schema),
    alias:
      own.alias ??
      (typeof alias === 'string' && alias !== ''
        ? pythonStrip(alias)
        : // dbt's default__generate_alias_name: `elif node.version`, so version 0 is no suffix.
          !node.version
          ? node.name
          : `${node.name}_v${String(node.version).replace(/\./g, '_')}`),
  };
}

/** A node's relation as its manifest entry names it: relationNames, a snapshot's legacy target_* winning. */
export function nodeRelation(
  node: GraphNode,
  target: { schema: string; database: string },
): { database: string; schema: string; alias: string } {
  const names = relationNames(node, target);
  if (node.resource_type !== 'snapshot') return names;
  // dbt's SnapshotParser.set_snapshot_attributes: the legacy target_schema / target_database, when set, are used as
  // written and win over schema / database (which go through generate_schema_name, dbt 1.9+).
  const targetSchema = node.config['target_schema'];
  const targetDatabase = node.config['target_database'];
  return {
    database: typeof targetDatabase === 'string' && targetDatabase !== '' ? targetDatabase : names.database,
    schema: typeof targetSchema === 'string' && targetSchema !== '' ? targetSchema : names.schema,
    alias: names.alias,
  };
}
