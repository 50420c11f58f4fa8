// Singular data tests: the SQL files under a project's test paths (not those under `<test path>/generic/`, which
// hold generic test definitions, nor unit test fixtures under `fixtures/`) -> dbt's test nodes:
// `test.<package>.<file name>` with no hash, the stripped file as raw_code and its sha256 as checksum, configs
// from `data_tests:` in dbt_project.yml and the file's `config()` calls, refs and sources as in a model. Checked
// against manifests `dbt parse` wrote (dbt 1.8, 1.9).
import { translateLayers, type Aliases } from '../adapter-aliases.js';
import { Checksum } from '../checksum.js';
import { flatLayer, mergeLayers, projectLayers, type ConfigLayer } from '../config.js';
import { dropInvalidConfigs, settleStoreFailures, testDefaults } from './test-config.js';
import type { ScanResult } from '../jinja/index.js';
import type { ProjectFile } from '../project.js';
import { under } from '../project-files.js';
import { pythonStrip, pathFrom } from '../text.js';
import type { Diagnostic, RefCall, SourceCall, TestNode } from '../types.js';
import { unrenderedConfig } from '../unrendered.js';
import { staticConfigCall, type StaticConfigStyle } from '../jinja/static-config.js';
import type { PropertyFile } from '../properties.js';
import { patchLayer } from '../patch.js';

export interface SingularTestScope {
  project: ProjectFile;
  root: ProjectFile;
  /** The project's files, paths from the repository root. */
  files: ReadonlyArray<readonly [string, string]>;
  scanSql: (text: string, path: string) => ScanResult;
  maxChars: number;
  /** The project's property files: a `data_tests:` entry gives a singular test a description and configs. */
  propertyFiles: readonly PropertyFile[];
  /** A description as dbt renders it (`doc()` blocks, Jinja). */
  describe: (text: string, file: string, line: number) => string;
  /** How config() calls are recorded in unrendered_config (manifest-shape.ts staticConfigStyle). */
  staticConfigCalls: StaticConfigStyle | null;
  /** The adapter's aliases of config keys (adapter-aliases.ts). */
  configAliases: Aliases | null;
  diagnostics: Diagnostic[];
}

export function buildSingularTests(scope: SingularTestScope): TestNode[] {
  const { project } = scope;
  const tests: TestNode[] = [];
  const described = new Map<string, NonNullable<PropertyFile['singularTests']>[number]>();
  for (const file of scope.propertyFiles)
    for (const entry of file.singularTests ?? []) described.set(entry.name, entry);
  const used = new Set<NonNullable<PropertyFile['singularTests']>[number]>();
  // dbt reads generic test definitions from `<test path>/generic/` and unit test fixtures from `fixtures/`.
  const notSingular = project.testPaths.flatMap((path) => [`${path}/generic`, `${path}/fixtures`]);
  for (const [path, text] of scope.files) {
    const rel = pathFrom(project.root, path);
    if (!rel.toLowerCase().endsWith('.sql') || text.length > scope.maxChars) continue;
    const at = under(project.testPaths, rel);
    if (at === null || under(notSingular, rel) !== null) continue;
    const name = at.rest.slice(at.rest.lastIndexOf('/') + 1, -'.sql'.length);
    const fqn = [project.name, ...at.rest.split('/').slice(0, -1), name];
    const scan = scope.scanSql(text, path);
    const layers: ConfigLayer[] = [...projectLayers(project.configs.tests, fqn)];
    if (project !== scope.root) layers.push(...projectLayers(scope.root.configs.tests, fqn));
    // Copies: the scan is cached, and configs dbt refuses are left out of these.
    const calls: ConfigLayer[] = scan.configs.map((call) => {
      const values = { ...call.values };
      for (const problem of dropInvalidConfigs(values))
        scope.diagnostics.push({ ...problem, file: path, line: call.line });
      return flatLayer(values, { file: path, line: call.line });
    });
    // dbt's SingularTestPatchParser: a `data_tests:` entry patches an enabled test only (its lookup holds the
    // manifest's nodes), its config over dbt_project.yml's and under the file's config() calls.
    const patch = described.get(name);
    const enabled = mergeLayers(testDefaults(), [...layers, ...calls]).values['enabled'] !== false;
    const patched = patch !== undefined && enabled;
    if (patch) used.add(patch);
    if (patched) {
      const layer = patchLayer(patch, scope.diagnostics);
      for (const problem of dropInvalidConfigs(layer.values))
        scope.diagnostics.push({ ...problem, file: patch.file, line: patch.line });
      layers.push(layer);
    }
    layers.push(...calls);
    translateLayers(layers, scope.configAliases, scope.diagnostics);
    const config = mergeLayers(testDefaults(), layers, settleStoreFailures).values;
    const given = config['tags'];
    const tags = [...new Set(Array.isArray(given) ? given.filter((t): t is string => typeof t === 'string') : [])];
    config['tags'] = tags;
    const refs: RefCall[] = scan.refs.map((r) => ({
      name: r.name,
      package: r.package,
      version: r.version,
      pos: { file: path, line: r.line },
      certainty: r.certainty,
    }));
    const sources: SourceCall[] = scan.sources.map((s) => ({
      source: s.source,
      table: s.table,
      pos: { file: path, line: s.line },
    }));
    tests.push({
      kind: 'singular',
      unique_id: `test.${project.name}.${name}`,
      name,
      alias: typeof config['alias'] === 'string' ? config['alias'] : name,
      package_name: project.name,
      path: at.rest,
      original_file_path: rel,
      fqn,
      file: path,
      line: 1,
      config,
      unrendered_config: unrenderedConfig(
        layers,
        scope.staticConfigCalls && calls.length > 0 ? staticConfigCall(text, scope.staticConfigCalls) : null,
      ),
      tags,
      raw_code: pythonStrip(text),
      checksum: Checksum.of(text),
      column_name: null,
      file_key_name: null,
      attached_node: null,
      group: typeof config['group'] === 'string' ? config['group'] : null,
      test_metadata: null,
      refs,
      sources,
      depends_on: { macros: [...(scan.macros ?? [])], nodes: [] },
      ...(scan.functions
        ? {
            functions: scan.functions.map((f) => ({
              name: f.name,
              package: f.package,
              pos: { file: path, line: f.line },
            })),
          }
        : {}),
      description:
        patched && typeof patch.data['description'] === 'string'
          ? scope.describe(
              patch.data['description'],
              patch.file,
              patch.lines.key(patch.data, 'description', patch.line),
            )
          : '',
      patch_path: patched ? `${project.name}://${pathFrom(project.root, patch.file)}` : null,
    });
  }
  // dbt warns of an entry that names no singular test of the project (NoNodeForYamlKey).
  for (const entry of described.values()) {
    if (used.has(entry)) continue;
    scope.diagnostics.push({
      code: 'property-without-node',
      severity: 'warning',
      message: `\`data_tests:\` entry for singular test \`${entry.name}\`, which does not exist in project \`${project.name}\``,
      file: entry.file,
      line: entry.line,
    });
  }
  return tests;
}
