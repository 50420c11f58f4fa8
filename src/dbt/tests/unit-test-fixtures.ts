// One `given` input or the `expect` of a unit test, read as dbt's UnitTestParser reads it
// (_validate_and_normalize_rows): its format (dict, csv or sql), its rows (inline, from a fixture file under
// `<test path>/fixtures/`, or for a dict input without rows from the seed it refs), normalised (unit-test-rows.ts).
// A fixture that dbt would refuse is a diagnostic; the test is still written, with what could be read.
import type { Written } from '../yaml/yaml-written.js';
import type { ProjectFile } from '../project.js';
import { joinPath, pythonStrip } from '../text.js';
import type { GraphNode, UnitTestFixture } from '../types.js';
import { csvDicts, emptyAsNone, isoDates, promoteCompleteRow } from './unit-test-rows.js';
import { isRecord } from '../yaml/yaml.js';

export interface FixtureScope {
  project: ProjectFile;
  nodes: GraphNode[];
  files: ReadonlyMap<string, string>;
  /** Says what is wrong, at the unit test's entry. */
  report: (message: string) => void;
  /** The scalar as written in the property file, to tell `5.00` from `5`. */
  written: Written;
}

const FORMATS = new Set(['dict', 'csv', 'sql']);
const SEED_REF = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/;

export function readFixture(scope: FixtureScope, raw: unknown, isInput: boolean): UnitTestFixture {
  const { project, report } = scope;
  const what = isInput ? 'a `given` input' : '`expect`';
  if (!isRecord(raw)) report(`${what} must be a mapping`);
  const data = isRecord(raw) ? raw : {};
  const format = typeof data['format'] === 'string' && FORMATS.has(data['format']) ? data['format'] : 'dict';
  if (data['format'] !== undefined && data['format'] !== format)
    report(`${what} has format \`${String(data['format'])}\`: dbt knows dict, csv and sql`);
  const fixture = typeof data['fixture'] === 'string' ? data['fixture'] : null;
  const given = isoDates(data['rows'] ?? null, scope.written);
  const input = data['input'];
  if (isInput && typeof input !== 'string') report('a `given` input needs an `input` (e.g. `ref(...)`)');
  // A fixture file's text as dbt stores it: stripped.
  const fixtureText = (ext: 'csv' | 'sql'): string | null => {
    const prefixes = project.testPaths.map((p) => `${joinPath(project.root, p)}/fixtures/`);
    for (const [path, text] of scope.files)
      if (path.endsWith(`/${fixture}.${ext}`) && prefixes.some((prefix) => path.startsWith(prefix)))
        return pythonStrip(text);
    report(`fixture \`${fixture}\` (.${ext}) is not in ${project.testPaths.map((p) => `${p}/fixtures`).join(', ')}`);
    return null;
  };
  let rows: UnitTestFixture['rows'] = null;
  if (format === 'dict') {
    if (fixture !== null) report(`${what}: a dict fixture has its rows inline, not in a fixture file`);
    if (given === null && fixture === null && isInput) rows = seedRows(scope, typeof input === 'string' ? input : '');
    else if (Array.isArray(given)) {
      if (!given.every(isRecord)) report(`${what}: every row of a dict fixture must be a mapping`);
      rows = given.filter(isRecord);
    } else if (given !== null || !isInput) report(`${what}: the rows of a dict fixture must be a list`);
    if (Array.isArray(rows)) rows = promoteCompleteRow(rows);
  } else if (format === 'csv') {
    const text = fixture !== null ? fixtureText('csv') : typeof given === 'string' ? given : null;
    if (text === null && fixture === null) report(`${what}: a csv fixture needs \`rows\` (text) or \`fixture\``);
    rows = promoteCompleteRow(emptyAsNone(csvDicts(text ?? '')));
  } else {
    rows = fixture !== null ? fixtureText('sql') : typeof given === 'string' ? given : null;
    if (fixture === null && typeof given !== 'string')
      report(`${what}: a sql fixture needs \`rows\` (text) or \`fixture\``);
  }
  return {
    ...(isInput ? { input: typeof input === 'string' ? input : '' } : {}),
    rows,
    format: format as UnitTestFixture['format'],
    fixture,
  };
}

/** A dict input without rows: the rows of the seed it refs, in the test's package or the one named (dbt 1.8+). */
function seedRows(scope: FixtureScope, input: string): Array<Record<string, unknown>> {
  const match = SEED_REF.exec(input);
  const pkg = match?.[2] === undefined ? scope.project.name : match[1]!;
  const name = match?.[2] ?? match?.[1];
  const seed = scope.nodes.find(
    (n) => n.resource_type === 'seed' && n.name === name && n.package_name === pkg && n.config.enabled !== false,
  );
  const text = seed ? scope.files.get(seed.file) : undefined;
  if (text === undefined) {
    scope.report(`a dict input without rows takes a seed's rows: \`${input}\` is no ref() to a seed of \`${pkg}\``);
    return [];
  }
  return csvDicts(text);
}
