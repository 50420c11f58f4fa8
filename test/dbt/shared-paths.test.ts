// Resource paths outside a project's folder (`model-paths: [models, ../../sources]`), as monorepos that share sources
// and macros between projects write them: dbt joins each path to the project's folder and reads the files there,
// writing their paths as seen from the project (`../../sources/crm/x.yml`).
import { pathFrom } from '../../src/dbt/text.js';
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

describe('resource paths outside the project folder', () => {
  const graph = compileFixture('shared-paths', { tests: true });

  it('reads the shared folders for each project that names them, with paths as dbt writes them', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
    for (const project of ['sales', 'finance']) {
      const staging = node(graph, `model.${project}.stg_crm__customers`);
      expect(staging.original_file_path).toBe('../../sources/crm/stg_crm__customers.sql');
      expect(staging.path).toBe('crm/stg_crm__customers.sql');
      expect(staging.fqn).toEqual([project, 'crm', 'stg_crm__customers']);
      expect(staging.patch_path).toBe(`${project}://../../sources/crm/_crm__sources.yml`);
      expect(staging.description).toBe('Customers as the CRM keeps them.');
      const source = graph.sources[`source.${project}.crm.customers`]!;
      expect(source.original_file_path).toBe('../../sources/crm/_crm__sources.yml');
      expect(source.fqn).toEqual([project, 'crm', 'crm', 'customers']);
      expect(source.meta).toEqual({ owner: 'crm-team' });
      expect(graph.macros?.[`macro.${project}.cents`]?.path).toBe('../../dbt_macros/cents.sql');
    }
  });

  it('resolves refs, sources and macros through them', () => {
    expect(node(graph, 'model.sales.orders').depends_on).toEqual({
      nodes: ['model.sales.stg_crm__customers'],
      macros: ['macro.sales.cents'],
    });
    expect(node(graph, 'model.finance.ledger').depends_on).toEqual({
      nodes: ['source.finance.crm.customers'],
      macros: ['macro.finance.cents'],
    });
    expect(node(graph, 'model.sales.stg_crm__customers').depends_on.nodes).toEqual(['source.sales.crm.customers']);
  });

  it('compiles one project alone the same way', () => {
    const alone = compileFixture('shared-paths', { project: 'dbt_subprojects/finance' });
    expect(Object.keys(alone.nodes).sort()).toEqual(['model.finance.ledger', 'model.finance.stg_crm__customers']);
    expect(Object.keys(alone.sources)).toEqual(['source.finance.crm.customers']);
  });

  it('reports a folder above the repository root, which a file map cannot hold, and compiles the rest', () => {
    const outside = compileFiles({
      'dbt_project.yml': "name: p\nversion: '1'\nconfig-version: 2\nmodel-paths:\n  - models\n  - ../shared\n",
      'models/a.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(outside)).toEqual(['path-outside-repository dbt_project.yml:4']);
    expect(outside.diagnostics[0]!.message).toContain('`model-paths` names `../shared`');
    expect(Object.keys(outside.nodes)).toEqual(['model.p.a']);
  });

  it('finds the files of a path that leaves the project folder and comes back into it', () => {
    const graph = compileFiles({
      'sales/dbt_project.yml': "name: sales\nversion: '1'\nconfig-version: 2\nmodel-paths: ['../sales/models']\n",
      'sales/models/orders.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(node(graph, 'model.sales.orders').fqn).toEqual(['sales', 'orders']);
  });

  it('gives semantic models and unit tests of a shared folder what dbt gives them', () => {
    const project = [
      "name: p\nversion: '1'\nconfig-version: 2",
      'model-paths: [models, ../../shared/models]',
      'test-paths: [../../shared/tests]',
      'semantic-models:\n  p:\n    crm:\n      +meta: {area: crm}',
      '',
    ].join('\n');
    const graph = compileFiles(
      {
        'projects/p/dbt_project.yml': project,
        'projects/p/models/orders.sql': 'select 1 as id',
        'shared/models/crm/schema.yml': [
          'semantic_models:',
          '  - name: orders_sm',
          "    model: ref('orders')",
          '    entities: [{name: order, type: primary, expr: id}]',
          'unit_tests:',
          '  - name: counts',
          '    model: orders',
          '    given: []',
          '    expect: {format: csv, fixture: expected_orders}',
          '',
        ].join('\n'),
        'shared/tests/fixtures/expected_orders.csv': 'id\n1\n',
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual([]);
    const semantic = graph.semantic?.['semantic_model.p.orders_sm'];
    // dbt's get_fqn_prefix of the path under the resource path; the project's `semantic-models:` config applies.
    expect(semantic?.fqn).toEqual(['p', 'crm', 'orders_sm']);
    expect(semantic?.config['meta']).toEqual({ area: 'crm' });
    expect(graph.unitTests?.['unit_test.p.orders.counts']?.expect.rows).toEqual([{ id: '1' }]);
  });
});

describe('pathFrom', () => {
  it('is the shortest path from a folder to a file or folder, with `..` where it leaves', () => {
    expect(pathFrom('', 'a/x.sql')).toBe('a/x.sql');
    expect(pathFrom('a/b', 'a/b/x.sql')).toBe('x.sql');
    expect(pathFrom('a/b', 'a/bc/x.sql')).toBe('../bc/x.sql');
    expect(pathFrom('a/b', 'sources/x.yml')).toBe('../../sources/x.yml');
    expect(pathFrom('a/b', 'a/b')).toBe('');
    expect(pathFrom('a/b', 'a')).toBe('..');
    expect(pathFrom('a', '')).toBe('..');
    expect(pathFrom('a', '../x')).toBe('../../x');
  });
});
