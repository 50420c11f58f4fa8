// dbt's access rules for refs (is_invalid_private_ref / is_invalid_protected_ref), which stop `dbt parse`: a
// private model is for its group; a package with `restrict-access` keeps its protected models; another project's
// models (dbt Mesh) must be public. Each forbidden ref is an error at the ref, and the dependency is still kept.
import { compileFiles, diagnosticsOf, node } from './helpers.js';

const PROJECT = "name: shop\nversion: '1'\nconfig-version: 2\n";
const GROUPS = [
  'groups:',
  '  - name: finance',
  '    owner: {name: Finance}',
  '  - name: marketing',
  '    owner: {name: Marketing}',
  'models:',
  '  - name: ledger',
  '    config: {group: finance, access: private}',
  '    columns:',
  '      - name: id',
  '        data_tests: [unique]',
  '  - name: revenue',
  '    config: {group: finance}',
  '  - name: campaigns',
  '    config: {group: marketing}',
  '    columns:',
  '      - name: ledger_id',
  '        data_tests:',
  '          - relationships: {to: "ref(\'ledger\')", field: id}',
  'exposures:',
  '  - name: board',
  '    type: dashboard',
  '    owner: {name: BI}',
  "    depends_on: [ref('revenue'), ref('ledger')]",
  '',
].join('\n');

