// Unit tests (`unit_tests:` entries of property files, dbt 1.8+) as dbt's UnitTestParser and
// process_models_for_unit_test make them (dbt 1.11): the tested model found as ref() finds it in the test's own
// package, one test per version of a versioned model, configs from dbt_project.yml's `unit_tests:` and the entry's
// `config:`, rows normalised (unit-test-rows.ts), and the checksum dbt computes from Python's repr of the test.
// A test whose model is disabled is disabled; one whose model does not exist is reported (dbt stops there).
import { createHash } from 'node:crypto';
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from './config.js';
import { relationNames } from './naming.js';
import type { ProjectFile } from './project.js';
import { under } from './project-files.js';
import type { PropertyFile } from './properties.js';
import { pythonRepr, pythonStringRepr } from './python-text.js';
import type { Diagnostic, GraphNode, UnitTest, UnitTestFixture } from './types.js';
import { csvDicts, emptyAsNone, isoDates, promoteCompleteRow, scalarAfterKey, wholeFloats } from './unit-test-rows.js';
import { isRecord } from './yaml.js';

export interface UnitTestScope {
  project: ProjectFile;
  /** The unit's root project: its `unit_tests:` configs apply to every package's tests, last. */
  root: ProjectFile;
  propertyFiles: PropertyFile[];
  /** Every node of the unit, enabled or not. */
  nodes: GraphNode[];
  /** The project's files (repository paths): property files' text, fixtures, seeds. */
  files: ReadonlyMap<string, string>;
  target: { schema: string; database: string };
  diagnostics: Diagnostic[];
}

const FORMATS = new Set(['dict', 'csv', 'sql']);
const ENUM: Record<UnitTestFixture['format'], string> = {
  dict: "<UnitTestFormat.Dict: 'dict'>",
  csv: "<UnitTestFormat.CSV: 'csv'>",
  sql: "<UnitTestFormat.SQL: 'sql'>",
};

