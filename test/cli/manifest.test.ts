import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRS, ROOT, runCli, tempProject } from './harness.js';

interface Manifest {
  nodes: Record<string, { config: { enabled: boolean; meta: Record<string, unknown> } }>;
  disabled: Record<string, unknown[]>;
  child_map: Record<string, string[]>;
}

const project = (files: Record<string, string>): string => tempProject(files, 'dbt-steward-manifest-');

describe('dbt-steward manifest', () => {
  it('prints the compiled manifest of a folder as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['manifest', join(PRS, 'cli-clean', 'head')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const manifest = JSON.parse(stdout) as Manifest;
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.shop.orders', 'model.shop.revenue']);
    expect(manifest.child_map['model.shop.orders']).toEqual(['model.shop.revenue']);
    expect(manifest.nodes['model.shop.revenue']?.config.meta).toEqual({
      data_governance: { model: { team_owner: 'finance' } },
    });
  });

  it('prints diagnostics to stderr as file:line: severity code message, and still the manifest', async () => {
    const root = project({
      'dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\n',
      'models/a.sql': 'select 1\n-- next line refs nothing\nfrom {{ ref("missing_model") }}\n',
    });
    const { code, stdout, stderr } = await runCli(['manifest', root]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^models\/a\.sql:3: \w+ [a-z-]+ .*missing_model/);
    expect(Object.keys((JSON.parse(stdout) as Manifest).nodes)).toEqual(['model.p.a']);
    rmSync(root, { recursive: true });
  });

  it('applies --vars to the compile', async () => {
    const root = project({
      'dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\nvars:\n  with_b: true\n',
      'models/a.sql': 'select 1\n',
      'models/b.sql': "{{ config(enabled=var('with_b')) }}\nselect 2\n",
    });
    const on = JSON.parse((await runCli(['manifest', root])).stdout) as Manifest;
    expect(Object.keys(on.nodes).sort()).toEqual(['model.p.a', 'model.p.b']);
    const off = JSON.parse((await runCli(['manifest', root, '--vars', '{with_b: false}'])).stdout) as Manifest;
    expect(Object.keys(off.nodes)).toEqual(['model.p.a']);
    expect(Object.keys(off.disabled)).toEqual(['model.p.b']);
    // A whole float in --vars renders as Python writes it, as one in dbt_project.yml does.
    const floats = JSON.parse((await runCli(['manifest', root, '--vars', '{with_b: 1.0, n: 2}'])).stdout) as Manifest;
    expect(Object.keys(floats.nodes).sort()).toEqual(['model.p.a', 'model.p.b']);
    rmSync(root, { recursive: true });
  });

  it('renders a whole float given in --vars with its .0', async () => {
    const root = project({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': "{{ config(alias='a_' ~ var('ratio') ~ '_' ~ var('n')) }}select 1\n",
    });
    const out = JSON.parse((await runCli(['manifest', root, '--vars', '{ratio: 1.0, n: 2}'])).stdout) as Manifest;
    expect((out.nodes['model.p.a'] as unknown as { alias: string }).alias).toBe('a_1.0_2');
    rmSync(root, { recursive: true });
  });

  it('compiles a project folder as dbt parse there would: its local packages, not a nested project', async () => {
    const root = project({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
      'packages.yml': 'packages:\n  - local: packages/shared\n',
      'models/orders.sql': "select * from {{ ref('calendar') }}\n",
      'packages/shared/dbt_project.yml': 'name: shared\nversion: "1"\nconfig-version: 2\n',
      'packages/shared/models/calendar.sql': 'select 1\n',
      'integration_tests/dbt_project.yml': 'name: shop_tests\nversion: "1"\nconfig-version: 2\n',
      'integration_tests/packages.yml': 'packages:\n  - local: ../\n',
      'integration_tests/models/check_orders.sql': "select * from {{ ref('orders') }}\n",
    });
    const manifest = JSON.parse((await runCli(['manifest', root])).stdout) as Manifest;
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.shared.calendar', 'model.shop.orders']);
    expect(manifest.child_map['model.shared.calendar']).toEqual(['model.shop.orders']);
    rmSync(root, { recursive: true });
  });

  it('reads the folders outside the project that dbt reads with it: shared resource paths, local packages', async () => {
    const shared = join(ROOT, 'test', 'fixtures', 'dbt', 'shared-paths', 'dbt_subprojects', 'sales');
    const sales = await runCli(['manifest', shared]);
    expect(sales.stderr).toBe('');
    const manifest = JSON.parse(sales.stdout) as Manifest & {
      sources: Record<string, { original_file_path: string }>;
    };
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.sales.orders', 'model.sales.stg_crm__customers']);
    expect(manifest.sources['source.sales.crm.customers']?.original_file_path).toBe(
      '../../sources/crm/_crm__sources.yml',
    );
    expect(manifest.child_map['model.sales.stg_crm__customers']).toEqual(['model.sales.orders']);
    // `local: ../shared`: the package beside the folder given is compiled, not left an external node.
    const analytics = join(ROOT, 'test', 'fixtures', 'dbt', 'monorepo', 'analytics');
    const withPackage = await runCli(['manifest', analytics]);
    expect(withPackage.stderr).toBe('');
    expect((JSON.parse(withPackage.stdout) as Manifest).child_map['model.shared.shared_events']).toEqual([
      'model.analytics.sessions',
    ]);
  });

  it('names files outside the folder given as seen from it, in diagnostics', async () => {
    const root = project({
      'shop/dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nmodel-paths: [models, ../common]\n',
      'shop/models/a.sql': 'select 1 as id\n',
      'common/broken.sql': "select * from {{ ref('nowhere') }}\n",
    });
    const { stderr } = await runCli(['manifest', join(root, 'shop')]);
    expect(stderr).toMatch(/^\.\.\/common\/broken\.sql:1: error unknown-ref /);
    rmSync(root, { recursive: true });
  });

  it('reads no folder outside but a package that holds a project, or a resource path that is there', async () => {
    const root = project({
      'shop/dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\nmodel-paths: [models, ../not_there]\n',
      // A package folder without a project (a typo; the file system's root): dbt deps fails there; not read.
      'shop/packages.yml': 'packages:\n  - local: ../notes\n  - local: ../../../../../../../../../../../..\n',
      'shop/models/a.sql': 'select 1 as id\n',
      'notes/big.sql': "select * from {{ ref('nowhere') }}\n",
    });
    const { code, stdout, stderr } = await runCli(['manifest', join(root, 'shop')]);
    expect(code).toBe(0);
    // The missing resource folder says nothing (dbt finds no files there); the file system's root is never read.
    expect(
      stderr
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.replace(/ local package .*/, '')),
    ).toEqual(['packages.yml:2: warning missing-local-package', 'packages.yml:3: warning missing-local-package']);
    expect(stderr).toContain('local package `../notes` has no dbt_project.yml');
    expect(Object.keys((JSON.parse(stdout) as Manifest).nodes)).toEqual(['model.shop.a']);
    rmSync(root, { recursive: true });
  });

  it('joins the folders outside to where the project is, not to a link that leads to it', async () => {
    const shared = join(ROOT, 'test', 'fixtures', 'dbt', 'shared-paths', 'dbt_subprojects', 'sales');
    const links = mkdtempSync(join(tmpdir(), 'dbt-steward-link-'));
    symlinkSync(shared, join(links, 'sales'));
    const { stdout, stderr } = await runCli(['manifest', join(links, 'sales')]);
    expect(stderr).toBe('');
    expect(Object.keys((JSON.parse(stdout) as Manifest).nodes).sort()).toEqual([
      'model.sales.orders',
      'model.sales.stg_crm__customers',
    ]);
    rmSync(links, { recursive: true });
  });

  it('reads a manifest.json with --manifest and prints it normalised', async () => {
    const compiled = (await runCli(['manifest', join(PRS, 'cli-clean', 'head')])).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-manifest-'));
    writeFileSync(join(dir, 'manifest.json'), compiled);
    const { code, stdout } = await runCli(['manifest', '--manifest', 'manifest.json'], dir);
    expect(code).toBe(0);
    const manifest = JSON.parse(stdout) as Manifest;
    expect(Object.keys(manifest.nodes).sort()).toEqual(['model.shop.orders', 'model.shop.revenue']);
    expect(manifest.child_map).toEqual((JSON.parse(compiled) as Manifest).child_map);
    // A manifest names its own relations: a profiles folder given beside it is not read.
    const withProfiles = await runCli(['manifest', '--manifest', 'manifest.json', '--profiles-dir', 'nowhere'], dir);
    expect([withProfiles.code, withProfiles.stdout]).toEqual([0, stdout]);
    rmSync(dir, { recursive: true });
  });

  it('exits 2 when --manifest is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbt-steward-manifest-'));
    writeFileSync(join(dir, 'manifest.json'), '{ nope');
    const { code, stderr } = await runCli(['manifest', '--manifest', 'manifest.json'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dbt-steward: cannot read manifest\.json as JSON: /);
    rmSync(dir, { recursive: true });
  });

  it('exits 2 when given both a folder and --manifest', async () => {
    const { code, stderr } = await runCli(['manifest', 'x', '--manifest', 'm.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('dbt-steward: give either a project folder or --manifest FILE, not both\n');
  });

  it("writes the manifest of the dbt version the project's repository pins, unless --dbt-version says another", async () => {
    const repo = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'requirements.txt': 'dbt-snowflake==1.9.1\ndbt-core==1.9.4\n',
      'transform/dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\n',
      'transform/models/a.sql': 'select 1 as id\n',
    });
    const keys = (stdout: string) => Object.keys((JSON.parse(stdout) as Manifest).nodes['model.p.a']!);
    const pinned = await runCli(['manifest', join(repo, 'transform')]);
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toBe(
      '../requirements.txt:2: info dbt-version-pinned written as dbt 1.9.4 writes it (`dbt-core==1.9.4`; --dbt-version overrides)\n' +
        '../requirements.txt:1: info adapter-guessed compiled for snowflake, the adapter `dbt-snowflake` installs (no profiles.yml names one; --target-type overrides)\n',
    );
    // dbt 1.9 writes no doc_blocks (1.10+) and no functions (1.11+).
    expect(keys(pinned.stdout)).not.toContain('doc_blocks');
    const asked = await runCli(['manifest', join(repo, 'transform'), '--dbt-version', '1.11']);
    // No pin said (the adapter the repository installs still is).
    expect(asked.stderr).toBe(pinned.stderr.split('\n')[1] + '\n');
    expect(keys(asked.stdout)).toEqual(expect.arrayContaining(['doc_blocks', 'functions']));
    // Outside a repository, a folder above the project is not the project's: its pins are not read.
    rmSync(join(repo, '.git'), { recursive: true });
    const alone = await runCli(['manifest', join(repo, 'transform')]);
    expect(alone.stderr).toBe('');
    expect(keys(alone.stdout)).toContain('functions');
    rmSync(repo, { recursive: true });
  });

  it("lets the nearest folder that names dbt-core decide, and writes no older manifest than 1.8's", async () => {
    const repo = project({
      '.git': 'gitdir: ../.git/worktrees/x\n',
      'requirements.txt': 'dbt-core==1.11.2\n',
      '.github/workflows/ci.yml': 'jobs:\n  b:\n    steps:\n      - run: pip install dbt-core==1.7.4\n',
      'legacy/requirements.txt': 'dbt-core>=1.7,<1.8\n',
      'legacy/dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\n',
      'legacy/models/a.sql': 'select 1 as id\n',
      'old/Dockerfile': 'RUN pip install dbt-core==1.7.4\n',
      'old/dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\n',
      'old/models/a.sql': 'select 1 as id\n',
    });
    // A range decides for its project: the repository's pin (another project's) is not taken.
    expect((await runCli(['manifest', join(repo, 'legacy')])).stderr).toBe('');
    const old = await runCli(['manifest', join(repo, 'old')]);
    expect(old.stderr).toBe(
      "Dockerfile:1: info dbt-version-pinned `dbt-core==1.7.4` pins a dbt older than 1.8, whose manifest (before v12) is not written: dbt 1.11.9+'s is\n",
    );
    expect(Object.keys((JSON.parse(old.stdout) as Manifest).nodes['model.p.a']!)).toContain('functions');
    rmSync(repo, { recursive: true });
  });
  it('compiles for the adapter the repository installs when neither --target-type nor a profiles.yml names one', async () => {
    const repo = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.github/workflows/ci.yml':
        'jobs:\n  b:\n    steps:\n      # pip install dbt-duckdb\n      - run: pip install dbt-bigquery\n',
      'transform/dbt_project.yml': 'name: p\nversion: "1"\nconfig-version: 2\n',
      'transform/models/a.sql': 'select 1 as id\n',
    });
    const dir = join(repo, 'transform');
    const relation = (stdout: string) =>
      (JSON.parse(stdout) as { nodes: Record<string, { relation_name: string }> }).nodes['model.p.a']!.relation_name;
    const guessed = await runCli(['manifest', dir]);
    expect(guessed.stderr).toBe(
      '../.github/workflows/ci.yml:5: info adapter-guessed compiled for bigquery, the adapter `dbt-bigquery` installs (no profiles.yml names one; --target-type overrides)\n',
    );
    expect(relation(guessed.stdout)).toBe('`analytics`.`public`.`a`');
    expect((JSON.parse(guessed.stdout) as { metadata: { adapter_type: string } }).metadata.adapter_type).toBe(
      'bigquery',
    );
    // --target-type decides, and nothing is said.
    const asked = await runCli(['manifest', dir, '--target-type', 'postgres']);
    expect([asked.stderr, relation(asked.stdout)]).toEqual(['', '"analytics"."public"."a"']);
    // A nearer folder's requirements decide before the workflows; two adapters there decide nothing.
    writeFileSync(join(dir, 'requirements.txt'), 'dbt-duckdb==1.9.1\ndbt-snowflake==1.9.0\n');
    const ambiguous = await runCli(['parse', dir]);
    expect(ambiguous.stderr).toContain(
      'requirements.txt: info adapter-guessed names several adapters (duckdb, snowflake): compiled for postgres (--target-type chooses)',
    );
    // A profiles.yml that names the adapter is what dbt reads: no guess.
    writeFileSync(
      join(dir, 'profiles.yml'),
      'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: p.duckdb\n',
    );
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nconfig-version: 2\nprofile: p\n');
    const profiled = await runCli(['manifest', dir]);
    expect(profiled.stderr).toBe('');
    expect(relation(profiled.stdout)).toBe('"p"."main"."a"');
    rmSync(repo, { recursive: true });
  });
});
