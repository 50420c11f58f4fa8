// Generic data tests declared in property files (`data_tests:` / `tests:` of models, seeds and snapshots, of their
// columns, of source tables and their columns) -> dbt's test nodes, named, hashed and configured as dbt-core's
// TestBuilder and SchemaGenericTestParser make them, so that `manifest` lists them with the ids dbt gives them.
// Checked against manifests that `dbt parse` wrote (dbt 1.10 and 1.11): names, unique ids, aliases of long names,
// raw_code, kwargs, refs, file keys. Not made (yet): tests of versioned models and singular tests (tests/*.sql).
import { createHash } from 'node:crypto';
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
const REF_CALL = /^\s*ref\s*\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?\)\s*$/;
const SOURCE_CALL = /^\s*source\s*\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)\s*$/;
/** dbt's two tests that skip rendering (render_test_update): they depend on their target only. */
const SHORTCUT = new Set(['not_null', 'unique']);
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
  ref: { name: string } | null;
  source: { source: string; table: string } | null;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

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
  const byName = new Map<string, GraphNode[]>();
  for (const node of scope.nodes) {
    const list = byName.get(node.name);
    if (list) list.push(node);
    else byName.set(node.name, [node]);
  }
  // dbt's _lookup_attached_node: an enabled node of that name in the test's package, then in any package; else a
  // disabled one.
  const attachedTo = (name: string, type: string): GraphNode | null => {
    const candidates = (byName.get(name) ?? []).filter((node) => node.resource_type === type && node.version === null);
    return (
      candidates.find((n) => n.config.enabled && n.package_name === project.name) ??
      candidates.find((n) => n.config.enabled) ??
      candidates[0] ??
      null
    );
  };
  for (const file of scope.propertyFiles) {
    for (const patch of file.patches) {
      const versions = patch.data['versions'];
      if (Array.isArray(versions) && versions.length > 0) continue; // tests of versioned models: not made yet
      const type = patch.kind === 'models' ? 'model' : patch.kind === 'seeds' ? 'seed' : 'snapshot';
      const attached = attachedTo(patch.name, type);
      if (attached === null) continue; // an entry for no node: reported by the compile already
      const target: Target = {
        name: patch.name,
        model: `ref('${patch.name}')`,
        isSource: false,
        fileKey: `${patch.kind}.${patch.name}`,
        attached,
        ref: { name: patch.name },
        source: null,
      };
      tests.push(...testsOf(scope, target, patch.data, { file: patch.file, line: patch.line }, patch.lines));
    }
    for (const entry of file.sources) {
      const sourceName = entry.source['name'];
      const tableName = entry.data['name'];
      if (typeof sourceName !== 'string' || typeof tableName !== 'string') continue;
      const target: Target = {
        name: `${sourceName}_${tableName}`,
        model: `source('${sourceName}', '${tableName}')`,
        isSource: true,
        fileKey: `sources.${sourceName}`,
        attached: null,
        ref: null,
        source: { source: sourceName, table: tableName },
      };
      tests.push(...testsOf(scope, target, entry.data, { file: entry.file, line: entry.line }, entry.lines));
    }
  }
  return tests;
}

type Lines = PropertyFile['patches'][number]['lines'];

