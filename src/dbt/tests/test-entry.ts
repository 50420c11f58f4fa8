// One generic test entry of a property file -> dbt's test node, as dbt-core's TestBuilder and
// SchemaGenericTestParser make it: the test's name and unique id (Python text hashed as dbt hashes it), its
// configs (the entry's, dbt_project.yml's, its definition's), raw_code, kwargs, refs and sources.
import { adapterFieldOrder } from '../adapter-configs.js';
import { aliasesOf, translateLayers } from '../adapter-aliases.js';
import { pythonStr } from '../python-text.js';
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from '../config.js';
import type { PropertyFile } from '../properties.js';
import type { ProjectFile } from '../project.js';
import { configCall, synthesizedNames, testHash, withWholeFloats } from './test-names.js';
import type { Written } from '../yaml/yaml-written.js';
import {
  dropInvalidConfigs,
  settleStoreFailures,
  CONFIG_ARGS,
  staticShortcutConfig,
  tagList,
  testDefaults,
  truthy,
} from './test-config.js';
import type { Diagnostic, GraphNode, Position, RefCall, SourceCall, TestNode } from '../types.js';
import { unrenderedConfig } from '../unrendered.js';
import { staticConfigCall, type StaticConfigStyle } from '../jinja/static-config.js';
import { bodyCalls, testMacroCall } from './test-body.js';
import { isRecord } from '../yaml/yaml.js';
import { pathFrom } from '../text.js';

export interface RenderedCalls {
  refs: RefCall[];
  sources: SourceCall[];
  /** The macros it calls itself (depth 0), as `macro.<package>.<name>`. */
  macros: readonly string[];
  configs: Array<{ values: Record<string, unknown>; pos: Position }>;
}

export interface TestScope {
  project: ProjectFile;
  /** The unit's root project: its `data_tests:` configs apply to every package's tests. */
  root: ProjectFile;
  propertyFiles: PropertyFile[];
  /** The unit's nodes, enabled and disabled: a test is attached to the one it tests. */
  nodes: readonly GraphNode[];
  /** `target.type`: how a column with `quote: true` is quoted. */
  adapter: string;
  /** Renders a config value as dbt's schema YAML context does (strings with Jinja; others as they are). */
  render: (value: unknown, file: string, line: number) => unknown;
  /**
   * The test macro (`test_x`, or `{% test x %}`) of the unit that a test of this project calls, looked up as dbt
   * does: its package, and the configs its body sets with `config()` (literal values; they apply to every test
   * that calls it).
   */
  testMacro: (macro: string) => {
    package: string;
    /** Its unique id. */
    id: string;
    /** Its `config()` calls of literals, read without running it (for a test whose call cannot be rendered). */
    configs: () => Array<{ values: Record<string, unknown>; pos: Position }>;
  } | null;
  /**
   * The get_where_subquery a test's `model` argument calls, as dbt resolves the bare name: the test's package, the
   * root project (a project may override it), else dbt's own.
   */
  whereSubquery: string;
  /**
   * The macros dbt makes callable while it renders a test of this macro (TestMacroNamespace): get_where_subquery,
   * the test macro and every macro they may call, followed through their own dependencies.
   */
  testNamespace: (macroId: string) => ReadonlySet<string>;
  /** Packages the project names that are not in the repository: a test macro no project defines may be theirs. */
  externalPackages: readonly string[];
  /** The projects compiled together (the root and its packages in the repository), whose macros `testMacro` sees. */
  repositoryPackages: ReadonlySet<string>;
  /** Packages of the repository compiled on their own (the parent of an integration_tests project): unseen here. */
  linkedPackages: ReadonlySet<string>;
  /** A property file's text (its scalars as written: whole floats), by its path. */
  fileText: (file: string) => string | undefined;
  /**
   * What a text with Jinja records when rendered (an argument such as `"{{ ref('m') }}"`, the test macro's call):
   * refs, sources, the macros it calls itself (depth 0) and its config() calls, on the test's line.
   */
  calls: (text: string, file: string, line: number) => RenderedCalls;
  diagnostics: Diagnostic[];
  /**
   * Whether `name` (bare, or in `namespace.name`) is surely a macro: one of the unit's projects, dbt's, or a package's
   * (dbt's test configs cannot call any).
   */
  isMacro: (name: string, namespace: string | null) => boolean;
  /** How config() calls are recorded in unrendered_config (manifest-shape.ts staticConfigStyle). */
  staticConfigCalls: StaticConfigStyle | null;
  /**
   * dbt before 1.10 (dbt-core #11208) gave the not_null/unique shortcut its builder's get_static_config(): the
   * known test configs only (no tags, no keys of the user's), severity upper-cased.
   */
  staticShortcutConfig: boolean;
  /** Whether `arguments:` holds the test's arguments (dbt 1.10.8+, or its flag); else it is an argument itself. */
  testArgumentsProperty: boolean;
}

