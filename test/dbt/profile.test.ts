// A project's own profiles.yml: dbt reads it from the folder it runs in before ~/.dbt, so `dbt parse` in a
// repository that commits one builds with its target: the adapter, the database and schema that name every relation,
// and `target.name` in Jinja. The fixture's default target is a DuckDB file, as in many public projects' CI.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { loadFixture } from '../support/load-fixture.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempProject } from '../cli/harness.js';

const files = loadFixture('profile/duck');

describe("a project's profiles.yml", () => {
  it("gives the compile its default target: name, adapter, database (DuckDB's file name) and schema", () => {
    const graph = compile(files, { project: '' });
    expect(graph.target).toEqual({ name: 'ci', type: 'duckdb', schema: 'analytics_ci', database: 'shop_ci' });
    // `target.name == 'ci'` holds: the ref under it is a dependency.
    expect(graph.nodes['model.duck_shop.report']?.depends_on.nodes).toEqual(['model.duck_shop.orders']);
    expect(graph.diagnostics).toEqual([]);
  });

  it('renders env_var with its default, and takes the output that --target or the environment names', () => {
    const dev = compile(files, { project: '', env: { DBT_TARGET: 'dev' } });
    expect(dev.target).toEqual({ name: 'dev', type: 'postgres', schema: 'dev', database: 'shop_dev' });
    expect(dev.nodes['model.duck_shop.report']?.depends_on.nodes).toEqual([]);
    const chosen = compile(files, { project: '', target: { name: 'dev' }, env: { DBT_SCHEMA: 'x' } });
    expect(chosen.target?.database).toBe('shop_dev');
    expect(compile(files, { project: '', env: { DBT_SCHEMA: 'pr_42' } }).target?.schema).toBe('pr_42');
  });

  it('says when a value of the profile does not render here (an env var not set), and takes the default', () => {
    const own = new Map([
      ['dbt_project.yml', "name: pg\nversion: '1'\nconfig-version: 2\nprofile: pg\n"],
      ['models/a.sql', 'select 1 as id'],
      [
        'profiles.yml',
        'pg:\n  target: ci\n  outputs:\n    ci:\n      type: postgres\n      dbname: "{{ env_var(\'POSTGRES_DB\') }}"\n      schema: ci\n',
      ],
    ]);
    const unset = compile(own, { project: '' });
    expect(unset.target).toEqual({ name: 'ci', type: 'postgres', schema: 'ci', database: 'analytics' });
    expect(unset.diagnostics.map((d) => [d.code, d.file])).toEqual([['profile-value-unknown', 'profiles.yml']]);
    expect(unset.diagnostics[0]?.message).toContain("env_var('POSTGRES_DB')");
    const set = compile(own, { project: '', env: { POSTGRES_DB: 'shop' } });
    expect([set.target?.database, set.diagnostics]).toEqual(['shop', []]);
  });

  it('yields to what the caller gives, and is not read for a repository of several projects', () => {
    expect(compile(files, { project: '', target: { type: 'snowflake' } }).target?.type).toBe('snowflake');
    const nested = new Map([...files].map(([path, text]) => [`shop/${path}`, text]));
    expect(compile(nested).target).toEqual({ name: 'dev', type: 'postgres', schema: 'public', database: 'analytics' });
  });

  it("names the manifest's relations and adapter", async () => {
    const result = await runCli(['manifest', 'test/fixtures/dbt/profile/duck']);
    const manifest = JSON.parse(result.stdout) as {
      metadata: { adapter_type: string };
      nodes: Record<string, { database: string; schema: string; relation_name: string }>;
    };
    expect(manifest.metadata.adapter_type).toBe('duckdb');
    expect(manifest.nodes['model.duck_shop.orders']).toMatchObject({
      database: 'shop_ci',
      schema: 'analytics_ci',
      relation_name: '"shop_ci"."analytics_ci"."orders"',
    });
    const plain = toManifest(compile(new Map([...files].filter(([path]) => path !== 'profiles.yml')), { project: '' }));
    expect((plain as typeof manifest).nodes['model.duck_shop.orders']?.database).toBe('analytics');
  });
});

