// A model's `primary_key`, as dbt 1.9+ infers it (ModelNode.infer_primary_key in core/dbt/contracts/graph/nodes.py,
// called by ManifestLoader.process_model_inferred_primary_keys in core/dbt/parser/manifest.py): a primary_key
// constraint, else columns with both a unique and a not_null test, else columns with a unique test (enabled ones
// before disabled ones). Tests are read from the property entry as dbt's TestBuilder reads them; data in, data out.
import type { Column } from './types.js';
import { isRecord } from './yaml/yaml.js';
import { truthy } from './jinja/values.js';

/** One generic test as infer_primary_key sees it: its name (without namespace), columns and whether enabled. */
export interface KeyTest {
  name: string;
  columns: string[];
  enabled: boolean;
}

/** dbt's TestBuilder.TEST_NAME_PATTERN, matched at the start as Python's re.match does. */
const TEST_NAME = /^(?:([a-zA-Z_][0-9a-zA-Z_]*)\.)?([a-zA-Z_][0-9a-zA-Z_]*)/;

/**
 * A test's `enabled`, as TestBuilder._process_legacy_args and _process_config_args leave it: a top-level
 * `enabled` that is falsy gives way to `config: {enabled: ...}` whenever a `config:` dict is written, even when
 * that dict has no `enabled` (the top-level value is then lost, as in dbt). Strings are Jinja rendered natively
 * by dbt: `False` and `false` are read as false; other expressions are not evaluated here (counted as enabled).
 */
function testEnabled(args: Record<string, unknown>): boolean {
  let value = args['enabled'];
  const config = args['config'];
  // Python's `if not value`, as TestBuilder tests it (YAML data: never Unknown).
  if (truthy(value) !== true && isRecord(config)) value = config['enabled'];
  return !(value === false || value === 'false' || value === 'False');
}

/** A test's name and arguments: `unique`, `{unique: {...}}`, or `{test_name: unique, ...}` (dbt 1.9+). */
function readTest(entry: unknown): { name: string; args: Record<string, unknown> } | null {
  if (typeof entry === 'string') return { name: entry, args: {} };
  if (!isRecord(entry)) return null;
  if ('test_name' in entry) {
    const name = entry['test_name'];
    return typeof name === 'string' ? { name, args: entry } : null;
  }
  const keys = Object.keys(entry);
  if (keys.length !== 1) return null;
  const args = entry[keys[0]!];
  // dbt rejects a test whose arguments are not a dict (TestArgsNotDictError): no test, no key.
  return isRecord(args) ? { name: keys[0]!, args } : null;
}

/** An argument of a test, written at the top level or (dbt 1.10+) under `arguments:`. */
function argument(args: Record<string, unknown>, key: string): unknown {
  if (key in args) return args[key];
  const nested = args['arguments'];
  return isRecord(nested) ? nested[key] : undefined;
}

/** The columns a test is about, as infer_primary_key reads its kwargs: `column_name`, else `combination_of_columns`. */
function testColumns(args: Record<string, unknown>, column: string | null): string[] {
  const name = column ?? argument(args, 'column_name');
  if (name !== undefined && name !== null) return [String(name)];
  const combination = argument(args, 'combination_of_columns');
  // Python iterates whatever it is given: a string's characters, a list's items.
  if (typeof combination === 'string') return Array.from(combination);
  return Array.isArray(combination) ? combination.map(String) : [];
}

function keyTest(entry: unknown, column: string | null): KeyTest | null {
  const test = readTest(entry);
  if (!test) return null;
  const match = TEST_NAME.exec(test.name);
  if (!match) return null;
  return { name: match[2]!, columns: testColumns(test.args, column), enabled: testEnabled(test.args) };
}

/** `data_tests:` or its older name `tests:` (dbt moves one into the other and rejects both). */
function testList(data: Record<string, unknown>): unknown[] | null {
  const tests = data['data_tests'] ?? data['tests'];
  return Array.isArray(tests) ? tests : null;
}