const TEST_NAME = /^(?:([a-zA-Z_][0-9a-zA-Z_]*)\.)?([a-zA-Z_][0-9a-zA-Z_]*)/;
// add_rendered_test_kwargs: an argument that looks like a call is rendered as `{{ ... }}` (refs are recorded).
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;
// get_rendered renders only a text with one of these (otherwise it is taken as written).
const RENDER_CHARS = /\{[{%#]|[#}%]\}/;
const BUILTIN = new Set(['not_null', 'unique', 'accepted_values', 'relationships']);

/**
 * A generic test whose `test_<name>` no project of the repository defines where dbt reads test macros (macro paths
 * and `<test path>/generic`; a `{% test %}` block elsewhere under tests/ is a singular test to dbt). dbt records
 * the macro as None and parses on; `dbt test` fails. A package that is not committed may define it, unseen here.
 */
function undefinedTestMacro(scope: TestScope, name: string, namespace: string | null, pos: Position): void {
  const packages = scope.externalPackages;
  const test = namespace === null ? `\`${name}\`` : `\`${namespace}.${name}\``;
  // A namespace names where to look first, not where the macro must be: dbt finds it by name in any package.
  const where =
    namespace === null
      ? 'in the macro paths or tests/generic'
      : `in the repository (\`${namespace}\` is not a package the project declares)`;
  scope.diagnostics.push({
    code: 'unknown-test',
    severity: packages.length === 0 ? 'warning' : 'info',
    message:
      packages.length === 0
        ? `generic test ${test} has no \`test_${name}\` macro ${where}: dbt parses it, \`dbt test\` fails`
        : `generic test ${test} has no \`test_${name}\` macro in the repository; it may be one of ` +
          `${packages.map((p) => `\`${p}\``).join(', ')} (not committed), which the manifest cannot name`,
    ...pos,
  });
}

/** What a test is attached to: a model, seed or snapshot entry, or a source table. */
export interface Target {
  /** `<model>` or `<source>_<table>`: the middle of the synthesized name. */
  name: string;
  /** `ref('m')` or `source('s', 't')`, inside get_where_subquery: the `model` argument. */
  model: string;
  isSource: boolean;
  fileKey: string;
  attached: GraphNode | null;
  ref: { name: string; version: string | number | null } | null;
  source: { source: string; table: string } | null;
  /** Whether a column without its own `quote:` is quoted (a source's `quoting.column`). */
  quoteColumns: boolean;
  /** Tags every test of the target gets: a source's and its table's (dbt's parse_source_test); none for a model. */
  tags: string[];
}

/** One test entry -> its node, or why dbt would refuse it. */
export function buildTest(
  scope: TestScope,
  target: Target,
  entry: unknown,
  columnName: string | null,
  columnTags: string[],
  pos: Position,
  /** How the property file wrote a scalar (whole floats: test-names.ts withWholeFloats). */
  written: () => Written | null = () => null,
): TestNode | string {
  // extract_test_args: `unique`, `{unique: {...}}`, or `{test_name: unique, ...}`.
  let testName: unknown;
  let given: unknown;
  if (typeof entry === 'string') [testName, given] = [entry, {}];
  else if (isRecord(entry) && 'test_name' in entry) {
    const { test_name: name, ...rest } = entry;
    [testName, given] = [name, rest];
  } else if (isRecord(entry) && Object.keys(entry).length === 1) [testName, given] = Object.entries(entry)[0]!;
  else return 'a test must be a name or a mapping with one key (the test), or have `test_name`';
  if (typeof testName !== 'string') return 'a test name must be a string';
  if (!isRecord(given)) return `the arguments of test \`${testName}\` must be a mapping`;
  // Copies of what is changed below (the entry's own mapping and its `config:`), not of the YAML values within.
  let args: Record<string, unknown> = { ...given };
  if (isRecord(args['config'])) args['config'] = { ...(args['config'] as Record<string, unknown>) };
  if (columnName !== null) args['column_name'] = columnName;
  // dbt 1.10.8+: the macro's arguments may sit under `arguments:`; they are arguments like the others, merged in
  // after column_name is set (`{**test_args, **arguments}`), which puts column_name before them in the kwargs.
  const sources: object[] = [given];
  if (scope.testArgumentsProperty && isRecord(args['arguments'])) {
    const { arguments: inner, ...rest } = args;
    args = { ...rest, ...(inner as Record<string, unknown>) };
    sources.push(inner as Record<string, unknown>);
  }
  if ('model' in args) return `test \`${testName}\` may not have a \`model\` argument`;
  args['model'] = `{{ get_where_subquery(${target.model}) }}`;
  const match = TEST_NAME.exec(testName);
  if (match === null) return `\`${testName}\` is not a test name`;
  const namespace = match[1] ?? null;
  const name = match[2]!;

  // _process_legacy_args, then the `config:` mapping: configs, in the order dbt gathers them.
  const config: Record<string, unknown> = {};
  const nested = isRecord(args['config']) ? (args['config'] as Record<string, unknown>) : null;
  // String values are rendered (dbt's _render_values), so `enabled: "{{ target.name == 'prod' }}"` decides.
  const render = (value: unknown) =>
    value === null || value === undefined ? null : scope.render(value, pos.file, pos.line);
  // dbt renders them without the project's macros: one that calls a macro of the project stops it
  // (CustomMacroPopulatingConfigValueError).
  const customMacro = (key: string, value: unknown): string | null => {
    // Only what surely runs: `{{ ... }}` expressions of a text without statements, string literals left out.
    if (typeof value !== 'string' || !value.includes('{{') || /\{%/.test(value)) return null;
    // Filters (`| replace('/', '-')`) and tests (`is divisibleby(3)`) are Jinja's, not macros.
    const code = [...value.replace(/\{#[\s\S]*?#\}/g, '').matchAll(/\{\{([\s\S]*?)\}\}/g)]
      .map((m) =>
        m[1]!
          .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''")
          .replace(/\|\s*[A-Za-z_]\w*|\bis\s+(?:not\s+)?[A-Za-z_]\w*/g, ' '),
      )
      .join(' ');
    // A call in a branch (`a if c else m()`, `x or m()`) may not run: not judged.
    if (/\b(?:if|or|and)\b/.test(code)) return null;
    for (const m of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?\s*\(/g)) {
      const [namespace, name] = m[2] === undefined ? [null, m[1]!] : [m[1]!, m[2]];
      if (scope.isMacro(name, namespace))
        return `test \`${testName}\` calls a macro, \`${namespace === null ? '' : `${namespace}.`}${name}\`, in its \`${key}\` config: dbt renders test configs without macros, and stops here (CustomMacroPopulatingConfigValueError)`;
    }
    return null;
  };
  for (const key of CONFIG_ARGS) {
    let value = args[key];
    delete args[key];
    if (truthy(value) && nested && key in nested)
      return `\`${key}\` is set both beside and under \`config:\` of test \`${testName}\``;
    if (!truthy(value) && nested) {
      value = nested[key];
      delete nested[key];
    }
    const refused = customMacro(key, value);
    if (refused !== null) return refused;
    const rendered = render(value);
    if (rendered !== null && rendered !== undefined) config[key] = rendered;
  }
  if ('config' in args) {
    if (nested) {
      for (const [key, value] of Object.entries(nested)) {
        const refused = customMacro(key, value);
        if (refused !== null) return refused;
        const rendered = render(value);
        if (rendered !== null && rendered !== undefined) config[key] = rendered;
      }
    }
    delete args['config'];
  }
  const tagsGiven = config['tags'];
  if (tagsGiven !== undefined && tagList(tagsGiven).length !== (Array.isArray(tagsGiven) ? tagsGiven.length : 1))
    return `the tags of test \`${testName}\` must be a string or a list of strings`;
  for (const problem of dropInvalidConfigs(config)) scope.diagnostics.push({ ...problem, ...pos });
  // A test's description is no argument (nor part of its name).
  const description = typeof args['description'] === 'string' ? args['description'] : '';
  delete args['description'];

  withWholeFloats(args, sources, written);
  const typeName = `${namespace === null ? '' : `${namespace}_`}${target.isSource ? 'source_' : ''}${name}`;
  let fullName: string;
  let shortName: string;
  if ('name' in args) {
    fullName = shortName = pythonStr(args['name']);
    delete args['name'];
  } else {
    [shortName, fullName] = synthesizedNames(typeName, target.name, args);
    if (shortName !== fullName && !('alias' in config)) config['alias'] = shortName;
  }

  const metadata = { name, kwargs: args, namespace };
  const suffix = testHash(fullName, metadata);
  const { project } = scope;
  const originalFilePath = pathFrom(project.root, pos.file);
  const dirs = originalFilePath.split('/').slice(1, -1);
  const fqn = [project.name, ...dirs, fullName];

  // The test macro as dbt's MacroResolver finds it (the test's package, the root project, another package of the
  // unit, dbt's own); a namespace that is not among them is a package that is not committed. Only dbt's own
  // not_null and unique take the shortcut that records no more than the target; the others are rendered, so a
  // `config()` in the macro's body applies (before the entry's configs, which raw_code calls after the macro).
  // dbt looks the macro up by its name alone (the namespace only names a package that defines it).
  const found = scope.testMacro(`test_${name}`);
  // A namespace of a package whose macros are not seen here is where its macro is: a repository package compiled on
  // its own, or one installed from outside (declared, or with one that is: dbt_utils comes with fivetran_utils). One
  // whose macros are seen and lack it holds nothing dbt would find, nor does an undeclared one when nothing is
  // installed.
  const declared =
    namespace !== null &&
    !scope.repositoryPackages.has(namespace) &&
    (scope.linkedPackages.has(namespace) || scope.externalPackages.length > 0)
      ? namespace
      : null;
  const owner = found?.package ?? declared ?? (BUILTIN.has(name) ? 'dbt' : null);
  const macro = owner === null ? null : `macro.${owner}.test_${name}`;
  const shortcut = macro === 'macro.dbt.test_not_null' || macro === 'macro.dbt.test_unique';
  if (owner === null) undefinedTestMacro(scope, name, namespace, pos);

  const calls = callsOf(scope, shortcut, args, target, pos);
  // A macro the repository defines runs as dbt runs it (render_test_update): what its body refs is the test's too,
  // and the config() calls it reaches are the test's, with the values its arguments give them.
  const call = found === null || shortcut ? null : testMacroCall(found.package, name, args, target.model);
  const rendered = call === null ? null : scope.calls(call, pos.file, pos.line);
  if (rendered !== null) {
    const body = bodyCalls(rendered, calls);
    calls.refs.push(...body.refs);
    calls.sources.push(...body.sources);
  }

  const callValues = shortcut && scope.staticShortcutConfig ? staticShortcutConfig(config) : { ...config };
  const layers: ConfigLayer[] = [...projectLayers(project.configs.tests, fqn)];
  if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.tests, fqn));
  if (!shortcut)
    for (const call of rendered?.configs ?? found?.configs() ?? []) layers.push(flatLayer(call.values, call.pos));
  layers.push(flatLayer(callValues, pos));
  translateLayers(layers, aliasesOf(scope.adapter), scope.diagnostics);
  const merged = mergeLayers(testDefaults(), layers, settleStoreFailures, adapterFieldOrder(scope.adapter)).values;
  // The node's tags: the column's and the test's, sorted; then those of dbt_project.yml not among them, in order.
  const tags = [...new Set([...columnTags, ...tagList(config['tags'])])].sort();
  for (const tag of tagList(merged['tags'])) if (!tags.includes(tag)) tags.push(tag);

  // dbt renders a test in a namespace of its macro, the macros that macro may call and get_where_subquery
  // (TestContext._build_test_namespace): a macro of that namespace an argument calls is recorded, after the test
  // macro and before get_where_subquery (the `model` argument renders last); another is undefined there.
  const macros = shortcut ? [macro] : [macro, ...argumentMacros(rendered, found, scope), scope.whereSubquery];
  const attached = target.attached;
  const rawCode = `{{ ${namespace === null ? '' : `${namespace}.`}test_${name}(**_dbt_generic_test_kwargs) }}${configCall(config)}`;
  return {
    kind: 'generic',
    checksum: null,
    unique_id: `test.${project.name}.${fullName}.${suffix}`,
    name: fullName,
    alias: typeof merged['alias'] === 'string' ? merged['alias'] : fullName,
    package_name: project.name,
    path: `${shortName}.sql`,
    original_file_path: originalFilePath,
    fqn,
    file: pos.file,
    line: pos.line,
    config: merged,
    unrendered_config: unrenderedConfig(
      layers,
      // dbt renders raw_code (all but the not_null/unique shortcut), so its config() call is the one recorded.
      scope.staticConfigCalls && !shortcut ? staticConfigCall(rawCode, scope.staticConfigCalls) : null,
    ),
    tags,
    raw_code: rawCode,
    column_name: columnName,
    file_key_name: target.fileKey,
    attached_node: attached?.unique_id ?? null,
    // The attached node's; a test attached to none (a source's) has its own config's (data_tests: +group).
    group: attached ? attached.group : typeof merged['group'] === 'string' ? merged['group'] : null,
    test_metadata: metadata,
    refs: calls.refs,
    sources: calls.sources,
    depends_on: { macros, nodes: [] },
    description,
    patch_path: null,
  };
}

/**
 * The refs and sources a test records when dbt renders it: not_null and unique only their target; other tests
 * those of every argument (a bare `ref(...)` / `source(...)` call rendered as `{{ ... }}`, as
 * add_rendered_test_kwargs does), in argument order, the target where the `model` argument is (last).
 */
function callsOf(
  scope: TestScope,
  shortcut: boolean,
  args: Record<string, unknown>,
  target: Target,
  pos: Position,
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  const addTarget = () => {
    if (target.ref) {
      const { name: model, version } = target.ref;
      // not_null and unique record the YAML's version; other tests render their `model` argument, written
      // `ref('m', version='1')` (no version for a falsy one, as `if self.version` reads 0): the string.
      const rendered = shortcut || version === null ? version : version ? String(version) : null;
      refs.push({ name: model, package: null, version: rendered, pos, certainty: 'static' });
    }
    if (target.source) sources.push({ ...target.source, pos });
  };
  if (shortcut) {
    addTarget();
    return { refs, sources };
  }
  const visit = (value: unknown, top: string | null): void => {
    if (typeof value === 'string') {
      if (top === 'column_name') return;
      const text = LOOKS_LIKE_CALL.test(value) ? `{{ ${value} }}` : value;
      if (!RENDER_CHARS.test(text)) return;
      const found = scope.calls(text, pos.file, pos.line);
      refs.push(...found.refs);
      sources.push(...found.sources);
    } else if (Array.isArray(value)) for (const item of value) visit(item, null);
    else if (isRecord(value)) for (const item of Object.values(value)) visit(item, null);
  };
  for (const [key, value] of Object.entries(args)) {
    if (key === 'model') addTarget();
    else visit(value, key);
  }
  return { refs, sources };
}

/** The macros a test's arguments call that dbt's test namespace holds, in the order they render. */
function argumentMacros(rendered: RenderedCalls | null, found: { id: string } | null, scope: TestScope): string[] {
  if (rendered === null || found === null || rendered.macros.length <= 1) return [];
  const namespace = scope.testNamespace(found.id);
  const out: string[] = [];
  for (const id of rendered.macros)
    if (id !== found.id && id !== scope.whereSubquery && namespace.has(id) && !out.includes(id)) out.push(id);
  return out;
}
