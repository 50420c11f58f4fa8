// Generic data tests declared in property files (`data_tests:` / `tests:` of models, seeds and snapshots, of their
// columns, of source tables and their columns) -> dbt's test nodes, named, hashed and configured as dbt-core's
// TestBuilder and SchemaGenericTestParser make them, so that `manifest` lists them with the ids dbt gives them.
// Checked against manifests that `dbt parse` wrote (dbt 1.8 to 1.11): names, unique ids, aliases of long names,
// raw_code, kwargs, refs, file keys. A versioned model's tests are made for each version, as dbt's versioned
// test blocks make them (checked against dbt-core's own expectations).
import { hash } from 'node:crypto';
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from './config.js';
import type { PropertyFile } from './properties.js';
import type { ProjectFile } from './project.js';
import { pythonRepr, pythonStr } from './python-text.js';
import type { Diagnostic, GraphNode, Position, RefCall, SourceCall, TestNode } from './types.js';
import { unrenderedConfig } from './unrendered.js';
import { isRecord } from './yaml.js';

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
  testMacro: (
    macro: string,
  ) => { package: string; configs: Array<{ values: Record<string, unknown>; pos: Position }> } | null;
  /** The refs and sources a text with Jinja records when rendered (an argument such as `"{{ ref('m') }}"`). */
  calls: (text: string, file: string, line: number) => { refs: RefCall[]; sources: SourceCall[] };
  diagnostics: Diagnostic[];
}

