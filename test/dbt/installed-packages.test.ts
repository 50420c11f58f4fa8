// Packages installed by `dbt deps` (dbt_packages/<name>/ beside dbt_project.yml): dbt loads each as a package of
// the project, so they compile with it, their models, tests and macros in the graph, and refs to them resolve.
import { toManifest } from '../../src/dbt/manifest.js';
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

  it('prefers dbt_packages/ to a dbt_modules/ left by older dbt when both hold a package of one name', () => {
    const both = compileFiles({
      'dbt_project.yml': project('app'),
      'dbt_modules/vendor/dbt_project.yml': project('vendor'),
      'dbt_modules/vendor/models/old.sql': 'select 1 as id',
      'dbt_packages/vendor/dbt_project.yml': project('vendor'),
      'dbt_packages/vendor/models/new.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(both)).toEqual([]);
    expect(Object.keys(both.nodes)).toEqual(['model.vendor.new']);
  });

  it('reports an installed package named as the project that installs it, and leaves it out', () => {
    const clash = compileFiles({
      'dbt_project.yml': project('app'),
      'models/m.sql': 'select 1 as id',
      'dbt_packages/app/dbt_project.yml': project('app'),
      'dbt_packages/app/models/other.sql': 'select 2 as id',
    });
    expect(diagnosticsOf(clash)).toEqual(['duplicate-package dbt_packages/app/dbt_project.yml:1']);
    expect(Object.keys(clash.nodes)).toEqual(['model.app.m']);
  });
});
