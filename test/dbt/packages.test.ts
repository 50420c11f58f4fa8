// Several dbt projects in one repository, local packages (`local: ../shared`), the integration_tests pattern
// (`integration_tests/` with `local: ../`), and refs to projects or packages that are not in the repository.
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

describe('several projects in one repository', () => {
  const graph = compileFixture('monorepo');

  it('compiles every dbt_project.yml as a project, local packages once', () => {
    // finance refs analytics' protected `sessions` across projects (dbt Mesh takes public models only).
    expect(diagnosticsOf(graph)).toEqual(['cross-project-ref finance/models/ledger.sql:1']);
    expect(graph.projects).toEqual([
      { name: 'analytics', root: 'analytics', isPackage: false },
      { name: 'shared', root: 'shared', isPackage: true },
      { name: 'finance', root: 'finance', isPackage: false },
      { name: 'my_package', root: 'my_package', isPackage: false },
      { name: 'my_package_integration_tests', root: 'my_package/integration_tests', isPackage: false },
    ]);
    expect(Object.keys(graph.nodes).sort()).toEqual([
      'model.analytics.sessions',
      'model.finance.fin_events',
      'model.finance.ledger',
      'model.my_package.pkg_base',
      'model.my_package_integration_tests.test_pkg_base',
      'model.shared.shared_events',
    ]);
  });

  it("writes each node's original_file_path relative to its own project, and keeps the repository path", () => {
    const shared = node(graph, 'model.shared.shared_events');
    expect([shared.package_name, shared.original_file_path, shared.file, shared.projectRoot]).toEqual([
      'shared',
      'models/shared_events.sql',
      'shared/models/shared_events.sql',
      'shared',
    ]);
    expect(node(graph, 'model.my_package_integration_tests.test_pkg_base').original_file_path).toBe(
      'models/test_pkg_base.sql',
    );
  });

  it("applies the using project's models: config to a local package", () => {
    expect(node(graph, 'model.shared.shared_events').meta).toEqual({ used_by: 'analytics' });
  });

  it('resolves refs into a local package from every project that declares it', () => {
    expect(node(graph, 'model.analytics.sessions').depends_on.nodes).toEqual(['model.shared.shared_events']);
    expect(node(graph, 'model.finance.fin_events').depends_on.nodes).toEqual(['model.shared.shared_events']);
    expect(graph.child_map['model.shared.shared_events']).toEqual([
      'model.analytics.sessions',
      'model.finance.fin_events',
    ]);
  });

  it('links the integration_tests project to the package it tests', () => {
    expect(node(graph, 'model.my_package_integration_tests.test_pkg_base').depends_on.nodes).toEqual([
      'model.my_package.pkg_base',
    ]);
    // In the repository-wide graph, the package is its own project: the test project's configs do not apply.
    expect(node(graph, 'model.my_package.pkg_base').tags).toEqual([]);
  });

  it('resolves cross-project refs to a project in the repository, and to one outside as an external node', () => {
    expect(node(graph, 'model.finance.ledger').depends_on.nodes).toEqual([
      'model.analytics.sessions',
      'model.marketing.campaigns.v2',
    ]);
    expect(graph.external).toEqual({
      'model.marketing.campaigns.v2': {
        unique_id: 'model.marketing.campaigns.v2',
        name: 'campaigns',
        package_name: 'marketing',
        version: 2,
      },
    });
    expect(graph.parent_map['model.marketing.campaigns.v2']).toEqual([]);
  });
});

describe('compiling one project of the repository', () => {
  it('compiles integration_tests with the package as a local package, as `dbt parse` there would', () => {
    const graph = compileFixture('monorepo', { project: 'my_package/integration_tests' });
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(Object.keys(graph.nodes).sort()).toEqual([
      'model.my_package.pkg_base',
      'model.my_package_integration_tests.test_pkg_base',
    ]);
    const base = node(graph, 'model.my_package.pkg_base');
    expect([base.original_file_path, base.tags]).toEqual(['models/pkg_base.sql', ['under-test']]);
    expect(graph.projects.map((p) => [p.name, p.isPackage])).toEqual([
      ['my_package_integration_tests', false],
      ['my_package', true],
    ]);
  });

  it('reports a folder without dbt_project.yml', () => {
    const graph = compileFixture('monorepo', { project: 'nowhere' });
    expect(diagnosticsOf(graph)).toEqual(['no-project nowhere/dbt_project.yml:-']);
    expect(graph.nodes).toEqual({});
  });
});

describe('macros of packages not declared', () => {
  const model = "select {{ dbt_utils.star(ref('b')) }}, {{ dbt_date.today() }} from {{ ref('b') }}\n";
  const files = (packages: string) => ({
    'dbt_project.yml': 'name: p\n',
    'packages.yml': packages,
    'models/a.sql': model,
    'models/b.sql': 'select 1 as id\n',
  });

  it('says where a call names no package of the project, when every package is from dbt Hub', () => {
    const graph = compileFiles(files('packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n'));
    expect(node(graph, 'model.p.a').depends_on.macros).toEqual(['macro.dbt_utils.star']);
    expect(diagnosticsOf(graph)).toEqual(['unknown-macro models/a.sql:1']);
    expect(graph.diagnostics[0]?.message).toMatch(/^`dbt_date.today` calls into `dbt_date`, which is no package/);
  });

  it('says nothing when a git package, whose project name is a guess, may be the one', () => {
    const git = 'packages:\n  - git: https://github.com/example/date-helpers.git\n    revision: v1\n';
    expect(diagnosticsOf(compileFiles(files(git)))).toEqual([]);
  });
});