function columnName(data: Record<string, unknown>): string | null {
  const name = data['name'];
  return typeof name === 'string' || typeof name === 'number' ? String(name) : null;
}

/**
 * The generic tests attached to a model (or to one version of it), from its property entry: the tests of each
 * column, then the model-level tests. A version has the model's columns its `include`/`exclude` keeps plus its
 * own, and its own tests when it lists any, else the model's (UnparsedModelUpdate.get_columns_for_version and
 * get_tests_for_version).
 */
export function modelTests(entry: Record<string, unknown>, version?: Record<string, unknown>): KeyTest[] {
  if (!version && !hasTests(entry)) return [];
  const columns: Record<string, unknown>[] = [];
  const modelColumns = Array.isArray(entry['columns']) ? entry['columns'].filter(isRecord) : [];
  if (!version) columns.push(...modelColumns);
  else {
    const own = Array.isArray(version['columns']) ? version['columns'].filter(isRecord) : [];
    // The same include/exclude reading as patch.ts's versionColumns.
    const filter = own.find((c) => 'include' in c || 'exclude' in c);
    const include = filter?.['include'];
    const included = include === undefined || include === '*' || include === 'all' ? null : new Set(names(include));
    const excluded = new Set(names(filter?.['exclude']));
    for (const c of modelColumns) {
      const name = columnName(c);
      if (name !== null && (included === null || included.has(name)) && !excluded.has(name)) columns.push(c);
    }
    columns.push(...own);
  }
  const tests: KeyTest[] = [];
  for (const c of columns) {
    const name = columnName(c);
    if (name === null) continue;
    for (const t of testList(c) ?? []) {
      const test = keyTest(t, name);
      if (test) tests.push(test);
    }
  }
  for (const t of (version && testList(version)) ?? testList(entry) ?? []) {
    const test = keyTest(t, null);
    if (test) tests.push(test);
  }
  return tests;
}

/** Whether an unversioned entry lists any test, on the model or on a column. */
function hasTests(entry: Record<string, unknown>): boolean {
  if (testList(entry)) return true;
  const columns = entry['columns'];
  if (!Array.isArray(columns)) return false;
  for (const c of columns) if (isRecord(c) && testList(c)) return true;
  return false;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Python's sorted() of strings: by code point (JavaScript's default sort compares UTF-16 code units). */
function byCodePoint(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function inferred(constraints: Record<string, unknown>[], columns: Record<string, Column>, tests: KeyTest[]): string[] {
  for (const constraint of constraints) if (constraint['type'] === 'primary_key') return names(constraint['columns']);
  for (const name in columns) {
    for (const constraint of columns[name]!.constraints) if (constraint['type'] === 'primary_key') return [name];
  }
  // Most models of a large project have no key test: nothing to infer, no sets to make.
  if (tests.length === 0) return [];
  // Python sets in dbt; insertion-ordered here, and sorted at the end as dbt sorts them.
  const enabledUnique = new Set<string>();
  const disabledUnique = new Set<string>();
  const notNull = new Set<string>();
  for (const test of tests) {
    for (const column of test.columns) {
      if (test.name === 'unique' || test.name === 'unique_combination_of_columns')
        (test.enabled ? enabledUnique : disabledUnique).add(column);
      else if (test.name === 'not_null') notNull.add(column);
    }
  }
  const both = [...notNull].filter((c) => enabledUnique.has(c) || disabledUnique.has(c));
  if (both.length > 0) return both;
  if (enabledUnique.size > 0) return [...enabledUnique];
  return [...disabledUnique];
}

/**
 * The primary key dbt writes for a model: infer_primary_key's columns, sorted (`node.primary_key =
 * sorted(primary_key)`), so the order is the same however the tests are written.
 */
export function inferPrimaryKey(
  constraints: Record<string, unknown>[],
  columns: Record<string, Column>,
  tests: KeyTest[],
): string[] {
  return inferred(constraints, columns, tests).sort(byCodePoint);
}
