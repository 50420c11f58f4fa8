// dbt_project.yml: several model paths, seed/snapshot/macro/docs paths, and the `models:` tree keyed by fqn.
import { compileFiles, compileFixture, diagnosticsOf, lineOf, node } from './helpers.js';
import { loadFixture } from '../support/load-fixture.js';

const files = loadFixture('project-config');
const graph = compileFixture('project-config');
const projectLine = (needle: string) => ({
  file: 'dbt_project.yml',
  line: lineOf(files.get('dbt_project.yml'), needle),
});

describe('dbt_project.yml', () => {
  it('compiles with one warning per level that applies to no model, as dbt warns of unused config paths', () => {
    // `meta:` without its `+` is a folder level, and model paths (`models`, `marts`) are not levels of the fqn.
    expect(diagnosticsOf(graph)).toEqual([
      `unused-config-path dbt_project.yml:${projectLine('      meta:').line}`,
      `unused-config-path dbt_project.yml:${projectLine('    models:').line}`,
      `unused-config-path dbt_project.yml:${projectLine('    marts:').line}`,
    ]);
    expect(graph.diagnostics.map((d) => d.message.split(' applies')[0])).toEqual([
      '`models.shop_core.finance.meta`',
      '`models.shop_core.models`',
      '`models.shop_core.marts`',
    ]);
  });

  it('finds models in every model path, seeds, snapshots; not macros or files outside the paths', () => {
    expect(Object.keys(graph.nodes).sort()).toEqual([
      'model.shop_core.revenue',
      'model.shop_core.stg_orders',
      'model.shop_core.stg_payments',
      'seed.shop_core.countries',
      'snapshot.shop_core.orders_snapshot',
    ]);
  });

  it('writes path relative to the model path and original_file_path relative to the project', () => {
    const revenue = node(graph, 'model.shop_core.revenue');
    expect(revenue.path).toBe('finance/revenue.sql');
    expect(revenue.original_file_path).toBe('marts/finance/revenue.sql');
    expect(revenue.fqn).toEqual(['shop_core', 'finance', 'revenue']);
    const payments = node(graph, 'model.shop_core.stg_payments');
    expect(payments.path).toBe('staging/payments/stg_payments.sql');
    expect(payments.fqn).toEqual(['shop_core', 'staging', 'payments', 'stg_payments']);
    const seed = node(graph, 'seed.shop_core.countries');
    expect([seed.path, seed.original_file_path, seed.fqn]).toEqual([
      'countries.csv',
      'data/countries.csv',
      ['shop_core', 'countries'],
    ]);
  });

  it('applies `+` configs from the least specific folder to the most specific', () => {
    const stg = node(graph, 'model.shop_core.stg_orders');
    expect(stg.config.materialized).toBe('table');
    expect(stg.tags).toEqual(['core']);
    expect(stg.meta).toEqual({ layer: 'staging' });
    const payments = node(graph, 'model.shop_core.stg_payments');
    expect(payments.config.materialized).toBe('table');
    expect(payments.tags).toEqual(['core', 'payments']);
    expect(payments.meta).toEqual({ layer: 'staging', pii: true });
    expect(payments.metaPositions).toEqual({ layer: projectLine('layer: staging'), pii: projectLine('pii: true') });
  });

  it('treats a non-dict value without `+` as a config', () => {
    expect(node(graph, 'model.shop_core.stg_orders').config['schema']).toBe('stg');
  });

  it('treats a dict without `+` as a folder level, not a config', () => {
    // `finance: meta: {owner: ...}` names a folder `meta`, which holds no model.
    expect(node(graph, 'model.shop_core.revenue').meta).toEqual({});
  });

  it('keys the tree by the fqn (package, then folders under the model path), never by the model path', () => {
    const revenue = node(graph, 'model.shop_core.revenue');
    expect(revenue.tags).toEqual(['core']);
    expect(revenue.config.materialized).toBe('view');
    expect(revenue.group).toBe('finance');
    expect(revenue.access).toBe('public');
    expect(revenue.configPositions['group']).toEqual(projectLine('+group: finance'));
    expect(revenue.configPositions['access']).toEqual(projectLine('+access: public'));
  });

  it('applies the seeds: and snapshots: trees', () => {
    expect(node(graph, 'seed.shop_core.countries').tags).toEqual(['seed']);
    expect(node(graph, 'seed.shop_core.countries').config.materialized).toBe('seed');
    const snapshot = node(graph, 'snapshot.shop_core.orders_snapshot');
    expect(snapshot.tags).toEqual(['snap']);
    expect(snapshot.config.materialized).toBe('snapshot');
  });

  it('reads doc blocks from docs-paths', () => {
    expect(node(graph, 'model.shop_core.revenue').description).toBe('Revenue per order, in cents.');
  });

  it('links refs across model paths, to seeds and from snapshots', () => {
    expect(node(graph, 'model.shop_core.revenue').depends_on.nodes).toEqual([
      'model.shop_core.stg_orders',
      'model.shop_core.stg_payments',
      'seed.shop_core.countries',
    ]);
    expect(graph.child_map['model.shop_core.stg_orders']).toEqual([
      'model.shop_core.revenue',
      'snapshot.shop_core.orders_snapshot',
    ]);
  });

  it('only reads doc blocks from docs-paths when they are set', () => {
    const withStray = new Map(files);
    withStray.set('models/staging/stray.md', '{% docs revenue_doc %}\nfrom a stray file\n{% enddocs %}\n');
    const recompiled = compileFiles(withStray);
    expect(node(recompiled, 'model.shop_core.revenue').description).toBe('Revenue per order, in cents.');
  });
});