/** Python's repr of normalised rows, a whole float written `5.0` as Python would. */
function rowsRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(rowsRepr).join(', ')}]`;
  if (isRecord(value)) {
    const floats = wholeFloats.get(value);
    const items = Object.entries(value).map(
      ([k, v]) => `${pythonStringRepr(k)}: ${floats?.has(k) ? `${String(v)}.0` : rowsRepr(v)}`,
    );
    return `{${items.join(', ')}}`;
  }
  return pythonRepr(value);
}

/** dbt's build_unit_test_checksum: the f-string of model, versions, given, expect and overrides (and fixture rows). */
function checksumOf(test: Pick<UnitTest, 'model' | 'versions' | 'given' | 'expect' | 'overrides'>): string {
  const fixture = (f: UnitTestFixture) =>
    `rows=${rowsRepr(f.rows)}, format=${ENUM[f.format]}, fixture=${pythonRepr(f.fixture)}`;
  const given = test.given.map((g) => `UnitTestInputFixture(input=${pythonRepr(g.input ?? null)}, ${fixture(g)})`);
  const versions = test.versions
    ? `UnitTestNodeVersions(include=${pythonRepr(test.versions.include)}, exclude=${pythonRepr(test.versions.exclude)})`
    : 'None';
  const overrides = test.overrides
    ? `UnitTestOverrides(macros=${rowsRepr(test.overrides.macros)}, vars=${rowsRepr(test.overrides.vars)}, env_vars=${rowsRepr(test.overrides.env_vars)})`
    : 'None';
  let data = `${test.model}-${versions}-[${given.join(', ')}]-UnitTestOutputFixture(${fixture(test.expect)})-${overrides}`;
  for (const g of test.given) if (g.fixture) data += `-${rowsRepr(g.rows)}`;
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function buildUnitTests(scope: UnitTestScope): UnitTest[] {
  const { project } = scope;
  const tests: UnitTest[] = [];
  const versioned: UnitTest[] = [];
  const report = (message: string, file: string, line: number, severity: Diagnostic['severity'] = 'error') =>
    scope.diagnostics.push({ code: 'invalid-unit-test', severity, message, file, line });
  const models = scope.nodes.filter((n) => n.resource_type === 'model' && n.package_name === project.name);
  const resourcePaths = [
    ...project.modelPaths,
    ...project.seedPaths,
    ...project.snapshotPaths,
    ...project.analysisPaths,
    ...project.macroPaths,
    ...project.testPaths,
  ];
  for (const file of scope.propertyFiles) {
    for (const entry of file.unitTests ?? []) {
      const data = entry.data;
      const rel = project.root === '' ? entry.file : entry.file.slice(project.root.length + 1);
      const model = typeof data['model'] === 'string' ? data['model'] : null;
      if (model === null) {
        report(`unit test \`${entry.name}\` has no \`model\``, entry.file, entry.line);
        continue;
      }
      const text = scope.files.get(entry.file) ?? '';
      const written = (container: object, key: string) =>
        scalarAfterKey(lineOf(text, entry.lines.key(container, key, 0)), key);
      const fixtures = fixtureReader(scope, entry.file, entry.line, report);
      const given = (Array.isArray(data['given']) ? data['given'] : []).map((g) => fixtures(g, true, written));
      const expect = fixtures(data['expect'], false, written);
      const overrides = isRecord(data['overrides'])
        ? {
            macros: recordOf(isoDates(data['overrides']['macros'], written)),
            vars: recordOf(isoDates(data['overrides']['vars'], written)),
            env_vars: recordOf(isoDates(data['overrides']['env_vars'], written)),
          }
        : null;
      const versionsData = isRecord(data['versions']) ? data['versions'] : null;
      const versions = versionsData
        ? { include: listOrNull(versionsData['include']), exclude: listOrNull(versionsData['exclude']) }
        : null;
      if (versions?.include?.length && versions.exclude?.length)
        report(`unit test \`${entry.name}\`: versions cannot both include and exclude`, entry.file, entry.line);
      const path = under(resourcePaths, rel)?.rest ?? rel;
      const dirs = rel.split('/').slice(1, -1);
      const fqn = [project.name, ...dirs, model, entry.name];
      const layers: ConfigLayer[] = [...projectLayers(project.configs.unit_tests, fqn)];
      if (isRecord(data['config'])) layers.push(flatLayer(data['config'], { file: entry.file, line: entry.line }));
      if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.unit_tests, fqn));
      const config = mergeLayers({ tags: [], meta: {}, enabled: true }, layers).values;
      const [name = '', versionText] = model.trim().split(/\s+/);
      const key = versionText === undefined ? name : `${name}.v${versionText}`;
      const find = (enabled: boolean) =>
        models.find(
          (n) =>
            (n.config.enabled !== false) === enabled &&
            (n.version === null
              ? n.name === key
              : `${n.name}.v${String(n.version)}` === key || (n.name === key && isLatest(n))),
        );
      const tested = find(true);
      const disabledModel = tested ? undefined : find(false);
      if (!tested && !disabledModel) {
        report(
          `unit test \`${entry.name}\` tests model \`${model}\`, which is not in project \`${project.name}\` (dbt stops here)`,
          entry.file,
          entry.line,
        );
        continue;
      }
      // dbt 1.11: a test of a disabled model is disabled, with no model and no schema.
      if (!tested) config['enabled'] = false;
      const test: UnitTest = {
        unique_id: `unit_test.${project.name}.${model}.${entry.name}`,
        name: entry.name,
        model,
        package_name: project.name,
        path,
        original_file_path: rel,
        fqn,
        description: typeof data['description'] === 'string' ? data['description'] : '',
        given,
        expect,
        overrides,
        depends_on: { macros: [], nodes: tested ? [tested.unique_id] : [] },
        config,
        checksum: '',
        schema: tested ? relationNames(tested, scope.target).schema : null,
        versions,
        version: null,
        file: entry.file,
        line: entry.line,
      };
      test.checksum = checksumOf(test);
      if (!tested || config['enabled'] === false || tested.version === null) {
        if (tested && versions)
          report(`unit test \`${entry.name}\`: \`versions\` of an unversioned model`, entry.file, entry.line);
        tests.push(test);
        continue;
      }
      // One test per version of the model, in the order of its nodes; its name and fqn unchanged.
      const same = (a: unknown, b: unknown) => typeof a === typeof b && a === b;
      const chosen = models.filter(
        (n) =>
          n.name === tested.name &&
          n.version !== null &&
          n.config.enabled !== false &&
          (versions?.include ? versions.include.some((v) => same(v, n.version)) : true) &&
          !(versions?.exclude ?? []).some((v) => same(v, n.version)),
      );
      if (chosen.length === 0)
        report(`unit test \`${entry.name}\` selects no version of \`${model}\``, entry.file, entry.line);
      for (const version of chosen) {
        versioned.push({
          ...test,
          unique_id: `${test.unique_id}_v${String(version.version)}`,
          depends_on: { macros: [], nodes: [version.unique_id] },
          version: version.version,
        });
      }
    }
  }
  return [...tests, ...versioned];
}

