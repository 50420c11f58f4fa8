// relation_name as the adapter's Relation class renders it: the adapter's default quote policy and character,
// the root project's `quoting:`, and (for sources) the source's own `quoting:`.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { relationName, relationQuoting } from '../../src/dbt/relation.js';
import type { Graph } from '../../src/dbt/types.js';
import { compileFiles } from './helpers.js';

const graph = compileFiles({
  'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
  'models/orders.sql': 'select 1 as id',
  // A node's config `quoting` is not what dbt quotes its relation by (only sources have a `quoting` of their own).
  'models/customers.sql': "{{ config(quoting={'identifier': false}) }}\nselect 1 as id",
  'models/sources.yml': [
    'sources:',
    '  - name: raw',
    '    database: raw_db',
    '    schema: landing',
    '    quoting: {identifier: true}',
    '    tables:',
    '      - name: Orders',
    '      - name: events',
    '        quoting: {identifier: false, schema: true}',
    '',
  ].join('\n'),
});

function relations(type: string | undefined, projectQuoting?: Record<string, unknown>): Record<string, unknown> {
  const withQuoting: Graph = projectQuoting
    ? { ...graph, projects: graph.projects.map((p) => ({ ...p, quoting: projectQuoting })) }
    : graph;
  const manifest = toManifest(withQuoting, { schema: 'dbt_ci', database: 'analytics', ...(type ? { type } : {}) }) as {
    nodes: Record<string, { relation_name: unknown }>;
    sources: Record<string, { relation_name: unknown }>;
  };
  return {
    orders: manifest.nodes['model.shop.orders']?.relation_name,
    customers: manifest.nodes['model.shop.customers']?.relation_name,
    Orders: manifest.sources['source.shop.raw.Orders']?.relation_name,
    events: manifest.sources['source.shop.raw.events']?.relation_name,
  };
}

describe('relation_name', () => {
  it('quotes every part with " on postgres, redshift and duckdb (BaseRelation), and when the adapter is unknown', () => {
    const quoted = {
      orders: '"analytics"."dbt_ci"."orders"',
      customers: '"analytics"."dbt_ci"."customers"',
      Orders: '"raw_db"."landing"."Orders"',
      events: '"raw_db"."landing".events',
    };
    for (const type of [undefined, 'postgres', 'redshift', 'duckdb', 'sqlserver'])
      expect(relations(type)).toEqual(quoted);
  });

  it("quotes nothing on snowflake but what a source's quoting asks for", () => {
    expect(relations('snowflake')).toEqual({
      orders: 'analytics.dbt_ci.orders',
      customers: 'analytics.dbt_ci.customers',
      Orders: 'raw_db.landing."Orders"',
      events: 'raw_db."landing".events',
    });
  });

  it('quotes with backticks on bigquery', () => {
    expect(relations('bigquery')).toEqual({
      orders: '`analytics`.`dbt_ci`.`orders`',
      customers: '`analytics`.`dbt_ci`.`customers`',
      Orders: '`raw_db`.`landing`.`Orders`',
      events: '`raw_db`.`landing`.events',
    });
  });

  it("applies the root project's quoting over the adapter's, and a source's over both", () => {
    expect(relations('snowflake', { database: true, schema: 'yes', identifier: false })).toEqual({
      orders: '"analytics".dbt_ci.orders',
      customers: '"analytics".dbt_ci.customers',
      Orders: '"raw_db".landing."Orders"',
      events: '"raw_db"."landing".events',
    });
  });

  it("reads the root project's quoting: from dbt_project.yml", () => {
    const compiled = compileFiles({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nquoting:\n  identifier: false\n',
      'models/orders.sql': 'select 1 as id',
    });
    expect(compiled.projects[0]?.quoting).toEqual({ identifier: false });
    const manifest = toManifest(compiled, { schema: 'dbt_ci', database: 'analytics', type: 'postgres' }) as {
      nodes: Record<string, { relation_name: unknown }>;
    };
    expect(manifest.nodes['model.shop.orders']?.relation_name).toBe('"analytics"."dbt_ci".orders');
  });

  it('renders each part as written, ignoring keys other than database, schema and identifier', () => {
    const quoting = relationQuoting('postgres', { column: false });
    expect(relationName(quoting, { database: 'a', schema: 'b', identifier: 'c' }, { column: true })).toBe(
      '"a"."b"."c"',
    );
  });

  it("translates a project's quoting keys through the adapter's credential aliases, as dbt does", () => {
    const parts = { database: 'p', schema: 'd', identifier: 't' };
    expect(relationName(relationQuoting('bigquery', { project: false, dataset: false }), parts)).toBe('p.d.`t`');
    expect(relationName(relationQuoting('postgres', { dbname: false }), parts)).toBe('p."d"."t"');
    expect(relationName(relationQuoting('databricks', { catalog: false }), parts)).toBe('p.`d`.`t`');
    // Another adapter's alias is no key of its own.
    expect(relationName(relationQuoting('postgres', { project: false }), parts)).toBe('"p"."d"."t"');
  });

  it('quotes nothing on spark by default and leaves the database out of its names; quotes every part on trino', () => {
    const parts = { database: 'p', schema: 'd', identifier: 't' };
    expect(relationName(relationQuoting('spark'), parts)).toBe('d.t');
    // dbt-trino 1.7+ (TrinoRelation's quote_policy a plain Policy()): a real dbt 1.11.11 manifest's
    // "iceberg"."analytics"."trade_summary".
    expect(relationName(relationQuoting('trino'), parts)).toBe('"p"."d"."t"');
    expect(relationName(relationQuoting('trino', { catalog: false }), parts)).toBe('p."d"."t"');
  });
});

