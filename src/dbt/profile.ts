// The target a project's own profiles.yml names, when the project folder holds one: dbt reads profiles.yml from the
// folder it runs in before ~/.dbt, so `dbt parse` in a repository that commits one builds with that profile's
// default target (its adapter, database and schema). Values go through Jinja (env_var and its default, --vars); one
// that does not render (an env var that is not set and has no default) is left to the defaults, unreported: a
// repository's profile names the secrets and settings of someone's machine, which a review has no use for.
import type { Diagnostic, FileMap } from './types.js';
import { isRecord, loadYaml } from './yaml.js';

export interface ProfileTarget {
  name: string;
  type: string;
  schema?: string;
  database?: string;
}

const PROFILES_FILE = 'profiles.yml';

/** Each adapter's credential keys for the database and the schema, in the order its credentials class reads them. */
const KEYS: Record<string, { database: string[]; schema: string[] }> = {
  postgres: { database: ['dbname', 'database'], schema: ['schema'] },
  redshift: { database: ['dbname', 'database'], schema: ['schema'] },
  bigquery: { database: ['project', 'database'], schema: ['dataset', 'schema'] },
  databricks: { database: ['catalog', 'database'], schema: ['schema'] },
  trino: { database: ['database', 'catalog'], schema: ['schema'] },
};
const OTHER = { database: ['database', 'dbname', 'catalog', 'project'], schema: ['schema', 'dataset'] };
/** The schema an adapter's credentials default to when the profile gives none. */
const DEFAULT_SCHEMA: Record<string, string> = { duckdb: 'main', clickhouse: 'default' };

/**
 * The target of the profile that `projectRoot`'s dbt_project.yml names, from `projectRoot/profiles.yml`; null when
 * there is no such file, profile or output (dbt would then read ~/.dbt, which a repository does not hold).
 */
export function profileTarget(
  files: FileMap,
  projectRoot: string,
  /** The value rendered, or undefined when it cannot be. */
  render: (value: unknown) => unknown,
  /** `--target`: the output to read, in place of the profile's own `target:`. */
  targetName?: string,
): { target: ProfileTarget | null; diagnostics: Diagnostic[] } {
  const at = (name: string) => (projectRoot === '' ? name : `${projectRoot}/${name}`);
  const profilesFile = at(PROFILES_FILE);
  const profilesText = files.get(profilesFile);
  const projectText = files.get(at('dbt_project.yml'));
  if (profilesText === undefined || projectText === undefined) return { target: null, diagnostics: [] };
  const project = loadYaml(projectText, at('dbt_project.yml'));
  const profileName = isRecord(project.value) ? project.value['profile'] : undefined;
  if (typeof profileName !== 'string') return { target: null, diagnostics: [] };
  const loaded = loadYaml(profilesText, profilesFile);
  if (loaded.diagnostics.length > 0) return { target: null, diagnostics: loaded.diagnostics };
  const profile = isRecord(loaded.value) ? loaded.value[profileName] : undefined;
  if (!isRecord(profile) || !isRecord(profile['outputs'])) return { target: null, diagnostics: [] };
  const text = (value: unknown): string | undefined => {
    const rendered = render(value);
    return typeof rendered === 'string' || typeof rendered === 'number' ? String(rendered) : undefined;
  };
  // dbt's default target name when the profile gives none.
  const name = targetName ?? text(profile['target']) ?? 'default';
  const output = profile['outputs'][name];
  if (!isRecord(output)) return { target: null, diagnostics: [] };
  const type = text(output['type']);
  if (type === undefined) return { target: null, diagnostics: [] };
  const keys = KEYS[type] ?? OTHER;
  const first = (candidates: string[]) => {
    for (const key of candidates)
      if (key in output) {
        const value = text(output[key]);
        if (value !== undefined) return value;
      }
    return undefined;
  };
  const target: ProfileTarget = { name, type };
  const database = type === 'duckdb' ? duckdbDatabase(output, first) : first(keys.database);
  const schema = first(keys.schema) ?? DEFAULT_SCHEMA[type];
  if (database !== undefined) target.database = database;
  if (schema !== undefined) target.schema = schema;
  return { target, diagnostics: [] };
}

/** dbt-duckdb: the `database` given, else the file name of `path` without its extension (`memory` in memory). */
function duckdbDatabase(
  output: Record<string, unknown>,
  first: (candidates: string[]) => string | undefined,
): string | undefined {
  const given = first(['database']);
  if (given !== undefined) return given;
  const path = first(['path']) ?? ':memory:';
  if (path === ':memory:' || path.startsWith('md:') || path.startsWith('motherduck:')) {
    return path.startsWith('md:') || path.startsWith('motherduck:') ? path.split(':')[1] || undefined : 'memory';
  }
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  // os.path.splitext: the last extension only; a name that starts with its only dot has none.
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
