// Keys of property-file entries that no dbt version reads: dbt before 1.10 ignores them without a word, and 1.10+
// warns only on some adapters (CustomKeyInObjectDeprecation, with its JSON schemas: BigQuery, Databricks, Redshift,
// Snowflake). A misspelt `colunms:` or an `owner:` at a model's top level silently loses what a governance review
// relies on, so each one is a warning with its line. The known keys are the union of what dbt-core's bundled schemas
// allowed from 1.10 to its main branch and what older dbt read (meta, docs, group, access, freshness... at the top
// level): a key valid in any version is never reported. Columns keep keys of their own (an adapter's, as dbt keeps
// them in `_extra`): there only a near miss of a known key is reported.
import type { Diagnostic } from './types.js';
import { isRecord, type YamlLines } from './yaml/yaml.js';

const NODE = ['name', 'description', 'columns', 'config', 'data_tests', 'tests', 'docs', 'group', 'meta'];
const KNOWN: Record<string, ReadonlySet<string>> = {
  file: new Set([
    'version',
    'models',
    'seeds',
    'snapshots',
    'analyses',
    'sources',
    'exposures',
    'groups',
    'macros',
    'metrics',
    'semantic_models',
    'saved_queries',
    'unit_tests',
    'data_tests',
    'tests',
    'functions',
    'checks',
    'anchors',
  ]),
  model: new Set([
    ...NODE,
    'access',
    'contract',
    'constraints',
    'deprecation_date',
    'latest_version',
    'versions',
    'time_spine',
    'freshness',
    'identifier',
    'agg_time_dimension',
    'derived_semantics',
    'metrics',
    'primary_entity',
    'semantic_model',
    'static_analysis_off_reason',
  ]),
  version: new Set([
    'v',
    'defined_in',
    'description',
    'access',
    'config',
    'constraints',
    'docs',
    'data_tests',
    'tests',
    'columns',
    'deprecation_date',
  ]),
  seed: new Set([...NODE, 'access', 'static_analysis_off_reason']),
  snapshot: new Set([...NODE, 'access', 'relation', 'static_analysis_off_reason']),
  analysis: new Set([...NODE, 'access', 'static_analysis_off_reason']),
  // dbt 1.11+ (overloads: 1.12).
  function: new Set([...NODE, 'arguments', 'returns', 'overloads']),
  source: new Set([
    'name',
    'description',
    'config',
    'database',
    'schema',
    'catalog',
    'loader',
    'quoting',
    'tables',
    'meta',
    'tags',
    'freshness',
    'loaded_at_field',
    'loaded_at_query',
    'overrides',
    'data_tests',
    'tests',
    // BigQuery's names for database and schema.
    'project',
    'dataset',
  ]),
  table: new Set([
    // dbt's HasColumnProps fields, which a table entry has too.
    'data_type',
    'constraints',
    'name',
    'description',
    'config',
    'columns',
    'data_tests',
    'tests',
    'external',
    'freshness',
    'identifier',
    'loaded_at_field',
    'loaded_at_query',
    'loader',
    'meta',
    'quoting',
    'tags',
    'docs',
  ]),
  exposure: new Set([
    'name',
    'description',
    'config',
    'depends_on',
    'label',
    'maturity',
    'meta',
    'owner',
    'tags',
    'type',
    'url',
  ]),
  group: new Set(['name', 'description', 'config', 'owner', 'meta']),
  column: new Set([
    'name',
    'description',
    'config',
    'constraints',
    'data_tests',
    'tests',
    'data_type',
    'granularity',
    'meta',
    'tags',
    'policy_tags',
    'quote',
    'dimension',
    'entity',
    'include',
    'exclude',
  ]),
};

/** Configs dbt reads under `config:` only: a common slip, with its own advice. */
const CONFIG_ONLY = new Set([
  'tags',
  'materialized',
  'enabled',
  'schema',
  'alias',
  'database',
  'persist_docs',
  'pre-hook',
  'post-hook',
  'pre_hook',
  'post_hook',
  'unique_key',
  'incremental_strategy',
  'on_schema_change',
  'full_refresh',
  'grants',
  'severity',
  'quote_columns',
  'column_types',
  'delimiter',
  'contract',
  'persist_docs',
  'on_configuration_change',
  'cluster_by',
  'partition_by',
  'indexes',
  'sort',
  'dist',
  'strategy',
  'check_cols',
  'updated_at',
  'target_schema',
  'target_database',
  'snapshot_meta_column_names',
  'dbt_valid_to_current',
  'hard_deletes',
]);