describe("dbt-duckdb's external sources", () => {
  const external = compileFiles({
    'dbt_project.yml': 'name: lake\n',
    'models/m.sql': "select * from {{ source('raw', 'advertisers') }}",
    'models/sources.yml': [
      'sources:',
      '  - name: raw',
      '    schema: main',
      '    tables:',
      '      - name: advertisers',
      '        meta: {external_location: "data/raw/advertisers.parquet"}',
      '      - name: events',
      `        meta: {external_location: "read_parquet('data/raw/events/*.parquet')"}`,
      '      - name: quoted',
      `        meta: {external_location: "'data/q.csv'"}`,
      '      - name: plain',
      '  - name: s3',
      '    meta: {external_location: "s3://bucket/{schema}/{name}.{ext}", ext: csv}',
      '    tables:',
      '      - name: orders',
      '        identifier: orders_v2',
      '      - name: by_identifier',
      '        identifier: items',
      '        meta: {external_location: "s3://b/{identifier}.parquet"}',
      '      - name: loaded',
      '        meta: {plugin: excel}',
      '      - name: refused',
      '        meta: {external_location: "s3://b/{missing}.csv"}',
      '      - name: old',
      '        meta: {external_location: "data/%(name)s.parquet", formatter: oldstyle}',
      '      - name: tmpl',
      '        meta: {external_location: "data/${name}_$$.csv", formatter: template}',
      '      - name: tagged',
      '        tags: [a]',
      '        meta: {external_location: "data/{tags}/{name}.csv"}',
      '      - name: bogus',
      '        meta: {external_location: "data/{name}.csv", formatter: bogus}',
      '',
    ].join('\n'),
  });
  const relationsOf = (type: string) =>
    Object.fromEntries(
      Object.values(
        (
          toManifest(external, { schema: 'main', database: 'dev', type }) as {
            sources: Record<string, { name: string; relation_name: unknown }>;
          }
        ).sources,
      ).map((s) => [s.name, s.relation_name]),
    );

  it('render as their external_location on duckdb: formatted with the table and meta, quoted unless a call', () => {
    expect(relationsOf('duckdb')).toEqual({
      advertisers: "'data/raw/advertisers.parquet'",
      events: "read_parquet('data/raw/events/*.parquet')",
      quoted: "'data/q.csv'",
      plain: '"dev"."main"."plain"',
      orders: "'s3://bucket/s3/orders.csv'",
      by_identifier: "'s3://b/items.parquet'",
      // A plugin loads the file into the relation of the source's own name; a location str.format refuses (a key
      // it does not have) is left at the relation's name, dbt stops there.
      loaded: '"dev"."s3"."loaded"',
      refused: '"dev"."s3"."refused"',
      // dbt-duckdb's formatters: `%` with the fields, string.Template, and an unknown one (dbt-duckdb raises).
      old: "'data/old.parquet'",
      tmpl: "'data/tmpl_$.csv'",
      tagged: "'data/['a']/tagged.csv'",
      bogus: '"dev"."s3"."bogus"',
    });
  });

  it('are relations like any other on other adapters', () => {
    expect(relationsOf('postgres')['advertisers']).toBe('"dev"."main"."advertisers"');
  });
});

describe('spark relations', () => {
  it('have no database: dbt-spark writes null for every node and source (a real dbt 1.8.7 spark manifest)', () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: lake\n',
        'models/m.sql': "select * from {{ source('raw', 't') }}",
        'models/src.yml':
          'sources:\n  - name: raw\n    tables:\n      - name: t\n        columns:\n          - name: id\n            data_tests: [not_null]\n',
        'models/sm.yml':
          "semantic_models:\n  - name: m_sm\n    model: ref('m')\n    entities:\n      - {name: id, type: primary}\n",
      },
      { target: { type: 'spark', schema: 'analytics_schema' }, tests: true },
    );
    const manifest = toManifest(graph, graph.target) as {
      nodes: Record<string, { database: unknown; relation_name?: unknown }>;
      sources: Record<string, { database: unknown; relation_name: unknown }>;
    };
    expect(Object.values(manifest.nodes).map((n) => n.database)).toEqual([null, null]);
    expect(manifest.nodes['model.lake.m']?.relation_name).toBe('analytics_schema.m');
    expect(manifest.sources['source.lake.raw.t']).toMatchObject({ database: null, relation_name: 'raw.t' });
    const semantic = (manifest as unknown as { semantic_models: Record<string, { node_relation: unknown }> })
      .semantic_models['semantic_model.lake.m_sm'];
    expect(semantic?.node_relation).toMatchObject({ database: null, schema_name: 'analytics_schema' });
  });

  // dbt writes a source's own `database:` (SourcePatcher: source.database or the credentials', none on spark), and
  // dbt-spark refuses one apart from the schema. snowplow-unified sets it to the schema's name on spark.
  it("keep a source's own database when it names the schema, and refuse one that names another", () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: lake\n',
        'models/src.yml': [
          'sources:',
          '  - name: same',
          '    database: raw',
          '    schema: raw',
          '    tables: [{name: t1}]',
          '  - name: from_target',
          '    database: "{{ target.database }}"',
          '    tables: [{name: t3}]',
          '  - name: other',
          '    database: elsewhere',
          '    schema: raw',
          '    tables: [{name: t2}]',
        ].join('\n'),
      },
      { target: { type: 'spark', schema: 'analytics_schema' } },
    );
    const sources = (toManifest(graph, graph.target) as { sources: Record<string, { database: unknown }> }).sources;
    expect(sources['source.lake.same.t1']?.database).toBe('raw');
    // dbt-spark's target has no database: it renders empty, and the source has none.
    expect(sources['source.lake.from_target.t3']?.database).toBe(null);
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`)).toEqual([
      'invalid-source error models/src.yml:12',
    ]);
  });
});
