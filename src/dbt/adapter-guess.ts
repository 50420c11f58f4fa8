// The adapter a repository installs dbt with, read from the files that install it (requirements, lock files, a
// Dockerfile, CI workflows): the target type a compile takes when neither the caller nor a profiles.yml names one.
// profiles.yml usually lives in ~/.dbt, not in the repository; without it a BigQuery project would be compiled as
// Postgres (its relations quoted with `"`, its `bigquery__` macros not dispatched to). Strict on purpose: one
// adapter named decides; several (a local DuckDB beside the warehouse's) decide nothing.

/** pip package -> dbt's adapter type (`target.type`). */
const PACKAGES: Readonly<Record<string, string>> = {
  'dbt-postgres': 'postgres',
  'dbt-redshift': 'redshift',
  'dbt-snowflake': 'snowflake',
  'dbt-bigquery': 'bigquery',
  'dbt-databricks': 'databricks',
  'dbt-spark': 'spark',
  'dbt-duckdb': 'duckdb',
  'dbt-trino': 'trino',
  'dbt-clickhouse': 'clickhouse',
  'dbt-sqlserver': 'sqlserver',
  'dbt-fabric': 'fabric',
  'dbt-fabricspark': 'fabricspark',
  'dbt-synapse': 'synapse',
  'dbt-athena': 'athena',
  'dbt-athena-community': 'athena',
  'dbt-oracle': 'oracle',
  'dbt-teradata': 'teradata',
  'dbt-materialize': 'materialize',
  'dbt-exasol': 'exasol',
  'dbt-vertica': 'vertica',
  'dbt-glue': 'glue',
  'dbt-firebolt': 'firebolt',
  'dbt-dremio': 'dremio',
  'dbt-starrocks': 'starrocks',
  'dbt-doris': 'doris',
  'dbt-risingwave': 'risingwave',
  'dbt-singlestore': 'singlestore',
  'dbt-mysql': 'mysql',
  'dbt-sqlite': 'sqlite',
  'dbt-impala': 'impala',
  'dbt-hive': 'hive',
  'dbt-greenplum': 'greenplum',
};

/** Longest names first: `dbt-athena-community` before `dbt-athena`, `dbt-fabricspark` before `dbt-fabric`. */
const NAMED = new RegExp(
  `(?<![\\w.-])(${Object.keys(PACKAGES)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![\\w-])`,
  'gi',
);

export interface AdapterMention {
  type: string;
  /** The package as written (`dbt-bigquery`). */
  written: string;
  line: number;
}

/** The adapters a file names as packages, `#` comments left out. */
export function adapterMentions(text: string): AdapterMention[] {
  const out: AdapterMention[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '$1');
    for (const match of line.matchAll(NAMED)) {
      const written = match[1]!;
      out.push({ type: PACKAGES[written.toLowerCase()]!, written, line: index + 1 });
    }
  });
  return out;
}

export type AdapterGuess =
  { type: string; file: string; line: number; written: string } | { ambiguous: string[]; file: string };

/**
 * What one folder's files say, `files` in the order they are asked (the first that names an adapter decides):
 * its one adapter, or the several it names. dbt-databricks installs dbt-spark: both named is Databricks.
 */
export function guessAdapter(files: ReadonlyArray<{ name: string; text: string }>): AdapterGuess | null {
  for (const { name, text } of files) {
    const mentions = adapterMentions(text);
    if (mentions.length === 0) continue;
    let types = [...new Set(mentions.map((m) => m.type))];
    if (types.includes('databricks')) types = types.filter((t) => t !== 'spark');
    if (types.length > 1) return { ambiguous: types.sort(), file: name };
    const first = mentions.find((m) => m.type === types[0])!;
    return { type: first.type, file: name, line: first.line, written: first.written };
  }
  return null;
}
