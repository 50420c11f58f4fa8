// Generic data tests declared in property files (`data_tests:` / `tests:` of models, seeds and snapshots, of their
// columns, of source tables and their columns) -> dbt's test nodes, named, hashed and configured as dbt-core's
// TestBuilder and SchemaGenericTestParser make them, so that `manifest` lists them with the ids dbt gives them.
// Checked against manifests that `dbt parse` wrote (dbt 1.8 to 1.11): names, unique ids, aliases of long names,
// raw_code, kwargs, refs, file keys. A versioned model's tests are made for each version, as dbt's versioned
// test blocks make them (checked against dbt-core's own expectations).
import type { PropertyFile } from '../properties.js';
import { buildTest, type Target, type TestScope } from './test-entry.js';
import { tagList, truthy } from './test-config.js';
import type { GraphNode, Position, TestNode } from '../types.js';
import { isRecord } from '../yaml/yaml.js';
import { writtenIn, type Written } from '../yaml/yaml-written.js';

export type { TestScope } from './test-entry.js';

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
      // dbt reads no tests in `analyses:` entries.
      if (patch.kind === 'analyses' || !hasTests(patch.data)) continue;
      const versions = patch.data['versions'];
      const at = { file: patch.file, line: patch.line };
      if (patch.kind === 'models' && Array.isArray(versions) && versions.length > 0) {
        for (const version of versions) {
          if (!isRecord(version) || (typeof version['v'] !== 'number' && typeof version['v'] !== 'string')) continue;
          const v = version['v'];
          const target: Target = {
            // dbt's test builder names a version only when it is truthy: version 0 reads as no version.
            name: v ? `${patch.name}_v${v}` : patch.name,
            model: v ? `ref('${patch.name}', version='${v}')` : `ref('${patch.name}')`,
            isSource: false,
            fileKey: `models.${patch.name}`,
            attached: attachedTo(patch.name, 'model', v),
            ref: { name: patch.name, version: v ? v : null },
            source: null,
            quoteColumns: false,
            tags: [],
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
        tags: [],
      };
      tests.push(...testsOf(scope, target, patch.data, at, patch.lines));
    }
  }
  for (const file of scope.propertyFiles) {
    for (const entry of file.sources) {
      const sourceName = entry.source['name'];
      const tableName = entry.data['name'];
      if (typeof sourceName !== 'string' || typeof tableName !== 'string' || !hasTests(entry.data)) continue;
      // A source only an override describes is a package's the repository does not hold: so are its tests.
      if (entry.package !== undefined) continue;
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
        // The source's and the table's own `tags:` (not those under `config:`), then each column's.
        tags: [...tagList(entry.source['tags']), ...tagList(entry.data['tags'])],
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
  let how: Written | null | undefined;
  const written = (): Written | null => {
    if (how === undefined) {
      const text = scope.fileText(at.file);
      how = text === undefined ? null : writtenIn(text, lines);
    }
    return how;
  };
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
    const columnTags = [...target.tags, ...tagList(column['tags']), ...tagList(config['tags'])];
    const list = listOf(column, columnLine);
    list.forEach((entry, i) =>
      add(entry, quote ? quoteColumn(name, scope.adapter) : name, columnTags, lines.item(list, i, columnLine)),
    );
  });
  const own = listOf(data, at.line);
  own.forEach((entry, i) => add(entry, null, target.tags, lines.item(own, i, at.line)));
  return out;

  function problem(message: string, line: number): void {
    scope.diagnostics.push({ code: 'invalid-test', severity: 'error', message, file: at.file, line });
  }

  function add(entry: unknown, columnName: string | null, columnTags: string[], line: number): void {
    const made = buildTest(scope, target, entry, columnName, columnTags, { file: at.file, line }, written);
    if (typeof made === 'string') problem(made, line);
    else out.push(made);
  }
}

/** An adapter's quoting of a column name (`quote: true` on the column). */
function quoteColumn(name: string, adapter: string): string {
  return ['bigquery', 'spark', 'databricks'].includes(adapter) ? `\`${name}\`` : `"${name}"`;
}