/** The tests of one entry: its own (`data_tests:`, else `tests:`), then each column's. */
function testsOf(
  scope: TestScope,
  target: Target,
  data: Record<string, unknown>,
  at: Position,
  lines: Lines,
): TestNode[] {
  const out: TestNode[] = [];
  const listOf = (holder: Record<string, unknown>): unknown[] => {
    const list = holder['data_tests'] ?? holder['tests'];
    return Array.isArray(list) ? list : [];
  };
  const own = listOf(data);
  own.forEach((entry, i) => add(entry, null, [], lines.item(own, i, at.line)));
  const columns = Array.isArray(data['columns']) ? data['columns'] : [];
  for (const column of columns) {
    if (!isRecord(column) || (typeof column['name'] !== 'string' && typeof column['name'] !== 'number')) continue;
    const name = String(column['name']);
    const quoted = column['quote'] === true ? quoteColumn(name, scope.adapter) : name;
    const tags = column['tags'];
    const columnTags = typeof tags === 'string' ? [tags] : Array.isArray(tags) ? tags.map(String) : [];
    const list = listOf(column);
    list.forEach((entry, i) => add(entry, quoted, columnTags, lines.item(list, i, at.line)));
  }
  return out;

  function add(entry: unknown, columnName: string | null, columnTags: string[], line: number): void {
    const made = buildTest(scope, target, entry, columnName, columnTags, { file: at.file, line });
    if (typeof made === 'string') {
      scope.diagnostics.push({ code: 'invalid-test', severity: 'error', message: made, file: at.file, line });
    } else out.push(made);
  }
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
  const args: Record<string, unknown> = structuredClone(given);
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
  for (const key of CONFIG_ARGS) {
    let value = args[key];
    delete args[key];
    if (value && nested && key in nested)
      return `\`${key}\` is set both beside and under \`config:\` of test \`${testName}\``;
    if (!value && nested) {
      value = nested[key];
      delete nested[key];
    }
    if (value !== undefined && value !== null) config[key] = value;
  }
  if ('config' in args) {
    if (nested)
      for (const [key, value] of Object.entries(nested)) if (value !== null && value !== undefined) config[key] = value;
    delete args['config'];
  }

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
  const hash = md5(fullName + pythonRepr(hashable(metadata))).slice(-10);
  const { project } = scope;
  const originalFilePath = project.root === '' ? pos.file : pos.file.slice(project.root.length + 1);
  const dirs = originalFilePath.split('/').slice(1, -1);
  const fqn = [project.name, ...dirs, fullName];

  const callValues = { ...config };
  const layers: ConfigLayer[] = [...projectLayers(project.configs.tests, fqn)];
  if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.tests, fqn));
  layers.push(flatLayer(callValues, pos));
  const merged = mergeLayers(testDefaults(), layers).values;
  const tags = [
    ...new Set([...columnTags, ...(Array.isArray(merged['tags']) ? merged['tags'].map(String) : [])]),
  ].sort();
  merged['tags'] = tags;

  const calls = callsOf(name, args, target, pos);
  const macro =
    namespace !== null
      ? `macro.${namespace}.test_${name}`
      : BUILTIN.has(name)
        ? `macro.dbt.test_${name}`
        : `macro.${scope.root.name}.test_${name}`;
  const macros = SHORTCUT.has(name) && namespace === null ? [macro] : [macro, 'macro.dbt.get_where_subquery'];
  const attached = target.attached;
  return {
    kind: 'generic',
    checksum: null,
    unique_id: `test.${project.name}.${fullName}.${hash}`,
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
    // A test of a disabled node is disabled with it (it could not run).
    targetEnabled: attached === null || attached.config.enabled,
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
 * every argument that is a ref() or source() call, in argument order, then their target (the `model` argument).
 */
function callsOf(
  name: string,
  args: Record<string, unknown>,
  target: Target,
  pos: Position,
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  const addTarget = () => {
    if (target.ref) refs.push({ name: target.ref.name, package: null, version: null, pos, certainty: 'static' });
    if (target.source) sources.push({ ...target.source, pos });
  };
  if (SHORTCUT.has(name)) {
    addTarget();
    return { refs, sources };
  }
  const visit = (value: unknown, top: string | null): void => {
    if (typeof value === 'string') {
      if (top === 'column_name' || top === 'model' || !LOOKS_LIKE_CALL.test(value)) return;
      const ref = REF_CALL.exec(value);
      if (ref) {
        const [pkg, model] = ref[4] === undefined ? [null, ref[2]!] : [ref[2]!, ref[4]];
        refs.push({ name: model, package: pkg, version: null, pos, certainty: 'static' });
      }
      const source = SOURCE_CALL.exec(value);
      if (source) sources.push({ source: source[2]!, table: source[4]!, pos });
    } else if (Array.isArray(value)) for (const item of value) visit(item, null);
    else if (isRecord(value)) for (const item of Object.values(value)) visit(item, null);
  };
  for (const [key, value] of Object.entries(args)) {
    if (key === 'model') addTarget();
    else visit(value, key);
  }
  return { refs, sources };
}