describe('access rules of refs', () => {
  const graph = compileFiles(
    {
      'dbt_project.yml': PROJECT,
      'models/props.yml': GROUPS,
      'models/ledger.sql': 'select 1 as id',
      'models/revenue.sql': "select * from {{ ref('ledger') }}",
      'models/campaigns.sql': "select * from {{ ref('ledger') }}",
      'models/loose.sql': "-- no group\nselect * from {{ ref('ledger') }}",
    },
    { tests: true },
  );

  it('lets a private model be used in its group only: not by another group, a node of none, or an exposure', () => {
    expect(diagnosticsOf(graph)).toEqual([
      'private-ref models/campaigns.sql:1',
      'private-ref models/loose.sql:2',
      // The relationships test belongs to campaigns' group: it may not ref finance's private ledger either.
      'private-ref models/props.yml:19',
      // The exposure, which has no group.
      'private-ref models/props.yml:24',
    ]);
    const messages = graph.diagnostics.map((d) => d.message);
    expect(messages).toContain(
      'model.shop.campaigns refs model.shop.ledger, which is private to group `finance` (the referrer is in `marketing`): dbt stops here',
    );
    expect(node(graph, 'model.shop.revenue').depends_on.nodes).toEqual(['model.shop.ledger']);
  });

  it('keeps the dependency of a forbidden ref, and does not disable a test for it', () => {
    expect(node(graph, 'model.shop.campaigns').depends_on.nodes).toEqual(['model.shop.ledger']);
    const relationships = Object.values(graph.tests ?? {}).find((t) => t.name.startsWith('relationships_'));
    expect([relationships?.config['enabled'], relationships?.depends_on.nodes]).toEqual([
      true,
      ['model.shop.ledger', 'model.shop.campaigns'],
    ]);
  });

  it("keeps a package's protected and private models to itself when it sets restrict-access", () => {
    const files = (restrict: string) => ({
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: lib\n',
      'models/props.yml':
        'groups:\n  - name: core\n    owner: {name: Core}\nmodels:\n  - name: uses\n    config: {group: core}\n',
      'models/uses.sql': "select * from {{ ref('lib', 'helper') }} join {{ ref('lib', 'secret') }} using (id)",
      'lib/dbt_project.yml': `name: lib\nversion: '1'\nconfig-version: 2\n${restrict}`,
      'lib/models/props.yml':
        'groups:\n  - name: core\n    owner: {name: Core}\nmodels:\n  - name: secret\n    config: {group: core, access: private}\n',
      'lib/models/helper.sql': 'select 1 as id',
      'lib/models/secret.sql': 'select 1 as id',
    });
    // The same group name in both: a private ref from that group passes, unless the package restricts access.
    expect(diagnosticsOf(compileFiles(files('')))).toEqual([]);
    expect(diagnosticsOf(compileFiles(files('restrict-access: true\n')))).toEqual([
      'private-ref models/uses.sql:1',
      'protected-ref models/uses.sql:1',
    ]);
  });

  it("lets a package's protected model be used, though the repository compiles it as a project of its own", () => {
    // `a` installs `b` from git (its folder in this very repository): a package, not a Mesh project.
    const repo = compileFiles({
      'a/dbt_project.yml': "name: a\nversion: '1'\nconfig-version: 2\n",
      'a/packages.yml': 'packages:\n  - git: https://example.com/org/mono.git\n    subdirectory: b\n',
      'a/models/uses.sql': "select * from {{ ref('b', 'core') }}",
      'b/dbt_project.yml': "name: b\nversion: '1'\nconfig-version: 2\n",
      'b/models/core.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(repo)).toEqual([]);
    expect(node(repo, 'model.a.uses').depends_on.nodes).toEqual(['model.b.core']);
  });

  it("gives a test attached to no node (a source's) the group of its own config", () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': `${PROJECT}data_tests:\n  shop:\n    +group: finance\n`,
        'models/props.yml': [
          'groups:',
          '  - name: finance',
          '    owner: {name: Finance}',
          'models:',
          '  - name: orders',
          '    config: {group: finance, access: private}',
          'sources:',
          '  - name: raw',
          '    tables:',
          '      - name: payments',
          '        columns:',
          '          - name: order_id',
          '            data_tests:',
          '              - relationships: {to: "ref(\'orders\')", field: id}',
          '',
        ].join('\n'),
        'models/orders.sql': 'select 1 as id',
      },
      { tests: true },
    );
    expect(diagnosticsOf(graph)).toEqual([]);
    expect(Object.values(graph.tests ?? {}).map((t) => t.group)).toEqual(['finance']);
  });

  it('keeps restrict-access wherever the package is used, in each project of the repository that uses it', () => {
    const project = (name: string) => `name: ${name}\nversion: '1'\nconfig-version: 2\n`;
    const repo = compileFiles({
      'p/dbt_project.yml': `${project('p')}restrict-access: true\n`,
      'p/models/secret.sql': 'select 1 as id',
      'a/dbt_project.yml': project('a'),
      'a/packages.yml': 'packages:\n  - local: ../p\n',
      'a/models/use_a.sql': "select * from {{ ref('p', 'secret') }}",
      'b/dbt_project.yml': project('b'),
      'b/packages.yml': 'packages:\n  - local: ../p\n',
      'b/models/use_b.sql': "select * from {{ ref('p', 'secret') }}",
    });
    // `p` is compiled with `a`, and linked from `b`: both are outside the package.
    expect(diagnosticsOf(repo)).toEqual(['protected-ref a/models/use_a.sql:1', 'protected-ref b/models/use_b.sql:1']);
  });

  it('reads dbt Mesh projects from dependencies.yml only', () => {
    const files = {
      'up/dbt_project.yml': "name: up\nversion: '1'\nconfig-version: 2\n",
      'up/models/internal.sql': 'select 1 as id',
      'down/dbt_project.yml': "name: down\nversion: '1'\nconfig-version: 2\n",
      'down/models/d.sql': "select * from {{ ref('up', 'internal') }}",
    };
    expect(diagnosticsOf(compileFiles({ ...files, 'down/packages.yml': 'projects:\n  - name: up\n' }))).toEqual([]);
    expect(diagnosticsOf(compileFiles({ ...files, 'down/dependencies.yml': 'projects:\n  - name: up\n' }))).toEqual([
      'cross-project-ref down/models/d.sql:1',
    ]);
  });

  it("takes only public models of another project (dbt Mesh's dependencies.yml `projects:`)", () => {
    const mesh = compileFiles({
      'up/dbt_project.yml': "name: up\nversion: '1'\nconfig-version: 2\n",
      'up/models/props.yml': 'models:\n  - name: shared\n    config: {access: public}\n',
      'up/models/shared.sql': 'select 1 as id',
      'up/models/internal.sql': 'select 1 as id',
      'down/dbt_project.yml': "name: down\nversion: '1'\nconfig-version: 2\n",
      'down/dependencies.yml': 'projects:\n  - name: up\n',
      'down/models/d.sql': "select * from {{ ref('up', 'shared') }}\njoin {{ ref('up', 'internal') }} using (id)",
    });
    expect(diagnosticsOf(mesh)).toEqual(['cross-project-ref down/models/d.sql:2']);
    expect(node(mesh, 'model.down.d').depends_on.nodes).toEqual(['model.up.shared', 'model.up.internal']);
  });
});
