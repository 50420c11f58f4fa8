// A node's or source's `relation_name`, as the adapter's Relation class renders it (BaseRelation.create_from in
// dbt-adapters, dbt/adapters/base/relation.py): each part quoted or not by the adapter's default quote policy,
// updated by the root project's `quoting:` and then by a source's own `quoting:`.
import { formatString, percentFormat } from './jinja/strings.js';
import { str } from './jinja/values.js';
import { aliasesOf, translateAliases } from './adapter-aliases.js';

/** Which parts of a relation are quoted. */
export interface QuotePolicy {
  database: boolean;
  schema: boolean;
  identifier: boolean;
}

/** A quote character and policy: an adapter's defaults, or those with a project's `quoting:` applied. */
export interface RelationQuoting {
  char: string;
  policy: QuotePolicy;
  /** The parts the adapter names a relation by (all three unless it says otherwise). */
  include?: QuotePolicy;
}

const PARTS = ['database', 'schema', 'identifier'] as const;

/**
 * Adapters whose Relation class differs from BaseRelation's defaults (every part quoted with `"`), which
 * dbt-postgres, dbt-redshift (a PostgresRelation) and dbt-duckdb keep; adapters not listed are given those too.
 * dbt-snowflake: SnowflakeQuotePolicy quotes nothing; dbt-bigquery: BigQueryRelation quotes with backticks;
 * dbt-databricks: DatabricksRelation quotes with backticks; dbt-clickhouse: ClickHouseRelation quotes with backticks
 * and leaves the database out (ClickHouse has none); dbt-spark: SparkQuotePolicy quotes nothing (backticks when
 * asked) and SparkIncludePolicy leaves the database out. dbt-trino's TrinoRelation quotes every part since 1.7 (its
 * quote_policy became a plain Policy(); before, TrinoQuotePolicy quoted nothing: a 1.5.6 manifest), as a real dbt
 * 1.11.11 trino manifest shows: it takes the defaults.
 */
const ADAPTERS = new Map<string, RelationQuoting>([
  ['snowflake', { char: '"', policy: { database: false, schema: false, identifier: false } }],
  ['bigquery', { char: '`', policy: { database: true, schema: true, identifier: true } }],
  ['databricks', { char: '`', policy: { database: true, schema: true, identifier: true } }],
  [
    'clickhouse',
    {
      char: '`',
      policy: { database: false, schema: true, identifier: true },
      include: { database: false, schema: true, identifier: true },
    },
  ],
]);
ADAPTERS.set('spark', {
  char: '`',
  policy: { database: false, schema: false, identifier: false },
  include: { database: false, schema: true, identifier: true },
});
const BASE: RelationQuoting = { char: '"', policy: { database: true, schema: true, identifier: true } };

/** The policy with the boolean `database` / `schema` / `identifier` keys of `quoting` on top (others ignored). */
function applied(policy: QuotePolicy, quoting: Record<string, unknown> | undefined): QuotePolicy {
  if (!quoting) return policy;
  const out = { ...policy };
  for (const part of PARTS) {
    const value = quoting[part];
    if (typeof value === 'boolean') out[part] = value;
  }
  return out;
}

/**
 * The quoting every relation of a manifest starts from: the adapter's (`target.type`) defaults with the root
 * project's `quoting:` applied, as dbt's RuntimeConfig does (only boolean values count).
 */
export function relationQuoting(
  adapter: string | undefined,
  projectQuoting?: Record<string, unknown>,
): RelationQuoting {
  const base = (adapter !== undefined && ADAPTERS.get(adapter)) || BASE;
  const policy = applied(base.policy, projectQuoting && translated(adapter, projectQuoting));
  const quoting: RelationQuoting = { char: base.char, policy };
  if (base.include !== undefined) quoting.include = base.include;
  return quoting;
}

