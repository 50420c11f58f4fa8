// graphFromManifest: a manifest.json written by a real `dbt parse` read into the same graph the compiler builds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphFromManifest } from '../../src/dbt/manifest/manifest-input.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { fixturePath } from '../support/load-fixture.js';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(join(fixturePath('manifest-input'), name), 'utf8')) as unknown;

describe('graphFromManifest', () => {
  const { graph, diagnostics } = graphFromManifest(read('manifest.json'), 'target/manifest.json');

  it('reads a dbt manifest without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(graph?.projects).toEqual([{ name: 'shop', root: '', isPackage: false }]);
  });

  it('keeps models and seeds, and leaves tests out', () => {
    expect(Object.keys(graph?.nodes ?? {}).sort()).toEqual([
      'model.shop.orders',
      'model.shop.stg_orders',
      'seed.shop.countries',
    ]);
  });

  it('reads config, access, group, contract, meta, tags, columns and the property file', () => {
    const orders = graph!.nodes['model.shop.orders']!;
    expect([orders.access, orders.group, orders.contract, orders.meta, orders.tags]).toEqual([
      'public',
      'sales',
      { enforced: true, alias_types: true },
      { owner: 'sales' },
      ['finance'],
    ]);
    expect(orders.config.materialized).toBe('table');
    expect(orders.columns['order_id']).toMatchObject({
      data_type: 'int',
      meta: { pii: false },
      constraints: [{ type: 'not_null' }],
      pos: { file: 'models/marts/orders.yml', line: 1 },
    });
    expect(orders.property).toEqual({ file: 'models/marts/orders.yml', line: 1 });
    // Written back by `manifest --manifest FILE` as dbt wrote them.
    expect(orders.primary_key).toEqual(['order_id']);
    expect(orders.doc_blocks).toEqual(['doc.shop.orders']);
    expect(orders.columns['order_id']?.doc_blocks).toEqual(['doc.shop.order_id']);
    expect(graph?.docs?.['doc.shop.orders']).toMatchObject({ path: 'docs.md', block_contents: 'One row per order.' });
    // Names a profile gave and configs as written are kept as dbt wrote them.
    expect(orders.relation).toEqual({ database: 'warehouse', schema: 'marts', alias: 'fct_orders' });
    expect(orders.unrendered_config).toEqual({ materialized: 'table' });
    expect([orders.file, orders.original_file_path, orders.path, orders.fqn]).toEqual([
      'models/marts/orders.sql',
      'models/marts/orders.sql',
      'marts/orders.sql',
      ['shop', 'marts', 'orders'],
    ]);
  });

  it('reads refs in both the dict and the old list form', () => {
    expect(graph!.nodes['model.shop.orders']!.refs.map((r) => [r.name, r.package, r.version])).toEqual([
      ['stg_orders', null, null],
      ['countries', 'shop', null],
    ]);
    expect(graph!.nodes['model.shop.stg_orders']!.sources.map((s) => [s.source, s.table])).toEqual([['raw', 'orders']]);
  });

  it('keeps the unrendered_config dbt wrote for a source', () => {
    const raw = read('manifest.json') as { sources: Record<string, Record<string, unknown>> };
    const id = Object.keys(raw.sources)[0]!;
    raw.sources[id]!['unrendered_config'] = { loaded_at_field: null, tags: ['x'] };
    expect(graphFromManifest(raw, 'm.json').graph!.sources[id]!.unrendered_config).toEqual({
      loaded_at_field: null,
      tags: ['x'],
    });
  });

  it("keeps a source's database and schema as written (dbt 1.9+), and writes none a manifest did not have", () => {
    const raw = read('manifest.json') as { sources: Record<string, Record<string, unknown>> };
    const id = Object.keys(raw.sources)[0]!;
    // A second source as a manifest before dbt 1.9 writes it.
    const { unrendered_database: _d, unrendered_schema: _s, ...older } = raw.sources[id]!;
    const other = `${id}_older`;
    raw.sources[other] = { ...older, unique_id: other, name: `${String(older['name'])}_older` };
    raw.sources[id]!['unrendered_database'] = "{{ env_var('DB') }}";
    raw.sources[id]!['unrendered_schema'] = null;
    const written = toManifest(graphFromManifest(raw, 'm.json').graph!, {
      schema: 'public',
      database: 'analytics',
      type: 'postgres',
    }) as { sources: Record<string, Record<string, unknown>> };
    expect(written.sources[id]).toMatchObject({ unrendered_database: "{{ env_var('DB') }}", unrendered_schema: null });
    expect(written.sources[other]).not.toHaveProperty('unrendered_database');
    expect(written.sources[other]).not.toHaveProperty('unrendered_schema');
  });

  it('keeps the macros each node depends on, as dbt listed them', () => {
    expect(graph!.nodes['model.shop.orders']!.depends_on.macros).toEqual([
      'macro.shop.cents_to_dollars',
      'macro.dbt.is_incremental',
    ]);
    expect(graph!.nodes['model.shop.stg_orders']!.depends_on.macros).toEqual([]);
  });

  it('rebuilds parent_map and child_map from depends_on, over nodes, sources and exposures', () => {
    expect(graph!.parent_map).toEqual({
      'exposure.shop.finance_dashboard': ['model.shop.orders'],
      'model.shop.orders': ['model.shop.stg_orders', 'seed.shop.countries'],
      'model.shop.stg_orders': ['source.shop.raw.orders'],
      'seed.shop.countries': [],
      'source.shop.raw.orders': [],
    });
    expect(graph!.child_map['model.shop.orders']).toEqual(['exposure.shop.finance_dashboard']);
    expect(graph!.child_map['source.shop.raw.orders']).toEqual(['model.shop.stg_orders']);
  });

  it('reads sources, exposures, groups and disabled nodes', () => {
    expect(graph!.sources['source.shop.raw.orders']).toMatchObject({
      source_name: 'raw',
      name: 'orders',
      meta: { owner: 'platform' },
      file: 'models/staging/sources.yml',
    });
    expect(graph!.exposures['exposure.shop.finance_dashboard']).toMatchObject({
      type: 'dashboard',
      owner: { name: 'Finance', email: 'finance@example.com' },
      url: 'https://bi.example.com/finance',
      depends_on: { nodes: ['model.shop.orders'] },
    });
    expect(graph!.groups['group.shop.sales']?.owner).toEqual({ name: 'Sales', email: 'sales@example.com' });
    expect(graph!.disabled['model.shop.legacy']?.map((n) => n.config.enabled)).toEqual([false]);
  });
});