function lineOf(text: string, line: number): string {
  if (line < 1) return '';
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end);
}

function isLatest(node: GraphNode): boolean {
  return node.version !== null && String(node.version) === String(node.latest_version);
}

function listOrNull(value: unknown): unknown[] | null {
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? value : [value];
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** Reads one `given` input or the `expect` into its normalised form (dbt's _validate_and_normalize_rows). */
function fixtureReader(
  scope: UnitTestScope,
  file: string,
  line: number,
  report: (message: string, file: string, line: number) => void,
) {
  const { project } = scope;
  const rootPrefix = project.root === '' ? '' : `${project.root}/`;
  /** The project's fixture file `<name>.<ext>`, in a folder under `<test path>/fixtures`. */
  const fixtureText = (name: string, ext: 'csv' | 'sql'): string | null => {
    for (const testPath of project.testPaths) {
      const prefix = `${rootPrefix}${testPath}/fixtures/`;
      for (const [path, text] of scope.files)
        if (path.startsWith(prefix) && (path.endsWith(`/${name}.${ext}`) || path === `${prefix}${name}.${ext}`))
          return text;
    }
    report(`unit test fixture \`${name}\` (${ext}) is not in ${project.testPaths.join(', ')}/fixtures`, file, line);
    return null;
  };
  return (raw: unknown, isInput: boolean, written: (c: object, k: string) => string | null): UnitTestFixture => {
    const data = isRecord(raw) ? raw : {};
    const format = typeof data['format'] === 'string' && FORMATS.has(data['format']) ? data['format'] : 'dict';
    if (data['format'] !== undefined && data['format'] !== format)
      report(`unit test format \`${String(data['format'])}\` is not dict, csv or sql`, file, line);
    const fixture = typeof data['fixture'] === 'string' ? data['fixture'] : null;
    const given = isoDates(data['rows'] ?? null, written);
    let rows: UnitTestFixture['rows'] = null;
    if (format === 'dict') {
      if (given === null && fixture === null && isInput) {
        // The rows of the seed the input refs.
        const seed = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(
          typeof data['input'] === 'string' ? data['input'] : '',
        );
        const node = seed ? scope.nodes.find((n) => n.resource_type === 'seed' && n.name === seed[1]) : undefined;
        const text = node ? scope.files.get(node.file) : undefined;
        if (text === undefined) report('a dict input without rows must ref a seed', file, line);
        rows = text === undefined ? [] : csvDicts(text);
      } else if (Array.isArray(given)) rows = given.filter(isRecord);
      else report('the rows of a dict fixture must be a list', file, line);
      if (Array.isArray(rows)) rows = promoteCompleteRow(rows);
    } else if (format === 'csv') {
      const text = fixture !== null ? fixtureText(fixture, 'csv') : typeof given === 'string' ? given : null;
      if (text === null && fixture === null) report('a csv fixture needs `rows` (text) or `fixture`', file, line);
      rows = promoteCompleteRow(emptyAsNone(csvDicts(text ?? '')));
    } else {
      rows = fixture !== null ? fixtureText(fixture, 'sql') : typeof given === 'string' ? given : null;
    }
    return {
      ...(isInput ? { input: typeof data['input'] === 'string' ? data['input'] : String(data['input'] ?? '') } : {}),
      rows,
      format: format as UnitTestFixture['format'],
      fixture,
    };
  };
}
