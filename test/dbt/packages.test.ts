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
  const model = "select {{ mypkg.m() }}, {{ dbt_date.today() }} from {{ ref('b') }}\n";
  const project = (packages: string) => ({
    'dbt_project.yml': 'name: p\n',
    'packages.yml': packages,
    'models/a.sql': model,
    'models/b.sql': 'select 1 as id\n',
  });
  const local = 'packages:\n  - local: ../mypkg\n';

  it('says where a call names no package of the project, when every package is in the repository', () => {
    const graph = compileFiles({
      ...Object.fromEntries(Object.entries(project(local)).map(([path, text]) => [`p/${path}`, text])),
      'mypkg/dbt_project.yml': 'name: mypkg\n',
      'mypkg/macros/m.sql': '{% macro m() %}1{% endmacro %}',
    });
    expect(node(graph, 'model.p.a').depends_on.macros).toEqual(['macro.mypkg.m']);
    expect(diagnosticsOf(graph)).toEqual(['unknown-macro p/models/a.sql:1']);
    expect(graph.diagnostics[0]?.message).toMatch(/^`dbt_date.today` calls into `dbt_date`, which is no package/);
  });

  it("records a call into a package compiled on its own (integration_tests' package), and says nothing of it", () => {
    const graph = compileFiles({
      'mypkg/dbt_project.yml': 'name: mypkg\n',
      'mypkg/macros/m.sql': '{% macro m() %}1{% endmacro %}',
      'mypkg/integration_tests/dbt_project.yml': 'name: mypkg_tests\n',
      'mypkg/integration_tests/packages.yml': 'packages:\n  - local: ../\n',
      'mypkg/integration_tests/models/a.sql': 'select {{ mypkg.m() }} as x\n',
    });
    expect(node(graph, 'model.mypkg_tests.a').depends_on.macros).toEqual(['macro.mypkg.m']);
    expect(diagnosticsOf(graph)).toEqual([]);
  });

  it('says nothing when packages come from outside, which install packages of their own', () => {
    // dbt_expectations installs dbt_date; a git package's project name is not known from its URL.
    const hub = 'packages:\n  - package: calogica/dbt_expectations\n    version: 0.10.4\n';
    const git = 'packages:\n  - git: https://github.com/example/date-helpers.git\n    revision: v1\n';
    for (const packages of [hub, git]) expect(diagnosticsOf(compileFiles(project(packages)))).toEqual([]);
  });
});