describe('graphFromManifest on bad input', () => {
  it('reports a node without a name as a diagnostic with the file, and does not throw', () => {
    const result = graphFromManifest(read('bad-manifest.json'), 'target/manifest.json');
    expect(result.graph).toBeNull();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-manifest', severity: 'error', file: 'target/manifest.json' }),
    ]);
    expect(result.diagnostics[0]?.message).toContain('nodes.model.shop.orders.name');
  });

  it.each([null, [], 'manifest', { metadata: {} }])('reports %j as not a manifest', (value) => {
    const result = graphFromManifest(value, 'manifest.json');
    expect(result.graph).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['invalid-manifest']);
  });

  it('passes the selectors dbt wrote on to the manifest it writes', () => {
    const selectors = { nightly: { name: 'nightly', default: true, definition: { method: 'tag', value: 'nightly' } } };
    const result = graphFromManifest({ ...(read('manifest.json') as object), selectors }, 'manifest.json');
    expect((toManifest(result.graph!) as { selectors: unknown }).selectors).toEqual(selectors);
  });

  it('reads the test nodes of a macro dbt could not find (null before dbt 1.12, "None" since)', () => {
    const manifest = read('manifest.json') as { nodes: Record<string, unknown> };
    const test = (id: string, missing: null | string) => ({
      unique_id: id,
      name: id.split('.')[2],
      resource_type: 'test',
      package_name: 'shop',
      original_file_path: 'models/schema.yml',
      depends_on: { macros: [missing, 'macro.dbt.get_where_subquery'], nodes: ['model.shop.orders'] },
    });
    const nodes = {
      ...manifest.nodes,
      'test.shop.is_positive_orders_id.1': test('test.shop.is_positive_orders_id.1', null),
      'test.shop.is_positive_orders_id.2': test('test.shop.is_positive_orders_id.2', 'None'),
    };
    const result = graphFromManifest({ ...manifest, nodes }, 'manifest.json');
    expect(result.diagnostics).toEqual([]);
    // Tests are left out of the graph; the rest is read as without them.
    const plain = graphFromManifest(manifest, 'manifest.json').graph!;
    expect(Object.keys(result.graph!.nodes)).toEqual(Object.keys(plain.nodes));
  });
});

describe('graphFromManifest: the adapter the manifest was written for', () => {
  it("keeps a spark node's schema and alias, and its database null, when the manifest is written again", () => {
    const spark = {
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', adapter_type: 'spark' },
      nodes: {
        'model.lake.m': {
          unique_id: 'model.lake.m',
          resource_type: 'model',
          name: 'm',
          package_name: 'lake',
          original_file_path: 'models/m.sql',
          database: null,
          schema: 'sch',
          alias: 'm',
          config: { materialized: 'view' },
          depends_on: { nodes: [] },
        },
      },
      sources: {},
    };
    const { graph } = graphFromManifest(spark, 'target/manifest.json');
    expect(graph?.target?.type).toBe('spark');
    const written = toManifest(graph!, graph!.target) as {
      nodes: Record<string, { database: unknown; schema: unknown; relation_name: unknown }>;
    };
    expect(written.nodes['model.lake.m']).toMatchObject({ database: null, schema: 'sch', relation_name: 'sch.m' });
  });
});