describe('a profiles.yml elsewhere (--profiles-dir, DBT_PROFILES_DIR)', () => {
  type Targeted = { metadata: { adapter_type: string }; nodes: Record<string, { database: string; schema: string }> };
  const orders = (result: { stdout: string }) => {
    const manifest = JSON.parse(result.stdout) as Targeted;
    return [manifest.metadata.adapter_type, manifest.nodes['model.duck_shop.orders']?.database];
  };
  let root: string;
  beforeAll(() => {
    // The project without its own profiles.yml; the one dbt is pointed at lives in ci/.
    const project = Object.fromEntries([...files].filter(([path]) => path !== 'profiles.yml'));
    const elsewhere =
      'duck_shop:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      database: PROD\n      schema: MARTS\n';
    root = tempProject({
      ...Object.fromEntries(Object.entries(project).map(([p, t]) => [`shop/${p}`, t])),
      'ci/profiles.yml': elsewhere,
    });
  });
  afterAll(() => rmSync(root, { recursive: true }));

  it("is read in place of the project's, from the flag or the environment", async () => {
    expect(orders(await runCli(['manifest', 'shop'], root))).toEqual(['postgres', 'analytics']);
    expect(orders(await runCli(['manifest', 'shop', '--profiles-dir', 'ci'], root))).toEqual(['snowflake', 'PROD']);
    expect(orders(await runCli(['manifest', 'shop'], root, { DBT_PROFILES_DIR: 'ci/' }))).toEqual([
      'snowflake',
      'PROD',
    ]);
    // Over a profiles.yml in the project folder too, as dbt reads the one it is pointed at.
    const own = await runCli(['manifest', 'test/fixtures/dbt/profile/duck', '--profiles-dir', join(root, 'ci')]);
    expect(orders(own)).toEqual(['snowflake', 'PROD']);
  });

  it('is named as given in its warnings, when the project reads folders outside its own', async () => {
    const outside = tempProject({
      'p/dbt_project.yml': "name: p\nprofile: nowhere\nmodel-paths: ['models', '../shared']\n",
      'p/models/a.sql': 'select 1 as id\n',
      'shared/b.sql': 'select 1 as id\n',
      'ci/profiles.yml': 'other:\n  target: t\n  outputs:\n    t: {type: duckdb}\n',
    });
    try {
      const result = await runCli(['manifest', 'p', '--profiles-dir', 'ci'], outside);
      expect(result.stderr).toMatch(
        /^ci\/profiles\.yml:1: warning profile-ignored profiles.yml has no profile `nowhere`/m,
      );
    } finally {
      rmSync(outside, { recursive: true });
    }
  });

  it('is not read for a folder that is no project, and says so', async () => {
    const result = await runCli(['manifest', '.', '--profiles-dir', 'ci'], root);
    expect(result.stderr).toContain('dbt-steward: ci/profiles.yml is not read: . is no dbt project folder');
    expect(orders(result)).toEqual(['postgres', 'analytics']);
  });

  it('is a usage error when the flag names a folder without one', async () => {
    const result = await runCli(['manifest', 'shop', '--profiles-dir', 'nowhere'], root);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('dbt-steward: cannot read --profiles-dir nowhere/profiles.yml: ENOENT');
    const empty = await runCli(['manifest', 'shop', '--profiles-dir', ''], root);
    expect([empty.code, empty.stderr.split('\n')[0]]).toEqual([
      2,
      'dbt-steward: --profiles-dir needs a folder, e.g. --profiles-dir .',
    ]);
  });
});