// TestBuilder.CONFIG_ARGS: keys of a test entry that are configs, not arguments, in the order dbt collects them.
const CONFIG_ARGS = [
  'severity',
  'tags',
  'enabled',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'meta',
  'database',
  'schema',
  'alias',
] as const;
const TEST_NAME = /^(?:([a-zA-Z_][0-9a-zA-Z_]*)\.)?([a-zA-Z_][0-9a-zA-Z_]*)/;
// add_rendered_test_kwargs: an argument that looks like a call is rendered as `{{ ... }}` (refs are recorded).
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;
// get_rendered renders only a text with one of these (otherwise it is taken as written).
const RENDER_CHARS = /\{[{%#]|[#}%]\}/;
const BUILTIN = new Set(['not_null', 'unique', 'accepted_values', 'relationships']);

/** What a test is attached to: a model, seed or snapshot entry, or a source table. */
interface Target {
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
}

const md5 = (text: string): string => hash('md5', text, 'hex');

/** TestConfig's defaults, in the order dbt writes them. */
export function testDefaults(): Record<string, unknown> {
  return {
    enabled: true,
    alias: null,
    schema: 'dbt_test__audit',
    database: null,
    tags: [],
    meta: {},
    group: null,
    materialized: 'test',
    severity: 'ERROR',
    store_failures: null,
    store_failures_as: null,
    where: null,
    limit: null,
    fail_calc: 'count(*)',
    warn_if: '!= 0',
    error_if: '!= 0',
  };
}

/** The generic tests of a project's property files, enabled and disabled. */
export function buildGenericTests(scope: TestScope): TestNode[] {
  const tests: TestNode[] = [];
  const { project } = scope;
  // Made on the first test: most property entries have none (the compile of a project without tests pays nothing).
  let byName: Map<string, GraphNode[]> | null = null;
  const nodesNamed = (name: string): GraphNode[] => {
    if (byName === null) {
      byName = new Map();
      for (const node of scope.nodes) {
        const list = byName.get(node.name);
        if (list) list.push(node);
        else byName.set(node.name, [node]);
      }
    }
    return byName.get(name) ?? [];
  };
  // dbt's _lookup_attached_node: an enabled node of that name in the test's package, then in any package; else a
  // disabled one.
  const attachedTo = (name: string, type: string, version: string | number | null): GraphNode | null => {
    const candidates = nodesNamed(name).filter(
      (node) =>
        node.resource_type === type &&
        (version === null ? node.version === null : node.version !== null && String(node.version) === String(version)),
    );
    return (
      candidates.find((n) => n.config.enabled && n.package_name === project.name) ??
      candidates.find((n) => n.config.enabled) ??
      candidates[0] ??
      null
    );
  };
  // As dbt parses them: every property file's model, seed and snapshot entries, then the sources' tables (dbt
  // builds those after all files are read).
  for (const file of scope.propertyFiles) {
    for (const patch of file.patches) {
      if (!hasTests(patch.data)) continue;
      const versions = patch.data['versions'];
      const at = { file: patch.file, line: patch.line };
      if (patch.kind === 'models' && Array.isArray(versions) && versions.length > 0) {
        for (const version of versions) {
          if (!isRecord(version) || (typeof version['v'] !== 'number' && typeof version['v'] !== 'string')) continue;
          const v = version['v'];
          const target: Target = {
            name: `${patch.name}_v${v}`,
            model: `ref('${patch.name}', version='${v}')`,
            isSource: false,
            fileKey: `models.${patch.name}`,
            attached: attachedTo(patch.name, 'model', v),
            ref: { name: patch.name, version: v },
            source: null,
            quoteColumns: false,
          };
          tests.push(...testsOf(scope, target, versionData(patch.data, version), at, patch.lines));
        }
        continue;
      }
      const type = patch.kind === 'models' ? 'model' : patch.kind === 'seeds' ? 'seed' : 'snapshot';
      // An entry for no node still makes its tests: dbt then disables them, as it does tests of a disabled node.
      const target: Target = {
        name: patch.name,
        model: `ref('${patch.name}')`,
        isSource: false,
        fileKey: `${patch.kind}.${patch.name}`,
        attached: attachedTo(patch.name, type, null),
        ref: { name: patch.name, version: null },
        source: null,
        quoteColumns: false,
      };
      tests.push(...testsOf(scope, target, patch.data, at, patch.lines));
    }
  }
  for (const file of scope.propertyFiles) {
    for (const entry of file.sources) {
      const sourceName = entry.source['name'];
      const tableName = entry.data['name'];
      if (typeof sourceName !== 'string' || typeof tableName !== 'string' || !hasTests(entry.data)) continue;
      // A source's `quoting: {column: true}` (the table's over the source's) quotes its columns' names in tests.
      const quoting = (holder: Record<string, unknown>) =>
        isRecord(holder['quoting']) ? (holder['quoting'] as Record<string, unknown>)['column'] : undefined;
      const target: Target = {
        name: `${sourceName}_${tableName}`,
        model: `source('${sourceName}', '${tableName}')`,
        isSource: true,
        fileKey: `sources.${sourceName}`,
        attached: null,
        ref: null,
        source: { source: sourceName, table: tableName },
        quoteColumns: (quoting(entry.data) ?? quoting(entry.source)) === true,
      };
      tests.push(...testsOf(scope, target, entry.data, { file: entry.file, line: entry.line }, entry.lines));
    }
  }
  return tests;
}

type Lines = PropertyFile['patches'][number]['lines'];

/** Whether an entry, one of its columns or one of its versions (and their columns) lists tests at all. */
function hasTests(data: Record<string, unknown>): boolean {
  if (data['data_tests'] != null || data['tests'] != null) return true;
  for (const key of ['columns', 'versions']) {
    const list = data[key];
    if (Array.isArray(list)) for (const item of list) if (isRecord(item) && hasTests(item)) return true;
  }
  return false;
}

/**
 * What one version of a versioned model is tested with, as dbt's versioned test blocks see it: the model's columns
 * that the version includes (`include` / `exclude`, all when it says nothing), the version's own column entries
 * in place of the model's of that name, and the model's own tests unless the version lists tests (even none).
 */
function versionData(model: Record<string, unknown>, version: Record<string, unknown>): Record<string, unknown> {
  const modelColumns = Array.isArray(model['columns']) ? model['columns'].filter(isRecord) : [];
  const entries = Array.isArray(version['columns']) ? version['columns'].filter(isRecord) : null;
  let columns = modelColumns;
  if (entries !== null) {
    const filter = entries.find((entry) => 'include' in entry || 'exclude' in entry);
    const include = filter?.['include'] ?? '*';
    const exclude = new Set(Array.isArray(filter?.['exclude']) ? filter['exclude'].map(String) : []);
    const all = include === '*' || include === 'all';
    const included = new Set(Array.isArray(include) ? include.map(String) : []);
    // dbt keeps the model's included columns and adds the version's own entries after them (both, if named alike).
    const own = entries.filter((entry) => entry !== filter && entry['name'] !== undefined);
    columns = [
      ...modelColumns.filter((column) => {
        const name = String(column['name']);
        return (all || included.has(name)) && !exclude.has(name);
      }),
      ...own,
    ];
  }
  // dbt takes a version's `tests:` only when it lists some, and the model's tests when the version's are null:
  // only `data_tests: []` (or a non-empty list) replaces them.
  const versionTests = version['data_tests'] ?? (truthy(version['tests']) ? version['tests'] : null);
  return { columns, data_tests: versionTests ?? model['data_tests'] ?? model['tests'] };
}

/** The tests of one entry, as dbt parses them: each column's, then the entry's own. */
function testsOf(
  scope: TestScope,
  target: Target,
  data: Record<string, unknown>,
  at: Position,
  lines: Lines,
): TestNode[] {
  const out: TestNode[] = [];
  const listOf = (holder: Record<string, unknown>, line: number): unknown[] => {
    const both = Array.isArray(holder['data_tests']) && holder['data_tests'].length > 0 && holder['tests'] != null;
    if (both)
      problem('an entry cannot have both `tests:` and `data_tests:` (dbt stops here); `data_tests:` is read', line);
    const key = holder['data_tests'] != null ? 'data_tests' : 'tests';
    const list = holder[key];
    if (list == null) return [];
    if (Array.isArray(list)) return list;
    problem(`\`${key}:\` must be a list of tests`, lines.key(holder, key, line));
    return [];
  };
  const columns = Array.isArray(data['columns']) ? data['columns'] : [];
  columns.forEach((column, index) => {
    if (!isRecord(column) || (typeof column['name'] !== 'string' && typeof column['name'] !== 'number')) return;
    const name = String(column['name']);
    const quote = typeof column['quote'] === 'boolean' ? column['quote'] : target.quoteColumns;
    const columnLine = lines.item(columns, index, at.line);
    // Tags of the column (and of its config) go to its tests' nodes.
    const config = isRecord(column['config']) ? (column['config'] as Record<string, unknown>) : {};
    const columnTags = [...tagList(column['tags']), ...tagList(config['tags'])];
    const list = listOf(column, columnLine);
    list.forEach((entry, i) =>
      add(entry, quote ? quoteColumn(name, scope.adapter) : name, columnTags, lines.item(list, i, columnLine)),
    );
  });
  const own = listOf(data, at.line);
  own.forEach((entry, i) => add(entry, null, [], lines.item(own, i, at.line)));
  return out;

  function problem(message: string, line: number): void {
    scope.diagnostics.push({ code: 'invalid-test', severity: 'error', message, file: at.file, line });
  }

  function add(entry: unknown, columnName: string | null, columnTags: string[], line: number): void {
    const made = buildTest(scope, target, entry, columnName, columnTags, { file: at.file, line });
    if (typeof made === 'string') problem(made, line);
    else out.push(made);
  }
}

// dbt's TestConfig: the type of each config a test may set (tags are checked apart).
const CONFIG_TYPES: Record<string, (value: unknown) => boolean> = {
  severity: (v) => typeof v === 'string' && /^(warn|error)$/i.test(v),
  enabled: (v) => typeof v === 'boolean',
  limit: (v) => Number.isInteger(v),
  store_failures: (v) => typeof v === 'boolean',
  meta: (v) => isRecord(v),
  ...Object.fromEntries(
    ['where', 'warn_if', 'error_if', 'fail_calc', 'store_failures_as', 'alias', 'schema', 'database'].map((key) => [
      key,
      (v: unknown) => typeof v === 'string',
    ]),
  ),
};

/**
 * Leaves out of `config` the values dbt's TestConfig refuses (`severity: 1`, `enabled: "false"`...): dbt stops
 * with a validation error; here each is a diagnostic and the test keeps its default for that key.
 */
export function dropInvalidConfigs(
  config: Record<string, unknown>,
): Array<Pick<Diagnostic, 'code' | 'severity' | 'message'>> {
  const problems: Array<Pick<Diagnostic, 'code' | 'severity' | 'message'>> = [];
  for (const [key, valid] of Object.entries(CONFIG_TYPES)) {
    if (!(key in config) || valid(config[key])) continue;
    problems.push({
      code: 'invalid-test-config',
      severity: 'error',
      message: `\`${key}: ${JSON.stringify(config[key])}\` is no valid test config (dbt refuses it); the default is kept`,
    });
    delete config[key];
  }
  return problems;
}

/** Tags as written: a string, or a list of strings (others are left out: dbt refuses them). */
function tagList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** Python's truth of a YAML value: empty text, lists and dicts are false too. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** An adapter's quoting of a column name (`quote: true` on the column). */
function quoteColumn(name: string, adapter: string): string {
  return ['bigquery', 'spark', 'databricks'].includes(adapter) ? `\`${name}\`` : `"${name}"`;
}

/** One test entry -> its node, or why dbt would refuse it. */
function buildTest(
  scope: TestScope,
  target: Target,
  entry: unknown,
  columnName: string | null,
  columnTags: string[],
  pos: Position,
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
  // dbt 1.10.8+: the macro's arguments may sit under `arguments:`; they are arguments like the others.
  if (isRecord(args['arguments'])) {
    const { arguments: inner, ...rest } = args;
    args = { ...rest, ...(inner as Record<string, unknown>) };
  }
  if (columnName !== null) args['column_name'] = columnName;
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
  for (const key of CONFIG_ARGS) {
    let value = args[key];
    delete args[key];
    if (truthy(value) && nested && key in nested)
      return `\`${key}\` is set both beside and under \`config:\` of test \`${testName}\``;
    if (!truthy(value) && nested) {
      value = nested[key];
      delete nested[key];
    }
    const rendered = render(value);
    if (rendered !== null && rendered !== undefined) config[key] = rendered;
  }
  if ('config' in args) {
    if (nested) {
      for (const [key, value] of Object.entries(nested)) {
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

  const typeName = `${namespace === null ? '' : `${namespace}_`}${target.isSource ? 'source_' : ''}${name}`;
  let fullName: string;
  let shortName: string;
  if ('name' in args) {
    fullName = shortName = String(args['name']);
    delete args['name'];
  } else {
    [shortName, fullName] = synthesizedNames(typeName, target.name, args);
    if (shortName !== fullName && !('alias' in config)) config['alias'] = shortName;
  }

  const metadata = { name, kwargs: args, namespace };
  const suffix = md5(fullName + pythonRepr(hashable(metadata))).slice(-10);
  const { project } = scope;
  const originalFilePath = project.root === '' ? pos.file : pos.file.slice(project.root.length + 1);
  const dirs = originalFilePath.split('/').slice(1, -1);
  const fqn = [project.name, ...dirs, fullName];

  // The test macro as dbt's MacroResolver finds it (the test's package, the root project, another package of the
  // unit, dbt's own); a namespace that is not among them is a package that is not committed. Only dbt's own
  // not_null and unique take the shortcut that records no more than the target; the others are rendered, so a
  // `config()` in the macro's body applies (before the entry's configs, which raw_code calls after the macro).
  // dbt looks the macro up by its name alone (the namespace only names a package that defines it).
  const found = scope.testMacro(`test_${name}`);
  const owner = found?.package ?? namespace ?? (BUILTIN.has(name) ? 'dbt' : project.name);
  const macro = `macro.${owner}.test_${name}`;
  const shortcut = macro === 'macro.dbt.test_not_null' || macro === 'macro.dbt.test_unique';

  const callValues = { ...config };
  const layers: ConfigLayer[] = [...projectLayers(project.configs.tests, fqn)];
  if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.tests, fqn));
  if (!shortcut) for (const call of found?.configs ?? []) layers.push(flatLayer(call.values, call.pos));
  layers.push(flatLayer(callValues, pos));
  const merged = mergeLayers(testDefaults(), layers).values;
  // The node's tags: the column's and the test's, sorted; then those of dbt_project.yml not among them, in order.
  const tags = [...new Set([...columnTags, ...tagList(config['tags'])])].sort();
  for (const tag of tagList(merged['tags'])) if (!tags.includes(tag)) tags.push(tag);

  const calls = callsOf(scope, shortcut, args, target, pos);
  const macros = shortcut ? [macro] : [macro, 'macro.dbt.get_where_subquery'];
  const attached = target.attached;
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
    unrendered_config: unrenderedConfig(layers),
    tags,
    raw_code: `{{ ${namespace === null ? '' : `${namespace}.`}test_${name}(**_dbt_generic_test_kwargs) }}${configCall(config)}`,
    column_name: columnName,
    file_key_name: target.fileKey,
    attached_node: attached?.unique_id ?? null,
    group: attached?.group ?? null,
    test_metadata: metadata,
    refs: calls.refs,
    sources: calls.sources,
    depends_on: { nodes: [], macros },
    description,
    patch_path: null,
  };
}

/** synthesize_generic_test_names: the full name, and the short one for file and alias (under 64 characters). */
function synthesizedNames(typeName: string, targetName: string, args: Record<string, unknown>): [string, string] {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
    for (const part of parts) flat.push(pythonStr(part));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${typeName}_${targetName}`;
  const full = `${identifier}_${unique}`;
  return [full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full, full];
}

/** get_hashable_md: dicts with sorted keys, lists kept, every other value as its str(). */
function hashable(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(hashable);
  if (isRecord(data)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(data).sort()) out[key] = hashable(data[key]);
    return out;
  }
  return pythonStr(data);
}

/** construct_config: the test's configs as a `config()` call after the test macro's, as dbt writes raw_code. */
function configCall(config: Record<string, unknown>): string {
  const items = Object.entries(config).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? `"${value.replace(/"/g, '\\"')}"` : pythonStr(value)}`,
  );
  return items.length > 0 ? `{{ config(${items.join(',')}) }}` : '';
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
      refs.push({ name: model, package: null, version, pos, certainty: 'static' });
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
