import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseSummary } from '../../src/cli/parse-command.js';
import { PRS, runCli, tempProject } from './harness.js';

const PROJECT = 'name: shop\nversion: "1"\nconfig-version: 2\n';

describe('dbt-steward parse', () => {
  let root = '';
  afterEach(() => {
    if (root !== '') rmSync(root, { recursive: true });
    root = '';
  });

  it('prints what each project holds and exits 0 when nothing is an error', async () => {
    const { code, stdout, stderr } = await runCli(['parse', join(PRS, 'cli-clean', 'head')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'shop: 2 models, 0 seeds, 0 snapshots, 1 source, 1 exposure, 0 groups; 0 disabled\n0 errors, 0 warnings\n',
    );
  });

  it('names installed packages (dbt_packages/) apart from local ones, read from the disk as dbt loads them', async () => {
    root = tempProject({
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: pkgs/util\n',
      'models/a.sql': "select * from {{ ref('vendor_model') }} join {{ ref('util_model') }} using (id)\n",
      'pkgs/util/dbt_project.yml': 'name: util\nversion: "1"\nconfig-version: 2\n',
      'pkgs/util/models/util_model.sql': 'select 1 as id\n',
      'dbt_packages/vendor/dbt_project.yml': 'name: vendor\nversion: "1"\nconfig-version: 2\n',
      'dbt_packages/vendor/models/vendor_model.sql': 'select 1 as id\n',
      'dbt_packages/vendor/integration_tests/dbt_project.yml': 'name: vendor_tests\nversion: "1"\nconfig-version: 2\n',
      'dbt_packages/vendor/integration_tests/models/t.sql': 'select 1\n',
    });
    const { code, stdout, stderr } = await runCli(['parse', root]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(
      [
        'shop: 1 model, 0 seeds, 0 snapshots, 0 sources, 0 exposures, 0 groups; 0 disabled',
        'util (pkgs/util, local package): 1 model, 0 seeds, 0 snapshots, 0 sources, 0 exposures, 0 groups; 0 disabled',
        'vendor (dbt_packages/vendor, installed package): 1 model, 0 seeds, 0 snapshots, 0 sources, 0 exposures, 0 groups; 0 disabled',
        '0 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('reads a local package out of the folder once, from its own folder, though `dbt deps` linked it', async () => {
    root = tempProject({
      'app/dbt_project.yml': PROJECT,
      'app/packages.yml': 'packages:\n  - local: ../shared\n',
      'app/models/a.sql': "select * from {{ ref('shared_model') }}\n",
      'shared/dbt_project.yml': 'name: shared\nversion: "1"\nconfig-version: 2\n',
      'shared/models/shared_model.sql': 'select 1 as id\n',
    });
    mkdirSync(join(root, 'app', 'dbt_packages'));
    symlinkSync(join('..', '..', 'shared'), join(root, 'app', 'dbt_packages', 'shared'));
    const { code, stdout, stderr } = await runCli(['parse', join(root, 'app')]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('shop: 1 model,');
    expect(stdout).toContain('shared (../shared, local package): 1 model,');
  });

  it('counts each kind of resource per project, local packages apart, and refs to packages not in the folder', async () => {
    root = tempProject({
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: pkgs/util\n  - package: dbt-labs/dbt_utils\n    version: 1.0.0\n',
      'models/a.sql': "select * from {{ ref('dbt_utils', 'date_spine') }}\n",
      'models/b.sql': "{{ config(enabled=false) }}\nselect * from {{ source('app', 'users') }}\n",
      'models/c.sql': "select * from {{ ref('util_model') }}\n",
      'models/props.yml': [
        'version: 2',
        'sources:',
        '  - name: app',
        '    tables: [{name: users}, {name: events}]',
        'groups:',
        '  - name: core',
        '    owner: {name: Core}',
        'exposures:',
        '  - name: board',
        '    type: dashboard',
        '    owner: {name: BI}',
        "    depends_on: [ref('a')]",
        '',
      ].join('\n'),
      'seeds/countries.csv': 'code\nFR\n',
      'snapshots/snap.sql':
        "{% snapshot snap %}{{ config(unique_key='id', strategy='check', check_cols='all') }}select 1 as id{% endsnapshot %}\n",
      'pkgs/util/dbt_project.yml': 'name: util\nversion: "1"\nconfig-version: 2\n',
      'pkgs/util/models/util_model.sql': 'select 1\n',
    });
    const { code, stdout } = await runCli(['parse', root, '--format', 'json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as ParseSummary;
    expect(summary.projects).toEqual([
      {
        name: 'shop',
        roots: [''],
        isPackage: false,
        models: 2,
        seeds: 1,
        snapshots: 1,
        sources: 2,
        exposures: 1,
        groups: 1,
        disabled: 1,
      },
      {
        name: 'util',
        roots: ['pkgs/util'],
        isPackage: true,
        models: 1,
        seeds: 0,
        snapshots: 0,
        sources: 0,
        exposures: 0,
        groups: 0,
        disabled: 0,
      },
    ]);
    expect(summary.external).toBe(1);
    expect({ errors: summary.errors, warnings: summary.warnings }).toEqual({ errors: 0, warnings: 0 });
  });

  it('reports problems on stderr with file and line, still counts the rest, and exits 1 on an error', async () => {
    root = tempProject({
      'dbt_project.yml': PROJECT,
      'models/a.sql': 'select 1\n',
      'models/b.sql': "select 1\nfrom {{ ref('nope') }}\n",
      'models/broken.yml': 'version: 2\nmodels:\n  - name: a\n    description: [unclosed\n',
    });
    const { code, stdout, stderr } = await runCli(['parse', root]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^models\/b\.sql:2: error unknown-ref .*nope/m);
    expect(stderr).toMatch(/^models\/broken\.yml:\d+: error yaml-syntax /m);
    expect(stdout).toBe(
      'shop: 2 models, 0 seeds, 0 snapshots, 0 sources, 0 exposures, 0 groups; 0 disabled\n2 errors, 0 warnings\n',
    );
  });

  it('checks data tests as dbt parse does: a test of a model that is not there is said', async () => {
    root = tempProject({
      'dbt_project.yml': PROJECT,
      'models/a.sql': 'select 1 as id\n',
      'models/a.yml':
        "models:\n  - name: a\n    data_tests:\n      - relationships: {column_name: id, to: ref('gone'), field: id}\n",
    });
    const { code, stderr } = await runCli(['parse', root]);
    // dbt disables the test, with a warning (it is not an error).
    expect(stderr).toMatch(/^models\/a\.yml:4: warning test-target-missing .*ref\('gone'\) matches no node/m);
    expect(code).toBe(0);
  });

  it('fails as an input error (exit 2) when the folder holds no dbt project, or one that cannot be read', async () => {
    root = tempProject({ 'README.md': '# not dbt\n', 'sub/dbt_project.yml': 'version: "1"\n' });
    const empty = await runCli(['parse', root]);
    expect([empty.code, empty.stdout]).toEqual([2, '']);
    expect(empty.stderr).toMatch(/no dbt project \(dbt_project\.yml\) in /);
    const nameless = await runCli(['parse', join(root, 'sub')]);
    expect(nameless.code).toBe(2);
    expect(nameless.stderr).toMatch(/^dbt_project\.yml:1: error invalid-project .*no `name`/m);
    expect(nameless.stderr).toMatch(
      /^dbt_project\.yml: error no-project `dbt_project\.yml` does not define a dbt project/m,
    );
  });

  it('names the folders of projects that share a name, a root project among them', async () => {
    root = tempProject({
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: sub\n',
      'models/a.sql': 'select 1\n',
      'sub/dbt_project.yml': PROJECT,
      'sub/models/b.sql': 'select 2\n',
    });
    const { stdout } = await runCli(['parse', root]);
    expect(stdout.split('\n')[0]).toMatch(/^shop \(\., sub\): /);
  });

  it.each([
    [['parse'], /parse needs a project folder/],
    [['parse', 'a', 'b'], /parse takes one folder/],
    [['parse', '.', '--format', 'sarif'], /--format must be text or json/],
  ])('rejects %j as a usage error (exit 2)', async (argv, message) => {
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
