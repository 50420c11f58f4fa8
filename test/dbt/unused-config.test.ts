// dbt_project.yml config paths that apply to no resource: dbt's "Configuration paths exist in your dbt_project.yml
// file which do not apply to any resources" warning, with the line of each path.
import { compileFiles, diagnosticsOf } from './helpers.js';

const PROJECT = [
  'name: shop',
  'models:',
  '  shop:',
  '    +materialized: view',
  '    marts:',
  '      +meta: {owner: sales}',
  '    martz:',
  '      +meta: {owner: finance}',
  '    legacy:',
  '      +enabled: false',
  '  dbt_utils:',
  '    +schema: utils',
  '  other_pkg:',
  '    +schema: other',
  'seeds:',
  '  +quote_columns: true',
  'data_tests:',
  '  shop:',
  '    +severity: warn',
  '',
].join('\n');

const files = {
  'dbt_project.yml': PROJECT,
  'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
  'models/marts/orders.sql': 'select 1 as id',
};

const unused = (graph: ReturnType<typeof compileFiles>) =>
  graph.diagnostics.filter((d) => d.code === 'unused-config-path').map((d) => [d.line, d.message.split(' ')[0]]);

describe('unused config paths', () => {
  it('reports each level that applies to no resource, on its line', () => {
    expect(unused(compileFiles(files))).toEqual([
      [7, '`models.shop.martz`'],
      [9, '`models.shop.legacy`'],
    ]);
  });

  it('counts disabled resources (of any type, as dbt does), and never judges paths packages not here may use', () => {
    const withDisabled = unused(compileFiles({ ...files, 'models/legacy/old.sql': 'select 1 as id' }));
    // `legacy` holds a disabled model only; dbt's rule counts it for every tree, so `seeds` is used too.
    expect(withDisabled).toEqual([[7, '`models.shop.martz`']]);
    // A package from outside may have seeds of its own: the `seeds:` top level is not judged then.
    expect(unused(compileFiles(files)).map(([, name]) => name)).not.toContain('`seeds`');
    // Packages are installed from outside (dbt_utils, and whatever it pulls in under names of its own): a path that
    // starts with a name not compiled here may be theirs. With every package in the repository, it is judged.
    const { 'packages.yml': _declared, ...alone } = files;
    expect(unused(compileFiles(alone)).map(([, name]) => name)).toEqual(
      expect.arrayContaining(['`models.dbt_utils`', '`models.other_pkg`', '`seeds`']),
    );
  });

  it('judges the tests tree only when tests are built, against the tests built', () => {
    expect(unused(compileFiles(files, { tests: true }))).toContainEqual([18, '`data_tests.shop`']);
    const tested = compileFiles(
      {
        ...files,
        'models/marts/orders.yml':
          'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique]\n',
      },
      { tests: true },
    );
    expect(unused(tested).map(([, name]) => name)).not.toContain('`data_tests.shop`');
  });

  it('does not judge paths where files skipped for size may have put resources', () => {
    const big = `select 1 as id -- ${'x'.repeat(200)}`;
    const project = [
      'name: shop',
      'models:',
      '  shop:',
      '    marts:',
      '      +meta: {owner: sales}',
      '    staging:',
      '      stripe:',
      '        +meta: {owner: payments}',
      '',
    ].join('\n');
    const base = { 'dbt_project.yml': project, 'models/marts/orders.sql': 'select 1 as id' };
    expect(unused(compileFiles(base, { maxFileChars: 100 }))).toEqual([[7, '`models.shop.staging.stripe`']]);
    // A model file over the cap: its fqn is known from its path; a property file's resources are not, so the folders
    // under its own are not judged.
    expect(unused(compileFiles({ ...base, 'models/staging/stripe/big.sql': big }, { maxFileChars: 100 }))).toEqual([]);
    const yaml = `sources:\n  - name: stripe\n    description: ${'x'.repeat(200)}\n`;
    expect(unused(compileFiles({ ...base, 'models/staging/sources.yml': yaml }, { maxFileChars: 100 }))).toEqual([]);
    // Files of other kinds leave the models tree judged: an analysis (no tree reads them), a snapshot file.
    const others = {
      ...base,
      'analyses/big.sql': big,
      'snapshots/staging/stripe.sql': `{% snapshot s %}${big}{% endsnapshot %}`,
    };
    expect(unused(compileFiles(others, { maxFileChars: 100, tests: true }))).toEqual([
      [7, '`models.shop.staging.stripe`'],
    ]);
  });

  it('says nothing of a project whose every path is used', () => {
    const clean = compileFiles({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +meta: {owner: sales}\n',
      'models/marts/orders.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(clean)).toEqual([]);
  });
});