/** A project's `quoting:` keys as dbt reads them: through its credentials' translate_aliases. */
function translated(adapter: string | undefined, quoting: Record<string, unknown>): Record<string, unknown> {
  const aliases = aliasesOf(adapter);
  return aliases === null ? quoting : translateAliases(quoting, aliases, false).value;
}

/**
 * `database.schema.identifier`, each part quoted as the policy says; `own` is a source's `quoting:` (nodes have
 * none: dbt reads `quoting_dict` from a `quoting` attribute only sources have, not from a node's config).
 */
export function relationName(
  quoting: RelationQuoting,
  parts: { database: string; schema: string; identifier: string },
  own?: Record<string, unknown>,
): string {
  const policy = applied(quoting.policy, own);
  const q = quoting.char;
  const included = quoting.include === undefined ? PARTS : PARTS.filter((part) => quoting.include![part]);
  return included.map((part) => (policy[part] ? `${q}${parts[part]}${q}` : parts[part])).join('.');
}

/** SourceConfig's own fields: the other keys of a source's config are its `_extra`. */
const SOURCE_CONFIG_FIELDS = new Set([
  'enabled',
  'event_time',
  'freshness',
  'loaded_at_field',
  'loaded_at_query',
  'meta',
  'tags',
  'static_analysis',
]);

/**
 * dbt-duckdb's DuckDBRelation.create_from_source (and its SourceConfig): a source whose meta (the source's, then the
 * table's, then its config's own keys) holds `external_location` and no `plugin` renders as that location,
 * filled in by its `formatter` (`newstyle`, the default: str.format_map; `oldstyle`: `%`; `template`:
 * string.Template) from the table's name, identifier, schema, database and tags and the meta, and quoted unless it
 * is a call or quoted already. Null for any other source, and where dbt-duckdb raises (a key it does not have, an
 * unknown formatter: dbt stops there).
 */
export function duckdbExternalLocation(source: {
  name: string;
  identifier: string;
  schema: string;
  database: string;
  tags: string[];
  meta: Record<string, unknown>;
  source_meta: Record<string, unknown>;
  config: Record<string, unknown>;
}): string | null {
  const extra = Object.fromEntries(Object.entries(source.config).filter(([key]) => !SOURCE_CONFIG_FIELDS.has(key)));
  const meta: Record<string, unknown> = { ...source.source_meta, ...source.meta, ...extra };
  const template = meta['external_location'];
  if ('plugin' in meta || typeof template !== 'string') return null;
  const { name, identifier, schema, database, tags } = source;
  const fields: Record<string, unknown> = { name, identifier, schema, database, tags, ...meta };
  const formatter = meta['formatter'] ?? 'newstyle';
  const location =
    formatter === 'newstyle'
      ? formatString(template, [], fields)
      : formatter === 'oldstyle'
        ? template.includes('%')
          ? percentFormat(template, fields)
          : template
        : formatter === 'template'
          ? substitute(template, fields)
          : null;
  if (typeof location !== 'string') return null;
  return location.includes('(') || location.startsWith("'") ? location : `'${location}'`;
}

/** Python's string.Template(text).substitute(fields): `$name`, `${name}`, `$$`; null where it raises. */
function substitute(text: string, fields: Record<string, unknown>): string | null {
  let failed = false;
  const out = text.replace(/\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\}|)/gi, (whole, dollar, bare, braced) => {
    if (dollar !== undefined) return '$';
    const key = (bare ?? braced) as string | undefined;
    if (key === undefined || !Object.hasOwn(fields, key)) {
      failed = true;
      return whole;
    }
    return str(fields[key]);
  });
  return failed ? null : out;
}

/**
 * The `database` a manifest gives a relation of adapter `type`: dbt-spark's credentials have none (its
 * SparkCredentials sets `database` to None, and a relation that names another fails), so every spark node and
 * source is written with `null`; other adapters keep theirs.
 */
export function writtenDatabase(type: string | undefined, database: string | null): string | null {
  return type === 'spark' ? null : database;
}
