// Unit tests (`unit_tests:` entries of property files, dbt 1.8+) as dbt's UnitTestParser and
// process_models_for_unit_test make them (dbt 1.11): the tested model found as ref() finds it in the test's own
// package, one test per version of a versioned model, configs from dbt_project.yml's `unit_tests:` and the entry's
// `config:`, rows normalised (unit-test-rows.ts), and the checksum dbt computes from Python's repr of the test.
// A test whose model is disabled is disabled; one whose model does not exist is reported (dbt stops there).
import { createHash } from 'node:crypto';
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from '../config.js';
import { relationNames } from '../naming.js';
import type { ProjectFile } from '../project.js';
import { resourcePathsOf, under } from '../project-files.js';
import type { PropertyFile } from '../properties.js';
import { pythonFloat, pythonRepr, pythonStringRepr } from '../python-text.js';
import type { Diagnostic, GraphNode, UnitTest, UnitTestFixture } from '../types.js';
import { readFixture } from './unit-test-fixtures.js';
import { isoDates, REST_KEY, wholeFloats } from './unit-test-rows.js';
import { writtenIn } from '../yaml/yaml-written.js';
import { isRecord } from '../yaml/yaml.js';
import { pathFrom } from '../text.js';

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
  /** Renders a value of the entry as dbt renders unit tests (all but the description), at its file and line. */
  render: (value: unknown, file: string, line: number) => unknown;
  diagnostics: Diagnostic[];
}

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
      ([k, v]) =>
        `${k === REST_KEY ? 'None' : pythonStringRepr(k)}: ${floats?.has(k) ? pythonFloat(v as number) : rowsRepr(v)}`,
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
  const models = scope.nodes.filter((n) => n.resource_type === 'model' && n.package_name === project.name);
  const resourcePaths = resourcePathsOf(project);
  for (const file of scope.propertyFiles) {
    for (const entry of file.unitTests ?? []) {
      const report = (message: string) =>
        scope.diagnostics.push({
          code: 'invalid-unit-test',
          severity: 'error',
          message: `unit test \`${entry.name}\`: ${message}`,
          file: entry.file,
          line: entry.line,
        });
      // dbt renders every value of the entry but its description before it reads it.
      const value = (key: string) =>
        scope.render(entry.data[key], entry.file, entry.lines.key(entry.data, key, entry.line));
      const rel = pathFrom(project.root, entry.file);
      const model = value('model');
      if (typeof model !== 'string' || model.trim() === '') {
        report('it has no `model`');
        continue;
      }
      const text = scope.files.get(entry.file) ?? '';
      const fixtures = {
        project,
        nodes: scope.nodes,
        files: scope.files,
        report,
        written: writtenIn(text, entry.lines),
      };
      const givenData = value('given');
      if (givenData !== undefined && givenData !== null && !Array.isArray(givenData)) report('`given` must be a list');
      const given = (Array.isArray(givenData) ? givenData : []).map((g) => readFixture(fixtures, g, true));
      const expectData = value('expect');
      if (expectData === undefined || expectData === null) report('it has no `expect`');
      const expect = readFixture(fixtures, expectData ?? { rows: [] }, false);
      const overridesData = value('overrides');
      if (overridesData !== undefined && overridesData !== null && !isRecord(overridesData))
        report('`overrides` must be a mapping');
      const overrides = isRecord(overridesData)
        ? {
            macros: recordOf(isoDates(overridesData['macros'], fixtures.written)),
            vars: recordOf(isoDates(overridesData['vars'], fixtures.written)),
            env_vars: recordOf(isoDates(overridesData['env_vars'], fixtures.written)),
          }
        : null;
      const versionsData = value('versions');
      if (versionsData !== undefined && versionsData !== null && !isRecord(versionsData))
        report('`versions` must be a mapping of `include` or `exclude`');
      const versions = isRecord(versionsData)
        ? { include: listOrNull(versionsData['include']), exclude: listOrNull(versionsData['exclude']) }
        : null;
      if (versions?.include?.length && versions.exclude?.length) report('`versions` cannot both include and exclude');
      const path = under(resourcePaths, rel)?.rest ?? rel;
      const fqn = [project.name, ...rel.split('/').slice(1, -1), model, entry.name];
      const layers: ConfigLayer[] = [...projectLayers(project.configs.unit_tests, fqn)];
      const own = value('config');
      if (isRecord(own)) layers.push(flatLayer(own, { file: entry.file, line: entry.line }));
      else if (own !== undefined && own !== null) report('`config` must be a mapping');
      if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.unit_tests, fqn));
      const config = mergeLayers({ tags: [], meta: {}, enabled: true }, layers).values;
      if (!isRecord(config['meta'])) report('`meta` must be a mapping');
      if (typeof config['enabled'] !== 'boolean') report('`enabled` must be true or false');
      // The model as ref() finds it in the test's package: `name`, `name.vN` or `name N`, unversioned = latest.
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
      // dbt 1.11: a test of a disabled model is disabled, with no model and no schema; dbt stops on a test of a
      // model it cannot find at all, unless the test is disabled itself (then never looked at again).
      if (!tested && !find(false) && config['enabled'] !== false) {
        report(`it tests model \`${model}\`, which is not in project \`${project.name}\` (dbt stops here)`);
        continue;
      }
      if (!tested) config['enabled'] = false;
      const test: UnitTest = {
        unique_id: `unit_test.${project.name}.${model}.${entry.name}`,
        name: entry.name,
        model,
        package_name: project.name,
        path,
        original_file_path: rel,
        fqn,
        description: typeof entry.data['description'] === 'string' ? entry.data['description'] : '',
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
        if (tested && config['enabled'] !== false && (versions?.include || versions?.exclude))
          report(`\`versions\` are given for \`${model}\`, which has none`);
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
      if (chosen.length === 0) report(`\`versions\` select no version of \`${model}\``);
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
