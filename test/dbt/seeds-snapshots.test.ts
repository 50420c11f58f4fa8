// Seeds (CSV under seed-paths) and snapshots ({% snapshot %} blocks under snapshot-paths): nodes ref() resolves to.
import { compileFixture, diagnosticsOf, node } from './helpers.js';
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';

const graph = compileFixture('seeds-snapshots');

describe('seeds', () => {
  it('makes seed nodes with fqn from folders, configs from seeds: and property entries', () => {
    const countries = node(graph, 'seed.history.countries');
    expect([countries.resource_type, countries.path, countries.original_file_path, countries.fqn]).toEqual([
      'seed',
      'countries.csv',
      'seeds/countries.csv',
      ['history', 'countries'],
    ]);
    expect([countries.description, countries.meta, Object.keys(countries.columns)]).toEqual([
      'ISO countries',
      { owner: 'geo' },
      ['code'],
    ]);
    expect(countries.property).toEqual({ file: 'seeds/seeds.yml', line: 4 });
    const currencies = node(graph, 'seed.history.currencies');
    expect([currencies.fqn, currencies.tags, currencies.config.materialized]).toEqual([
      ['history', 'lookups', 'currencies'],
      ['lookup'],
      'seed',
    ]);
  });
});

describe('snapshots', () => {
  it('makes one node per {% snapshot %} block, with the file name in the fqn', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
    const orders = node(graph, 'snapshot.history.orders_snapshot');
    expect([orders.path, orders.original_file_path, orders.fqn]).toEqual([
      'orders.sql',
      'snapshots/orders.sql',
      ['history', 'orders', 'orders_snapshot'],
    ]);
    expect(node(graph, 'snapshot.history.customers_snapshot').fqn).toEqual(['history', 'orders', 'customers_snapshot']);
    expect(node(graph, 'snapshot.history.old_snapshot').fqn).toEqual(['history', 'archive', 'old', 'old_snapshot']);
  });

  it('applies snapshots: configs keyed by the file name, config() in the block and the property entry', () => {
    const orders = node(graph, 'snapshot.history.orders_snapshot');
    expect(orders.tags).toEqual(['orders-file']);
    expect(orders.meta).toEqual({ kind: 'snapshot', owner: 'orders-team' });
    expect(orders.description).toBe('Order history');
    expect(orders.config).toMatchObject({ materialized: 'snapshot', unique_key: 'id', strategy: 'timestamp' });
    expect(orders.configPositions['materialized']).toBeUndefined();
    expect(node(graph, 'snapshot.history.old_snapshot').tags).toEqual([]);
  });

  it('links refs inside snapshot blocks, with lines in the file', () => {
    const orders = node(graph, 'snapshot.history.orders_snapshot');
    expect(orders.depends_on.nodes).toEqual(['seed.history.countries']);
    expect(orders.refs[0]?.pos).toEqual({ file: 'snapshots/orders.sql', line: 4 });
    const customers = node(graph, 'snapshot.history.customers_snapshot');
    expect(customers.depends_on.nodes).toEqual(['seed.history.currencies']);
    expect(customers.refs[0]?.pos).toEqual({ file: 'snapshots/orders.sql', line: 8 });
  });

  it('resolves ref() from models to snapshots and seeds', () => {
    expect(node(graph, 'model.history.history_report').depends_on.nodes).toEqual([
      'snapshot.history.orders_snapshot',
      'snapshot.history.customers_snapshot',
      'snapshot.history.old_snapshot',
      'seed.history.countries',
    ]);
    expect(graph.child_map['seed.history.countries']).toEqual([
      'model.history.history_report',
      'snapshot.history.countries_history',
      'snapshot.history.orders_snapshot',
    ]);
  });

  it('makes snapshots defined in YAML with `relation:` (dbt 1.9+), as dbt does', () => {
    const countries = node(graph, 'snapshot.history.countries_history');
    expect([countries.original_file_path, countries.path, countries.fqn, countries.raw_code]).toEqual([
      'snapshots/snapshots.yml',
      'snapshots.yml/countries_history.sql',
      ['history', 'countries_history'],
      "select * from {{ ref('countries') }}",
    ]);
    expect(countries.meta).toEqual({ kind: 'snapshot', owner: 'geo' });
    expect(countries.config).toMatchObject({ unique_key: 'code', strategy: 'check', materialized: 'snapshot' });
    expect(countries.depends_on.nodes).toEqual(['seed.history.countries']);
    expect(countries.refs.map((r) => r.pos)).toEqual([{ file: 'snapshots/snapshots.yml', line: 11 }]);
    expect(node(graph, 'snapshot.history.raw_events_history').depends_on.nodes).toEqual(['source.history.raw.events']);
  });
});

describe("a seed's access or freshness", () => {
  // SeedConfig has neither: set by the user, each is a key of their own, which dbt keeps in the seed's config.
  it('is written when the project sets it, and not otherwise', () => {
    const files = new Map([
      ['dbt_project.yml', "name: sa\nversion: '1'\nconfig-version: 2\nseeds:\n  sa:\n    +access: public\n"],
      ['seeds/regions.csv', 'code\nA\n'],
      ['seeds/plain/codes.csv', 'code\nB\n'],
    ]);
    const withAccess = new Map(files).set(
      'dbt_project.yml',
      "name: sa\nversion: '1'\nconfig-version: 2\nseeds:\n  sa:\n    plain:\n      +enabled: true\n    +access: public\n",
    );
    const manifest = toManifest(compile(withAccess, { project: '' })) as {
      nodes: Record<string, { config: Record<string, unknown> }>;
    };
    expect(manifest.nodes['seed.sa.regions']!.config['access']).toBe('public');
    const plain = toManifest(
      compile(new Map(files).set('dbt_project.yml', "name: sa\nversion: '1'\nconfig-version: 2\n"), { project: '' }),
    ) as typeof manifest;
    expect(plain.nodes['seed.sa.regions']!.config).not.toHaveProperty('access');
    expect(plain.nodes['seed.sa.regions']!.config).not.toHaveProperty('freshness');
  });
});

describe("a snapshot's config in dbt 1.8's shape", () => {
  it('has none of the keys dbt 1.9 added to snapshots', () => {
    const manifest = toManifest(graph, {
      schema: 'public',
      database: 'analytics',
      shape: manifestShape('1.8')!,
    }) as { nodes: Record<string, { resource_type: string; config: Record<string, unknown> }> };
    const snapshots = Object.values(manifest.nodes).filter((n) => n.resource_type === 'snapshot');
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      expect(snapshot.config).not.toHaveProperty('snapshot_meta_column_names');
      expect(snapshot.config).not.toHaveProperty('dbt_valid_to_current');
    }
    const current = toManifest(graph) as typeof manifest;
    const first = Object.values(current.nodes).find((n) => n.resource_type === 'snapshot')!;
    expect(first.config).toHaveProperty('snapshot_meta_column_names');
  });
});