const WHAT: Record<string, string> = {
  models: 'model',
  seeds: 'seed',
  snapshots: 'snapshot',
  analyses: 'analysis',
  functions: 'function',
};

/** Warnings for the keys of a property file's entries that no dbt version reads. */
export function unknownPropertyKeys(doc: Record<string, unknown>, lines: YamlLines, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Lines are looked up only for what is reported (most entries have none).
  const check = (kind: string, entry: Record<string, unknown>, at: () => number, where: string, typosOnly = false) => {
    const known = KNOWN[kind]!;
    for (const key in entry) {
      if (known.has(key)) continue;
      const near = nearest(key, known);
      if (typosOnly && near === null) continue;
      const hint =
        near !== null
          ? `: did you mean \`${near}\`?`
          : CONFIG_ONLY.has(key) && known.has('config')
            ? `: put it under \`config:\``
            : kind === 'file'
              ? ' (YAML anchors can live under `anchors:`)'
              : ': custom metadata belongs under `config: meta:`';
      out.push({
        code: 'unknown-property',
        severity: 'warning',
        message: `\`${key}\` is not a property of ${where}, so dbt ignores it${hint}`,
        file,
        line: lines.key(entry, key, at()),
      });
    }
    // dbt drops a config key's `+` in dbt_project.yml only: here `+schema` is a config of that name, not `schema`.
    const config = entry['config'];
    if (!isRecord(config)) return;
    for (const key in config) {
      if (!key.startsWith('+')) continue;
      out.push({
        code: 'plus-config-key',
        severity: 'warning',
        message: `\`${key}\` under \`config:\` of ${where} keeps its \`+\`: dbt reads a config named \`${key}\`, not \`${key.slice(1)}\` (the \`+\` belongs in dbt_project.yml)`,
        file,
        line: lines.key(config, key, at()),
      });
    }
  };
  const each = (
    list: unknown,
    at: () => number,
    visit: (item: Record<string, unknown>, line: () => number) => void,
  ) => {
    if (!Array.isArray(list)) return;
    list.forEach((item, i) => {
      if (isRecord(item)) visit(item, () => lines.item(list, i, at()));
    });
  };
  const named = (kind: string, entry: Record<string, unknown>) =>
    typeof entry['name'] === 'string' ? `${kind} \`${entry['name']}\`` : `a ${kind} without a name`;
  const columns = (entry: Record<string, unknown>, at: () => number, owner: string) =>
    each(
      entry['columns'],
      () => lines.key(entry, 'columns', at()),
      (column, line) => check('column', column, line, `a column of ${owner}`, true),
    );
  const under = (key: string) => () => lines.key(doc, key);

  check('file', doc, () => 1, 'a property file (at its top level)');
  for (const [key, kind] of Object.entries(WHAT)) {
    each(doc[key], under(key), (entry, line) => {
      const what = named(kind, entry);
      check(kind, entry, line, what);
      columns(entry, line, what);
      if (kind === 'model')
        each(
          entry['versions'],
          () => lines.key(entry, 'versions', line()),
          (version, vLine) => {
            check('version', version, vLine, `version ${String(version['v'])} of ${what}`);
            columns(version, vLine, `version ${String(version['v'])} of ${what}`);
          },
        );
    });
  }
  each(doc['sources'], under('sources'), (source, line) => {
    const what = named('source', source);
    check('source', source, line, what);
    each(
      source['tables'],
      () => lines.key(source, 'tables', line()),
      (table, tLine) => {
        const tableWhat = `${named('table', table)} of ${what}`;
        check('table', table, tLine, tableWhat);
        columns(table, tLine, tableWhat);
      },
    );
  });
  each(doc['exposures'], under('exposures'), (e, line) => check('exposure', e, line, named('exposure', e)));
  each(doc['groups'], under('groups'), (g, line) => check('group', g, line, named('group', g)));
  // In the file's order, as an editor lists them.
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The known key one or two edits away from `key` (a typo): the first of the nearest. */
function nearest(key: string, known: ReadonlySet<string>): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    if (Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const d = distance(key.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // Short keys are too close to everything: `v` or `url` would suggest anything.
  return best !== null && key.length > 3 ? best : null;
}

/** Damerau-Levenshtein (optimal string alignment) distance: typos swap neighbours as often as they drop letters. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
