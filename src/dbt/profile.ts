// The target a project's own profiles.yml names, when the project folder holds one: dbt (1.3+) reads profiles.yml
// from the folder it runs in when there is one there (else ~/.dbt; DBT_PROFILES_DIR or --profiles-dir first), so
// `dbt parse` in a repository that commits one builds with that profile's default target: its adapter, database and
// schema. Values go through Jinja (env_var and its default, --vars); one that does not render (an env var that is
// not set and has no default) is left to the defaults, unreported: a repository's profile names the settings of
// someone's machine. What makes dbt stop (no such profile or output...) is a warning, and the defaults are used.
import type { Diagnostic, FileMap } from './types.js';
import { isRecord, loadYaml } from './yaml/yaml.js';

export interface ProfileTarget {
  name: string;
  type: string;
  schema?: string;
  database?: string;
}

const PROFILES_FILE = 'profiles.yml';

/**
 * The credential keys of the adapters modelled here, for the database and the schema, in the order their
 * credentials read them, and the database when the profile gives none; OTHER for any other adapter.
 */
const ADAPTERS: Record<string, { database: string[]; schema: string[]; defaultDatabase?: string }> = {
  postgres: { database: ['dbname', 'database'], schema: ['schema'] },
  redshift: { database: ['dbname', 'database'], schema: ['schema'] },
  snowflake: { database: ['database'], schema: ['schema'] },
  bigquery: { database: ['project', 'database'], schema: ['dataset', 'schema'] },
  databricks: { database: ['catalog', 'database'], schema: ['schema'], defaultDatabase: 'hive_metastore' },
  trino: { database: ['database', 'catalog'], schema: ['schema'] },
  sqlserver: { database: ['database'], schema: ['schema'] },
  fabric: { database: ['database'], schema: ['schema'] },
  clickhouse: { database: [], schema: ['schema'] },
  duckdb: { database: ['database'], schema: ['schema'] },
};
const OTHER: { database: string[]; schema: string[]; defaultDatabase?: string } = {
  database: ['database', 'dbname', 'catalog', 'project'],
  schema: ['schema', 'dataset'],
};
/** The schema an adapter's credentials default to when the profile gives none. */
export const DEFAULT_SCHEMA: Readonly<Record<string, string>> = { duckdb: 'main', clickhouse: 'default' };

/**
 * The target of the profile that `projectRoot`'s dbt_project.yml names, from `projectRoot/profiles.yml`; null when
 * there is no such file, or dbt would read another one (DBT_PROFILES_DIR).
 */
export function profileTarget(
  files: FileMap,
  projectRoot: string,
  /** The value rendered, or undefined when it cannot be. */
  render: (value: unknown) => unknown,
  options: {
    targetName?: string | undefined;
    env?: Readonly<Record<string, string>>;
    /** The profiles.yml dbt was pointed at (CompileOptions.profiles), read in place of the project's. */
    profiles?: { file: string; text: string } | undefined;
  } = {},
): { target: ProfileTarget | null; diagnostics: Diagnostic[] } {
  const at = (name: string) => (projectRoot === '' ? name : `${projectRoot}/${name}`);
  const file = options.profiles?.file ?? at(PROFILES_FILE);
  const profilesText = options.profiles?.text ?? files.get(file);
  const projectText = files.get(at('dbt_project.yml'));
  const none = { target: null, diagnostics: [] };
  if (profilesText === undefined || projectText === undefined) return none;
  // dbt reads the folder DBT_PROFILES_DIR names; `.` (CI's usual value) is the project's own.
  const profilesDir = options.env?.['DBT_PROFILES_DIR']?.replace(/[\\/]+$/, '');
  if (options.profiles === undefined && profilesDir !== undefined && profilesDir !== '' && profilesDir !== '.')
    return {
      target: null,
      diagnostics: [
        {
          code: 'profile-ignored',
          severity: 'info',
          message: `DBT_PROFILES_DIR names ${profilesDir}: dbt reads the profiles.yml there, not the project's`,
          file,
          line: 1,
        },
      ],
    };
  const project = loadYaml(projectText, at('dbt_project.yml'));
  const text = (value: unknown): string | undefined => {
    const rendered = render(value);
    return typeof rendered === 'string' || typeof rendered === 'number' ? String(rendered) : undefined;
  };
  const profileName = isRecord(project.value) ? text(project.value['profile']) : undefined;
  if (profileName === undefined) return none;
  const loaded = loadYaml(profilesText, file);
  const ignored = (why: string, line: number) => ({
    target: null,
    diagnostics: [
      {
        code: 'profile-ignored',
        severity: 'warning' as const,
        message: `${why} (dbt stops here); the default target is used`,
        file,
        line,
      },
    ],
  });
  if (loaded.diagnostics.length > 0) return ignored(`profiles.yml does not load: ${loaded.diagnostics[0]!.message}`, 1);
  const profile = isRecord(loaded.value) ? loaded.value[profileName] : undefined;
  if (!isRecord(profile)) return ignored(`profiles.yml has no profile \`${profileName}\``, 1);
  const outputs = profile['outputs'];
  if (!isRecord(outputs)) return ignored(`profile \`${profileName}\` has no outputs`, loaded.lines.of(profile));
  // dbt's default target name when the profile gives none.
  const name = options.targetName ?? text(profile['target']) ?? 'default';
  const output = outputs[name];
  if (!isRecord(output))
    return ignored(`profile \`${profileName}\` has no output \`${name}\``, loaded.lines.of(outputs));
  const type = text(output['type']);
  if (type === undefined) return ignored(`output \`${name}\` has no adapter \`type\``, loaded.lines.of(output));
  const first = (candidates: string[]) => {
    for (const key of candidates) {
      const value = key in output ? text(output[key]) : undefined;
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const adapter = ADAPTERS[type] ?? OTHER;
  const target: ProfileTarget = { name, type };
  const database =
    type === 'duckdb'
      ? (first(['database']) ?? duckdbDatabase(first(['path'])))
      : (first(adapter.database) ?? adapter.defaultDatabase);
  const schema = first(adapter.schema) ?? DEFAULT_SCHEMA[type];
  if (database !== undefined) target.database = database;
  if (schema !== undefined) target.schema = schema;
  return { target, diagnostics: [] };
}

/**
 * dbt-duckdb's database for a `path`: the file name without its extension (os.path.splitext of the URL's path), so
 * a MotherDuck path `md:my_db?token=...` is `my_db` and a bare `md:` MotherDuck's default; `memory` in memory.
 */
function duckdbDatabase(path: string | undefined): string {
  if (path === undefined || path === ':memory:') return 'memory';
  const scheme = /^(md|motherduck):/i.exec(path);
  const bare = (scheme ? path.slice(scheme[0].length) : path).replace(/[?#].*$/, '');
  const file = bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
  // A name that starts with its only dot has no extension.
  const dot = file.lastIndexOf('.');
  const stem = dot > 0 ? file.slice(0, dot) : file;
  return stem === '' ? (scheme ? 'my_db' : 'memory') : stem;
}

/**
 * Whether a profile value's Jinja names `target`, which dbt has not made yet when it renders profiles.yml (a
 * `target/dev.duckdb` path, or 'target' in quotes, names nothing).
 */
export function namesTarget(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  for (const block of value.match(/{{[\s\S]*?}}|{%[\s\S]*?%}/g) ?? [])
    if (/\btarget\b/.test(block.replace(/'[^']*'|"[^"]*"/g, "''"))) return true;
  return false;
}