describe('profiles.yml as dbt reads it', () => {
  const withProfile = (profiles: string, project = 'duck_shop') =>
    new Map(files)
      .set('profiles.yml', profiles)
      .set('dbt_project.yml', files.get('dbt_project.yml')!.replace('profile: duck_shop', `profile: ${project}`));
  const output = (lines: string) => `duck_shop:\n  target: t\n  outputs:\n    t:\n${lines}`;
  const targetOf = (profiles: string, options = {}) => compile(withProfile(profiles), { project: '', ...options });

  it('is not read when DBT_PROFILES_DIR names another folder, and takes a profile name with Jinja', () => {
    const elsewhere = compile(files, { project: '', env: { DBT_PROFILES_DIR: '/ci' } });
    expect(elsewhere.target?.type).toBe('postgres');
    expect(elsewhere.diagnostics.map((d) => [d.code, d.severity])).toEqual([['profile-ignored', 'info']]);
    // CI's usual `.`: the project's own folder.
    expect(compile(files, { project: '', env: { DBT_PROFILES_DIR: '.' } }).target?.type).toBe('duckdb');
    const named = compile(withProfile(files.get('profiles.yml')!, `"{{ env_var('P', 'duck_shop') }}"`), {
      project: '',
    });
    expect(named.target?.type).toBe('duckdb');
  });

  it('warns where dbt stops, and keeps the defaults', () => {
    const missing = compile(files, { project: '', target: { name: 'prod' } });
    expect(missing.target).toEqual({ name: 'prod', type: 'postgres', schema: 'public', database: 'analytics' });
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({ code: 'profile-ignored', severity: 'warning', file: 'profiles.yml' }),
    ]);
    expect(missing.diagnostics[0]!.message).toContain('has no output `prod`');
    const broken = targetOf('duck_shop: [unclosed\n');
    expect(broken.diagnostics.map((d) => [d.code, d.severity])).toEqual([['profile-ignored', 'warning']]);
    expect(targetOf('other: {}\n').diagnostics[0]!.message).toContain('has no profile `duck_shop`');
  });

  it('leaves a value that names the target, which dbt cannot render there, to the defaults', () => {
    const graph = targetOf(output('      type: postgres\n      schema: "{{ target.name }}_x"\n'));
    expect(graph.target?.schema).toBe('public');
    // A path under target/, or 'target' in quotes, names no target.
    const duck = targetOf(output('      type: duckdb\n      path: target/dev.duckdb\n'));
    expect(duck.target?.database).toBe('dev');
    const quoted = targetOf(output(`      type: postgres\n      schema: "{{ env_var('target', 'ci_schema') }}"\n`));
    expect(quoted.target?.schema).toBe('ci_schema');
  });

  it("takes the adapter's own default schema when no profile gives one (DuckDB's main)", () => {
    const alone = new Map([...files].filter(([path]) => path !== 'profiles.yml'));
    expect(compile(alone, { project: '', target: { type: 'duckdb' } }).target?.schema).toBe('main');
    expect(compile(alone, { project: '', target: { type: 'clickhouse' } }).target?.schema).toBe('default');
    expect(compile(alone, { project: '', target: { type: 'snowflake' } }).target?.schema).toBe('public');
  });

  it("takes no database or schema of another adapter than the caller's", () => {
    expect(compile(files, { project: '', target: { type: 'snowflake' } }).target).toEqual({
      name: 'ci',
      type: 'snowflake',
      schema: 'public',
      database: 'analytics',
    });
  });

  it("names databases as each adapter's credentials do", () => {
    const databaseOf = (lines: string) => targetOf(output(lines)).target?.database;
    expect(databaseOf('      type: duckdb\n      path: "md:my_db?motherduck_token=abc"\n')).toBe('my_db');
    expect(databaseOf('      type: duckdb\n      path: "md:"\n')).toBe('my_db');
    expect(databaseOf('      type: duckdb\n      path: /data/lake.v2.duckdb\n')).toBe('lake.v2');
    expect(databaseOf('      type: databricks\n      schema: s\n')).toBe('hive_metastore');
    expect(databaseOf('      type: bigquery\n      project: acme-dw\n      dataset: marts\n')).toBe('acme-dw');
    // An adapter not modelled: the usual credential keys.
    expect(databaseOf('      type: athena\n      database: awsdatacatalog\n      schema: s\n')).toBe('awsdatacatalog');
  });
});

describe('a ClickHouse profile', () => {
  // dbt-clickhouse: credentials with database '' (ClickHouse has schemas only), relations `schema`.`identifier` in
  // backticks, its own is_incremental; as manifests dbt 1.11 wrote for two public ClickHouse projects show.
  const manifest = toManifest(compile(loadFixture('profile/clickhouse'), { project: '' }), {
    schema: 'f1',
    database: '',
    type: 'clickhouse',
  }) as {
    nodes: Record<string, { database: string; relation_name: string; depends_on: { macros: string[] } }>;
    sources: Record<string, { database: string; relation_name: string }>;
  };

  it('names relations by schema and identifier in backticks, with an empty database', () => {
    expect(manifest.nodes['model.race_stats.fact_laps']).toMatchObject({
      database: '',
      relation_name: '`f1`.`fact_laps`',
    });
    expect(manifest.sources['source.race_stats.raw.laps']).toMatchObject({
      database: '',
      relation_name: '`raw`.`laps`',
    });
  });

  it("calls dbt-clickhouse's is_incremental", () => {
    expect(manifest.nodes['model.race_stats.fact_laps']!.depends_on.macros).toEqual([
      'macro.dbt_clickhouse.is_incremental',
    ]);
  });
});
