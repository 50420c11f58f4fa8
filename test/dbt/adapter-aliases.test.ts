// An adapter's aliases of config keys (its Credentials._ALIASES), which dbt translates before merging configs and
// before reading a source entry: on BigQuery `dataset` is `schema` and `project` is `database`.
import { aliasesOf, translateAliases } from '../../src/dbt/adapter-aliases.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

const bigquery = { name: 'prod', type: 'bigquery', database: 'shop-prod', schema: 'analytics' };

describe('adapter aliases', () => {
  const graph = compileFixture('adapter-aliases', { target: bigquery });
  const manifest = toManifest(graph, graph.target) as {
    nodes: Record<string, Record<string, unknown>>;
    sources: Record<string, Record<string, unknown>>;
  };

  it("reads dbt_project.yml's `+dataset` / `+project` as schema and database", () => {
    const dim = manifest.nodes['model.shop.dim_customers']!;
    expect([dim['database'], dim['schema']]).toEqual(['shop-marts', 'analytics_core']);
    expect(dim['relation_name']).toBe('`shop-marts`.`analytics_core`.`dim_customers`');
    expect(dim['config']).toMatchObject({ schema: 'core', database: 'shop-marts' });
    expect(dim['config']).not.toHaveProperty('dataset');
    expect(dim['unrendered_config']).toEqual({ schema: 'core', database: 'shop-marts' });
  });

  it("reads a property entry's config and a config() call's keys through the aliases", () => {
    const staging = manifest.nodes['model.shop.stg_payments']!;
    expect([staging['database'], staging['schema']]).toEqual(['shop-staging', 'analytics_staging']);
    expect(staging['unrendered_config']).toEqual({ database: 'shop-staging', schema: 'staging' });
    const orders = manifest.nodes['model.shop.fct_orders']!;
    expect(orders['schema']).toBe('analytics_finance');
    expect(orders['config']).toMatchObject({ materialized: 'table', schema: 'finance' });
    expect(orders['config']).not.toHaveProperty('dataset');
  });

  it("keeps a static model's config() call as written in unrendered_config too, as dbt's static parser copies it", () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: shop\n',
        'models/m.sql': "{{ config(dataset='core', materialized='table') }}\nselect 1 as id",
      },
      { target: bigquery },
    );
    const m = node(graph, 'model.shop.m');
    // populate: the translated call dict, then update(dict(configs)) with the keys as the parser read them.
    expect(Object.entries(m.unrendered_config ?? {})).toEqual([
      ['schema', 'core'],
      ['materialized', 'table'],
      ['dataset', 'core'],
    ]);
    expect(m.config.schema).toBe('core');
  });

  it("reads tests' configs through the aliases too, generic and singular", () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': 'name: shop\ndata_tests:\n  shop:\n    +dataset: audit\n',
        'models/m.sql': 'select 1 as id',
        'models/m.yml': 'models:\n  - name: m\n    columns:\n      - name: id\n        data_tests: [unique]\n',
        'tests/no_rows.sql': "{{ config(project='qa-project') }}\nselect 1 from {{ ref('m') }} where false",
      },
      { target: bigquery, tests: true },
    );
    const tests = Object.values(graph.tests ?? {}).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(tests.map((t) => [t.name, t.config['schema'], t.config['database'] ?? null, 'dataset' in t.config])).toEqual(
      [
        ['no_rows', 'audit', 'qa-project', false],
        ['unique_m_id', 'audit', null, false],
      ],
    );
  });

  it("reads a snapshot's target_project / target_dataset as target_database / target_schema", () => {
    const snapshot = manifest.nodes['snapshot.shop.customers_snapshot']!;
    expect(snapshot['config']).toMatchObject({ target_database: 'shop-history', target_schema: 'snapshots' });
    expect([snapshot['database'], snapshot['schema']]).toEqual(['shop-history', 'snapshots']);
  });

  it("translates a source entry's keys at every depth, as dbt does (recurse=True)", () => {
    const source = manifest.sources['source.shop.raw.customers']!;
    expect([source['database'], source['schema']]).toEqual(['shop-landing', 'raw_shop']);
    expect(source['relation_name']).toBe('`shop-landing`.`raw_shop`.`customers`');
    // Even a meta key: dbt's translation does not stop at the keys it knows.
    expect(source['source_meta']).toEqual({ database: 'landing' });
    // unrendered_database is the entry's `database:` as written (a real 1.11.8 databricks manifest: `catalog:` gives
    // the database, and unrendered_database stays null).
    expect([source['unrendered_database'], source['unrendered_schema']]).toEqual([null, null]);
  });

  it('keeps the lines of a source entry it translates, as without aliases', () => {
    const yml = [
      'sources:',
      '  - name: raw',
      '    project: shop-landing',
      '    meta:',
      '      owner: "{{ var(\'no_owner\') }}"',
      '    tables:',
      '      - name: orders',
      '        meta: {dataset: x}',
      '        tags: ["{{ var(\'no_tag\') }}"]',
      '        columns:',
      '          - name: id',
      '',
    ].join('\n');
    const files = {
      'dbt_project.yml': 'name: shop\n',
      'models/src.yml': yml,
      'models/m.sql': "select * from {{ source('raw', 'orders') }}",
    };
    const lines = (graph: ReturnType<typeof compileFiles>) => ({
      table: graph.sources['source.shop.raw.orders']!.line,
      column: graph.sources['source.shop.raw.orders']!.columns['id']?.pos?.line,
      vars: graph.diagnostics.filter((d) => d.code === 'missing-var').map((d) => d.line),
    });
    const translated = lines(compileFiles(files, { target: bigquery }));
    expect(translated).toEqual(lines(compileFiles(files, { target: { type: 'postgres' } })));
    expect(translated).toEqual({ table: 7, column: 11, vars: [4, 9] });
  });

  it('keeps the keys of an adapter that has no such alias', () => {
    const postgres = compileFixture('adapter-aliases', { target: { type: 'postgres' } });
    expect(node(postgres, 'model.shop.dim_customers').config['dataset']).toBe('core');
    expect(node(postgres, 'model.shop.dim_customers').config.schema).toBeNull();
    const sources = (toManifest(postgres, postgres.target) as { sources: Record<string, Record<string, unknown>> })
      .sources;
    expect(sources['source.shop.raw.customers']?.['schema']).toBe('raw');
  });

  it('reports a key written both ways, where it is written', () => {
    const both = compileFiles(
      {
        'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +dataset: a\n    +schema: b\n',
        'models/m.sql': 'select 1 as id',
        'models/src.yml': 'sources:\n  - name: raw\n    dataset: x\n    schema: y\n    tables: [{name: t}]\n',
      },
      { target: bigquery },
    );
    expect(diagnosticsOf(both)).toEqual(['alias-conflict dbt_project.yml:4', 'alias-conflict models/src.yml:3']);
    expect(node(both, 'model.shop.m').config.schema).toBe('b');
    // Two config() calls of one file are one dict to dbt when it translates them.
    const calls = compileFiles(
      {
        'dbt_project.yml': 'name: shop\n',
        'models/m.sql': "{{ config(dataset='one') }}\n{{ config(schema='two') }}\nselect 1",
      },
      { target: bigquery },
    );
    expect(diagnosticsOf(calls)).toEqual(['alias-conflict models/m.sql:2']);
  });

  it('translates in place, recursing only when asked, and returns what it was given when nothing is renamed', () => {
    const aliases = aliasesOf('databricks')!;
    const dict = { a: 1, catalog: 'c', nested: { catalog: 'd' }, list: [{ catalog: 'e' }] };
    expect(Object.keys(translateAliases(dict, aliases, false).value)).toEqual(['a', 'database', 'nested', 'list']);
    expect(translateAliases(dict, aliases, false).value.nested).toBe(dict.nested);
    expect(translateAliases(dict, aliases, true).value).toEqual({
      a: 1,
      database: 'c',
      nested: { database: 'd' },
      list: [{ database: 'e' }],
    });
    const plain = { schema: 's', meta: { x: 1 } };
    expect(translateAliases(plain, aliases, true).value).toBe(plain);
    expect(aliasesOf('snowflake')).toBeNull();
  });
});
