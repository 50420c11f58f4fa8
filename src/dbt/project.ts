// dbt_project.yml -> the facts the compiler needs: name, resource paths, vars and the per-resource config trees.
import type { Diagnostic } from './types.js';
import { joinPath, normalisePath, pathFrom } from './text.js';
import { isRecord, loadYamlFile, type YamlLines } from './yaml/yaml.js';
import { isWholeFloat, writtenIn, type Written } from './yaml/yaml-written.js';
import { Float, setKey } from './jinja/values.js';

export interface ConfigTree {
  /** The `models:` (or `seeds:` / `snapshots:` / `sources:` / `exposures:`) mapping as written, rendered. */
  tree: Record<string, unknown>;
  /** The same mapping before rendering: `lines` knows the positions of these objects, not of rendered copies. */
  raw: Record<string, unknown>;
  lines: YamlLines;
  file: string;
}

export interface ProjectFile {
  name: string;
  /** Repository-relative folder of dbt_project.yml ('' for the root). */
  root: string;
  file: string;
  modelPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  macroPaths: string[];
  docsPaths: string[] | null;
  analysisPaths: string[];
  testPaths: string[];
  /** dbt 1.11+'s user-defined functions (`function-paths`, default `functions`). */
  functionPaths: string[];
  vars: Record<string, unknown>;
  configs: Record<
    | 'models'
    | 'seeds'
    | 'snapshots'
    | 'sources'
    | 'exposures'
    | 'tests'
    | 'unit_tests'
    | 'semantic_models'
    | 'metrics'
    | 'saved_queries'
    | 'functions',
    ConfigTree
  >;
  raw: Record<string, unknown>;
}

const HOOK_KEYS = new Set(['pre-hook', 'post-hook', 'pre_hook', 'post_hook']);

/**
 * A resource path list, each path as seen from the project's folder: one that leaves the folder and comes back
 * (`../sales/models` in `sales/`) is `models`, where its files are.
 */
function pathList(value: unknown, fallback: string[], root: string): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!list) return fallback;
  return list.filter((p): p is string => typeof p === 'string').map((p) => pathFrom(root, joinPath(root, p)));
}

/**
 * Reads a dbt_project.yml. `render` evaluates the Jinja in values (dbt renders dbt_project.yml with `--vars`,
 * env_var and target, but not the project's own vars).
 */
