// Source overrides (`overrides: <package>`): a root project's entry patches a package's source instead of defining
// one, as dbt's SourcePatcher does; checked against dbt-core's functional test project for them (our own files).
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

const PACKAGE_SOURCES = [
  'sources:',
  '  - name: raw',
  '    schema: landing',
  '    loader: fivetran',
  '    config: {meta: {from: package}}',
  '    freshness: {error_after: {count: 3, period: hour}}',
  '    tables:',
  '      - name: orders',
  '        identifier: orders_v1',
  '        columns:',
  '          - name: id',
  '            data_tests: [unique, not_null]',
  '      - name: refunds',
  '        loaded_at_field: synced_at',
  '        columns:',
  '          - name: id',
  '            data_tests: [unique]',
  '',
].join('\n');

const OVERRIDE = [
  'sources:',
  '  - name: raw',
  '    overrides: shop_source',
  '    database: warehouse_raw',
  '    tables:',
  '      - name: orders',
  '        identifier: orders_v2',
  '        columns:',
  '          - name: id',
  '            data_tests: [not_null]',
  '      - name: returns',
  '  - name: billing',
  '    overrides: billing_source',
  '',
].join('\n');

const files = {
  'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\n",
  'packages.yml': 'packages:\n  - local: shop_source\n  - package: acme/billing_source\n    version: 1.0.0\n',
  'models/sources.yml': OVERRIDE,
  'models/report.sql': "select * from {{ source('raw', 'orders') }}",
  'shop_source/dbt_project.yml': "name: shop_source\nversion: '1'\nconfig-version: 2\n",
  'shop_source/models/sources.yml': PACKAGE_SOURCES,
};

describe('source overrides', () => {
  const graph = compileFiles(files, { project: '', tests: true });
  const manifest = toManifest(graph) as {
    sources: Record<string, Record<string, unknown>>;
    nodes: Record<string, { resource_type: string }>;
  };

  it("define no source of their own, and patch the package's: the source's keys, then the named tables'", () => {
    expect(Object.keys(manifest.sources).sort()).toEqual([
      'source.shop_source.raw.orders',
      'source.shop_source.raw.refunds',
    ]);
    const orders = manifest.sources['source.shop_source.raw.orders']!;
    const refunds = manifest.sources['source.shop_source.raw.refunds']!;
    expect([orders['identifier'], orders['database'], orders['schema'], orders['loader']]).toEqual([
      'orders_v2',
      'warehouse_raw',
      'landing',
      'fivetran',
    ]);
    // The patch's config (none) replaces the source's, and its freshness (none) the source's: no threshold left.
    const none = { count: null, period: null };
    expect([orders['meta'], orders['freshness']]).toEqual([{}, { warn_after: none, error_after: none, filter: null }]);
    expect([refunds['identifier'], refunds['loaded_at_field'], refunds['database']]).toEqual([
      'refunds',
      'synced_at',
      'warehouse_raw',
    ]);
    expect(graph.nodes['model.shop.report']?.depends_on.nodes).toEqual(['source.shop_source.raw.orders']);
  });

  it("take the patched tables' tests in place of the package's", () => {
    const tests = Object.entries(manifest.nodes)
      .filter(([, node]) => node.resource_type === 'test')
      .map(([id]) => id.split('.').slice(0, 3).join('.'))
      .sort();
    expect(tests).toEqual([
      'test.shop_source.source_not_null_raw_orders_id',
      'test.shop_source.source_unique_raw_refunds_id',
    ]);
  });

  it('report a table the package lacks, as dbt warns of it', () => {
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`)).toEqual([
      'unused-source-override warning models/sources.yml:11',
    ]);
  });

  it("compile an override of a package the repository does not hold as that package's sources, so source() leads there", () => {
    const external = compileFiles(
      {
        ...files,
        'models/sources.yml': [
          'sources:',
          '  - name: invoices',
          '    overrides: billing_source',
          '    database: raw_billing',
          '    tables:',
          '      - name: lines',
          '        columns: [{name: id, data_tests: [unique]}]',
          '',
        ].join('\n'),
        'models/report.sql': "select * from {{ source('invoices', 'lines') }}",
      },
      { project: '', tests: true },
    );
    expect(external.diagnostics).toEqual([]);
    expect(external.nodes['model.shop.report']?.depends_on.nodes).toEqual(['source.billing_source.invoices.lines']);
    const lines = external.sources['source.billing_source.invoices.lines']!;
    expect([lines.package_name, lines.fqn, lines.database]).toEqual([
      'billing_source',
      ['billing_source', 'invoices', 'lines'],
      'raw_billing',
    ]);
    // Its tests are the package's, which the repository does not hold.
    expect(Object.keys(external.tests ?? {}).filter((id) => id.includes('invoices'))).toEqual([]);
  });

  it('refuse a second override of one package source, as dbt does', () => {
    const twice = compileFiles(
      { ...files, 'models/more.yml': 'sources:\n  - name: raw\n    overrides: shop_source\n' },
      {
        project: '',
      },
    );
    expect(
      twice.diagnostics.filter((d) => d.code === 'duplicate-source-override').map((d) => [d.severity, d.file]),
    ).toEqual([['error', 'models/more.yml']]);
  });
});
