// Packages installed by `dbt deps` (dbt_packages/<name>/ beside dbt_project.yml): dbt loads each as a package of
// the project, so they compile with it, their models, tests and macros in the graph, and refs to them resolve.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

describe('packages installed in dbt_packages/', () => {
  const graph = compileFixture('installed-packages', { project: '', tests: true });

  it('compiles each installed package with the project that installed it, and nothing dbt does not load', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(graph.projects).toEqual([
      { name: 'shop', root: '', isPackage: false },
      { name: 'pkg_a', root: 'dbt_packages/pkg_a', isPackage: true },
      { name: 'pkg_b', root: 'dbt_packages/pkg_b', isPackage: true },
    ]);
    // Not the package's integration_tests project, packages installed inside it, or a folder without a project.
    expect(Object.keys(graph.nodes).sort()).toEqual([
      'model.pkg_a.pkg_events',
      'model.pkg_b.b_summary',
      'model.shop.orders',
    ]);
    expect(Object.keys(graph.tests ?? {})).toEqual([expect.stringMatching(/^test\.pkg_a\.unique_pkg_events_id\./)]);
  });

  it("writes a package node's paths relative to the package, and applies the project's configs over the package's", () => {
    const events = node(graph, 'model.pkg_a.pkg_events');
    expect([events.original_file_path, events.file, events.projectRoot]).toEqual([
      'models/pkg_events.sql',
      'dbt_packages/pkg_a/models/pkg_events.sql',
      'dbt_packages/pkg_a',
    ]);
    expect([events.config.materialized, events.tags, events.config.schema]).toEqual(['view', ['vendored'], 'vendor']);
    expect(events.description).toBe('Events as the vendor ships them.');
    // The project's `shop:` configs stay with the project.
    expect(node(graph, 'model.pkg_b.b_summary').config.materialized).toBe('view');
    expect(node(graph, 'model.shop.orders').config.materialized).toBe('table');
  });

  it('resolves refs into installed packages, and records their macros; a package that is not installed stays external', () => {
    expect(node(graph, 'model.shop.orders').depends_on).toEqual({
      nodes: ['model.pkg_a.pkg_events', 'model.pkg_b.b_summary'],
      macros: ['macro.pkg_a.cents_to_dollars', 'macro.dbt_utils.generate_surrogate_key'],
    });
    expect(node(graph, 'model.pkg_b.b_summary').depends_on.nodes).toEqual(['model.pkg_a.pkg_events']);
    expect(graph.external).toEqual({});
    const manifest = toManifest(graph) as { macros: Record<string, { original_file_path: string }> };
    expect(Object.keys(manifest.macros)).toEqual(['macro.pkg_a.cents_to_dollars']);
    expect(manifest.macros['macro.pkg_a.cents_to_dollars']?.original_file_path).toBe('macros/cents.sql');
  });

  it('compiles installed packages with their project when the whole repository is compiled', () => {
    const whole = compileFixture('installed-packages');
    expect(whole.projects.map((p) => [p.name, p.isPackage])).toEqual([
      ['shop', false],
      ['pkg_a', true],
      ['pkg_b', true],
    ]);
    expect(Object.keys(whole.nodes).sort()).toEqual(Object.keys(graph.nodes).sort());
  });

  const project = (name: string, extra = ''): string => `name: ${name}\nversion: '1'\nconfig-version: 2\n${extra}`;

  it('compiles a local package once, from its own folder, when `dbt deps` also copied it into dbt_packages/', () => {
    const copied = compileFiles(
      {
        'app/dbt_project.yml': project('app'),
        'app/packages.yml': 'packages:\n  - local: ../shared\n',
        'app/models/m.sql': "select * from {{ ref('s') }}",
        'app/dbt_packages/shared/dbt_project.yml': project('shared'),
        'app/dbt_packages/shared/models/s.sql': 'select 1 as stale_copy',
        'shared/dbt_project.yml': project('shared'),
        'shared/models/s.sql': 'select 1 as id',
      },
      { project: 'app' },
    );
    expect(diagnosticsOf(copied)).toEqual([]);
    expect(node(copied, 'model.shared.s').file).toBe('shared/models/s.sql');
    expect(node(copied, 'model.app.m').depends_on.nodes).toEqual(['model.shared.s']);
  });

  it('reads the packages-install-path dbt_project.yml names: dbt_packages/ unless it says dbt_modules/', () => {
    const files = (setting: string) => ({
      'dbt_project.yml': project('app', setting),
      'dbt_modules/old/dbt_project.yml': project('old'),
      'dbt_modules/old/models/from_modules.sql': 'select 1 as id',
      'dbt_packages/new/dbt_project.yml': project('new'),
      'dbt_packages/new/models/from_packages.sql': 'select 1 as id',
      // dbt skips folders named `__...` (a __pycache__ left by a package's Python).
      'dbt_packages/__cache/dbt_project.yml': project('cache'),
      'dbt_packages/__cache/models/cached.sql': 'select 1 as id',
    });
    const byDefault = compileFiles(files(''));
    expect(diagnosticsOf(byDefault)).toEqual([]);
    expect(Object.keys(byDefault.nodes)).toEqual(['model.new.from_packages']);
    const legacy = compileFiles(files('packages-install-path: dbt_modules\n'));
    expect(Object.keys(legacy.nodes)).toEqual(['model.old.from_modules']);
  });

  it('still says a local package out of the folder is missing when no installed package has its folder name', () => {
    // The folder compiled is the project's (as `dbt-steward parse app/`): `../pkgg` lies outside it.
    const files = {
      'dbt_project.yml': project('app'),
      'packages.yml': 'packages:\n  - local: ../pkgg\n',
      'dbt_packages/dbt_utils/dbt_project.yml': project('dbt_utils'),
    };
    expect(diagnosticsOf(compileFiles(files, { project: '' }))).toEqual(['missing-local-package packages.yml:2']);
    const copied = { ...files, 'dbt_packages/pkgg/dbt_project.yml': project('pkgg') };
    expect(diagnosticsOf(compileFiles(copied, { project: '' }))).toEqual([]);
  });

  it('reports an installed package named as the project or as another installed package, and leaves it out', () => {
    const clash = compileFiles({
      'dbt_project.yml': project('app'),
      'models/m.sql': 'select 1 as id',
      'dbt_packages/app/dbt_project.yml': project('app'),
      'dbt_packages/app/models/other.sql': 'select 2 as id',
      'dbt_packages/utils/dbt_project.yml': project('dbt_utils'),
      'dbt_packages/utils/models/kept.sql': 'select 3 as id',
      'dbt_packages/utils_old/dbt_project.yml': project('dbt_utils'),
      'dbt_packages/utils_old/models/dropped.sql': 'select 4 as id',
    });
    // On the project's own dbt_project.yml, where a review shows it.
    expect(diagnosticsOf(clash)).toEqual([
      'duplicate-package dbt_project.yml:1',
      'duplicate-package dbt_project.yml:1',
    ]);
    expect(clash.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('`dbt_packages/app` is named `app`, as the project itself'),
      expect.stringContaining('`dbt_packages/utils_old` is named `dbt_utils`, as another installed package'),
    ]);
    expect(Object.keys(clash.nodes).sort()).toEqual(['model.app.m', 'model.dbt_utils.kept']);
  });

  it("compiles the repository's own project, not an installed copy of it, when the whole repository is compiled", () => {
    const files = {
      'a/dbt_project.yml': project('a'),
      'a/packages.yml': 'packages:\n  - git: https://example.com/repo.git\n    subdirectory: shared\n',
      'a/models/ma.sql': "select * from {{ ref('s') }}",
      'a/dbt_packages/shared/dbt_project.yml': project('shared'),
      'a/dbt_packages/shared/models/s.sql': 'select 1 as stale_copy',
      'b/dbt_project.yml': project('b'),
      'b/packages.yml': 'packages:\n  - local: ../shared\n',
      'b/models/mb.sql': "select * from {{ ref('s') }}",
      'shared/dbt_project.yml': project('shared'),
      'shared/models/s.sql': 'select 1 as id',
    };
    const whole = compileFiles(files);
    expect(diagnosticsOf(whole)).toEqual([]);
    expect(node(whole, 'model.shared.s').file).toBe('shared/models/s.sql');
    expect(node(whole, 'model.a.ma').depends_on.nodes).toEqual(['model.shared.s']);
    expect(node(whole, 'model.b.mb').depends_on.nodes).toEqual(['model.shared.s']);
    // `dbt parse` in a/ alone reads its installed copy.
    const alone = compileFiles(files, { project: 'a' });
    expect(node(alone, 'model.shared.s').file).toBe('a/dbt_packages/shared/models/s.sql');
  });

  it('compiles the package an integration_tests project tests once, though `dbt deps` copied it there', () => {
    const graph = compileFiles({
      'dbt_project.yml': project('my_pkg'),
      'models/base.sql': 'select 1 as id',
      'integration_tests/dbt_project.yml': project('my_pkg_tests'),
      'integration_tests/packages.yml': 'packages:\n  - local: ../\n',
      'integration_tests/models/t.sql': "select * from {{ ref('base') }}",
      'integration_tests/dbt_packages/my_pkg/dbt_project.yml': project('my_pkg'),
      'integration_tests/dbt_packages/my_pkg/models/base.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(node(graph, 'model.my_pkg.base').file).toBe('models/base.sql');
    expect(node(graph, 'model.my_pkg_tests.t').depends_on.nodes).toEqual(['model.my_pkg.base']);
  });
});