export function readProjectFile(
  text: string,
  file: string,
  root: string,
  render: (value: unknown, line: number) => unknown,
  /** The `vars:` of the project's vars.yml (dbt 1.12), when it has any: they are the project's vars. */
  varsFile: Record<string, unknown> | null = null,
): { project: ProjectFile | null; diagnostics: Diagnostic[] } {
  const loaded = loadYamlFile(text, file);
  if (loaded.diagnostics.length > 0) return { project: null, diagnostics: loaded.diagnostics };
  const raw = loaded.value;
  if (!isRecord(raw)) {
    return {
      project: null,
      diagnostics: [
        { code: 'invalid-project', severity: 'error', message: 'dbt_project.yml is not a mapping', file, line: 1 },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const name = render(raw['name'], loaded.lines.key(raw, 'name'));
  if (typeof name !== 'string' || name.trim() === '') {
    diagnostics.push({
      code: 'invalid-project',
      severity: 'error',
      message: 'dbt_project.yml has no `name`; the project is skipped',
      file,
      line: 1,
    });
    return { project: null, diagnostics };
  }
  const modelPaths = pathList(raw['model-paths'] ?? raw['source-paths'], ['models'], root);
  const seedPaths = pathList(raw['seed-paths'] ?? raw['data-paths'], ['seeds'], root);
  const snapshotPaths = pathList(raw['snapshot-paths'], ['snapshots'], root);
  const macroPaths = pathList(raw['macro-paths'], ['macros'], root);
  const analysisPaths = pathList(raw['analysis-paths'], ['analyses'], root);
  const testPaths = pathList(raw['test-paths'], ['tests'], root);
  const functionPaths = pathList(raw['function-paths'], ['functions'], root);
  const docsPaths = raw['docs-paths'] === undefined ? null : pathList(raw['docs-paths'], [], root);
  // dbt's DbtProjectYamlRenderer renders the config trees except hooks, which are rendered per node later.
  const renderTree = (dict: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(dict)) {
      const bare = key.replace(/^\+\s*/, '');
      if (HOOK_KEYS.has(bare)) out[key] = value;
      else if (isRecord(value)) out[key] = renderTree(value);
      else out[key] = render(value, loaded.lines.key(dict, key));
    }
    return out;
  };
  const tree = (key: string): ConfigTree => {
    const value = raw[key];
    return {
      tree: isRecord(value) ? renderTree(value) : {},
      raw: isRecord(value) ? value : {},
      lines: loaded.lines,
      file,
    };
  };
  const ownVars = isRecord(raw['vars']) ? jinjaVars(raw['vars'], writtenIn(text, loaded.lines)) : {};
  if (varsFile !== null && Object.keys(ownVars).length > 0)
    diagnostics.push({
      code: 'invalid-project',
      severity: 'error',
      message:
        'Variables cannot be defined in both vars.yml and dbt_project.yml (dbt stops here); those of vars.yml are used',
      file,
      line: loaded.lines.key(raw, 'vars'),
    });
  const vars = varsFile ?? ownVars;
  return {
    project: {
      name: name.trim(),
      root,
      file,
      modelPaths,
      seedPaths,
      snapshotPaths,
      macroPaths,
      docsPaths,
      analysisPaths,
      testPaths,
      functionPaths,
      vars,
      configs: {
        models: tree('models'),
        seeds: tree('seeds'),
        snapshots: tree('snapshots'),
        sources: tree('sources'),
        exposures: tree('exposures'),
        // `data_tests:` (dbt 1.8+), else the older `tests:`.
        tests: tree(raw['data_tests'] !== undefined ? 'data_tests' : 'tests'),
        unit_tests: tree('unit_tests'),
        semantic_models: tree('semantic-models'),
        metrics: tree('metrics'),
        saved_queries: tree('saved-queries'),
        functions: tree('functions'),
      },
      raw,
    },
    diagnostics,
  };
}

/** The files that name a project's packages (dependencies.yml also names dbt Mesh projects). */
export const PACKAGES_FILES = ['packages.yml', 'dependencies.yml'] as const;

export interface PackageRef {
  /** Repository-relative folder of a `local:` package. */
  local: string | null;
  /** Name guessed for a hub/git package (not in the repository), e.g. `dbt_utils` from `dbt-labs/dbt_utils`. */
  name: string | null;
  /** Whether it is a dbt Hub package (`package: org/name`), whose name is the project's own. */
  hub?: boolean;
  line: number;
}

/**
 * packages.yml / dependencies.yml -> the packages it names (only `local:` ones can be compiled), and the other
 * dbt projects it depends on (dbt Mesh: `projects:` in dependencies.yml).
 */
export function readPackagesFile(
  text: string,
  file: string,
  root: string,
): { packages: PackageRef[]; projects: string[]; diagnostics: Diagnostic[] } {
  const loaded = loadYamlFile(text, file);
  if (loaded.diagnostics.length > 0) return { packages: [], projects: [], diagnostics: loaded.diagnostics };
  const doc = loaded.value;
  // dbt reads `projects:` from dependencies.yml only.
  const projectList =
    file.endsWith('dependencies.yml') && isRecord(doc) && Array.isArray(doc['projects']) ? doc['projects'] : [];
  const projects = projectList.flatMap((entry) =>
    isRecord(entry) && typeof entry['name'] === 'string' ? [entry['name']] : [],
  );
  const list = isRecord(doc) && Array.isArray(doc['packages']) ? doc['packages'] : [];
  const packages: PackageRef[] = [];
  list.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const line = loaded.lines.item(list, index);
    if (typeof entry['local'] === 'string') {
      packages.push({
        local: normalisePath(root === '' ? entry['local'] : `${root}/${entry['local']}`),
        name: null,
        line,
      });
    } else {
      const spec = entry['package'] ?? entry['git'] ?? entry['private'] ?? entry['name'];
      if (typeof spec === 'string') {
        const last =
          spec
            .replace(/\.git$/, '')
            .split(/[/:]/)
            .pop() ?? spec;
        packages.push({ local: null, name: last.replace(/-/g, '_'), hub: typeof entry['package'] === 'string', line });
      }
    }
  });
  return { packages, projects, diagnostics: [] };
}

/**
 * A project's vars.yml (dbt 1.12): its `vars:` mapping, or null when the file says none (empty, or no `vars:` key),
 * in which case dbt_project.yml's vars are used.
 */
export function readVarsFile(
  text: string,
  file: string,
): { vars: Record<string, unknown> | null; diagnostics: Diagnostic[] } {
  const loaded = loadYamlFile(text, file);
  if (loaded.diagnostics.length > 0) return { vars: null, diagnostics: loaded.diagnostics };
  const value = isRecord(loaded.value) ? loaded.value['vars'] : undefined;
  if (value === undefined || value === null) return { vars: null, diagnostics: [] };
  if (!isRecord(value))
    return {
      vars: null,
      diagnostics: [
        { code: 'invalid-project', severity: 'error', message: '`vars:` in vars.yml must be a mapping', file, line: 1 },
      ],
    };
  return {
    vars: Object.keys(value).length > 0 ? jinjaVars(value, writtenIn(text, loaded.lines)) : null,
    diagnostics: [],
  };
}

/**
 * Vars as Jinja reads them: a whole number the file wrote as a float (`version: 1.0`) is a Float, which renders
 * `1.0` as Python does (JavaScript has read it as 1). Items of lists are kept as they are.
 */
export function jinjaVars(vars: Record<string, unknown>, written: Written): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(vars)) {
    const value = vars[key];
    const copy = isWholeFloat(vars, key, written)
      ? new Float(value as number)
      : isRecord(value)
        ? jinjaVars(value, written)
        : value;
    setKey(out, key, copy);
  }
  return out;
}
