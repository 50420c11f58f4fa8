// var() with project defaults and --vars, env_var() defaults, target.name / target.type, in dbt_project.yml,
// property files and SQL.
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';

describe('vars, env_var and target', () => {
  const dev = compileFixture('vars-target');
  const prod = compileFixture('vars-target', {
    vars: { owner_team: 'cli-team', use_new_source: true, enable_optional: false },
    target: { name: 'prod', type: 'snowflake' },
    env: { DBT_OWNER: 'ops' },
  });

  it('uses defaults: project vars, env_var defaults, target dev/postgres', () => {
    expect(diagnosticsOf(dev)).toEqual([]);
    const orders = node(dev, 'model.vars_target.orders');
    expect(orders.meta).toEqual({
      env_owner: 'nobody',
      target_name: 'dev',
      team: 'data-platform',
      prop_team: 'data-platform',
      warehouse: 'postgres',
    });
    expect([orders.config.materialized, orders.tags]).toEqual(['view', ['postgres']]);
    expect(orders.depends_on.nodes).toEqual(['model.vars_target.old_orders']);
    expect(node(dev, 'model.vars_target.maybe').config.enabled).toBe(true);
  });

  it('applies --vars over project vars, the environment and the target', () => {
    expect(diagnosticsOf(prod)).toEqual([]);
    const orders = node(prod, 'model.vars_target.orders');
    expect(orders.meta).toEqual({
      env_owner: 'ops',
      target_name: 'prod',
      team: 'cli-team',
      prop_team: 'cli-team',
      warehouse: 'snowflake',
    });
    expect([orders.config.materialized, orders.tags]).toEqual(['table', ['snowflake']]);
    expect(orders.depends_on.nodes).toEqual(['model.vars_target.new_orders']);
  });

  it('lets a --var disable a folder in dbt_project.yml', () => {
    expect(prod.nodes['model.vars_target.maybe']).toBeUndefined();
    expect(Object.keys(prod.disabled).sort()).toEqual([
      'model.vars_target.maybe',
      'model.vars_target.scores.v2',
      'model.vars_target.variant',
    ]);
  });

  it('lets target.name disable a model in a property file', () => {
    const ci = compileFixture('vars-target', { target: { name: 'ci' } });
    expect(ci.nodes['model.vars_target.new_orders']).toBeUndefined();
    expect(Object.keys(ci.disabled).sort()).toEqual([
      'model.vars_target.new_orders',
      'model.vars_target.scores.v2',
      'model.vars_target.variant',
    ]);
  });

  it('renders vars in column meta and in version configs, not in descriptions', () => {
    const column = node(dev, 'model.vars_target.new_orders').columns['id'];
    expect(column?.meta).toEqual({ steward: 'data-platform' });
    expect(column?.description).toBe('Id, owned by data-platform');
    expect(Object.keys(dev.disabled).sort()).toEqual(['model.vars_target.scores.v2', 'model.vars_target.variant']);
    const released = compileFixture('vars-target', { vars: { release_v2: true } });
    expect(node(released, 'model.vars_target.scores.v2').config.enabled).toBe(true);
  });

  it('renders Jinja that a double-quoted YAML escape writes (the file holds no `{{` as written)', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: esc\nversion: "1"\nconfig-version: 2\nvars:\n  suffix: x\n',
      'models/a.sql': 'select 1',
      'models/a.yml': 'models:\n  - name: a\n    config:\n      alias: "\\x7b\\x7b var(\'suffix\') }}_a"\n',
    });
    expect(node(graph, 'model.esc.a').config['alias']).toBe('x_a');
  });

  it('allows one model name in two files when target.type enables only one of them', () => {
    expect(node(dev, 'model.vars_target.variant').original_file_path).toBe('models/adapters/postgres/variant.sql');
    expect(dev.disabled['model.vars_target.variant']?.map((n) => n.original_file_path)).toEqual([
      'models/adapters/snowflake/variant.sql',
    ]);
    expect(node(prod, 'model.vars_target.variant').original_file_path).toBe('models/adapters/snowflake/variant.sql');
    expect(diagnosticsOf(prod)).toEqual([]);
  });

  it("renders a var whose value holds Jinja in the node's context, as dbt's Var.get_rendered_var does", () => {
    // The layout of Fivetran's packages: models select from `var('contact')`, and the var names the relation.
    const graph = compileFiles({
      'dbt_project.yml': [
        'name: crm',
        "version: '1'",
        'config-version: 2',
        'vars:',
        '  contact: "{{ ref(\'stg_contact\') }}"',
        "  accounts: \"{{ source('raw', 'accounts') }}\"",
        '  suffix: "{{ target.name }}_x"',
        '  chain: "{{ var(\'suffix\') }}"',
        '  broken: "{{ ref(\'stg_contact\' }}"',
        '',
      ].join('\n'),
      'models/stg_contact.sql': 'select 1 as id',
      'models/sources.yml': 'sources:\n  - name: raw\n    tables: [{name: accounts}]\n',
      'models/contacts.sql': "select * from {{ var('contact') }}\njoin {{ var('accounts') }} using (id)",
      'models/configured.sql': "{{ config(schema=var('chain')) }}\nselect 1 as id",
      'models/unreadable.sql': "select 1 as id\n-- {{ var('broken') }}",
    });
    const contacts = node(graph, 'model.crm.contacts');
    expect(contacts.depends_on.nodes).toEqual(['source.crm.raw.accounts', 'model.crm.stg_contact']);
    expect(contacts.refs.map((r) => [r.name, r.pos.line])).toEqual([['stg_contact', 1]]);
    expect(node(graph, 'model.crm.configured').config['schema']).toBe('dev_x');
    // Jinja that cannot be read is said so, at the line that asks for the var.
    expect(diagnosticsOf(graph)).toEqual(['unrendered-value models/unreadable.sql:2']);
  });

  it('gives a var as written in property files and descriptions, where dbt reads vars without rendering them', () => {
    const graph = compileFiles({
      'dbt_project.yml': [
        'name: crm',
        "version: '1'",
        'config-version: 2',
        'vars:',
        '  raw: "{{ target.schema }}_raw"',
        '  base: "{{ ref(\'base\') }}"',
        '  a: "{{ var(\'b\') }}"',
        '  b: "{{ var(\'a\') }}"',
        '',
      ].join('\n'),
      'models/base.sql': 'select 1 as id',
      'models/loop.sql': "select 1 as id -- {{ var('a') }}",
      'models/props.yml': [
        'sources:',
        '  - name: raw',
        '    schema: "{{ var(\'raw\') }}"',
        '    tables: [{name: accounts}]',
        'models:',
        '  - name: base',
        '    description: "Reads {{ var(\'base\') }}"',
        '',
      ].join('\n'),
    });
    expect(graph.sources['source.crm.raw.accounts']?.schema).toBe('{{ target.schema }}_raw');
    expect(node(graph, 'model.crm.base').description).toBe("Reads {{ ref('base') }}");
    // A var whose text names itself through another: dbt cannot render it either; said so, kept as written.
    expect(diagnosticsOf(graph)).toEqual(['unrendered-value models/loop.sql:1']);
  });

  it('stops on a var dbt_project.yml reads that --vars does not set (its own vars are not visible there)', () => {
    const graph = compileFiles({
      'dbt_project.yml': [
        'name: crm',
        "version: '1'",
        'config-version: 2',
        'vars:',
        '  my_schema: sales',
        'models:',
        '  +schema: "{{ var(\'my_schema\') }}"',
        '',
      ].join('\n'),
      'models/a.sql': "select '{{ var('unset_in_sql') }}' as id",
    });
    // An error in dbt_project.yml (dbt stops); in SQL, dbt's parse-time var() gives none: a warning.
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line}`)).toEqual([
      'missing-var error dbt_project.yml:7',
      'missing-var warning models/a.sql:1',
    ]);
    // A default given by name is a default, as by position.
    const named = compileFiles({
      'dbt_project.yml':
        "name: crm\nversion: '1'\nconfig-version: 2\nmodels:\n  +schema: \"{{ var('s', default='analytics') }}\"\n",
      'models/a.sql': 'select 1',
    });
    expect(named.diagnostics).toEqual([]);
    expect(node(named, 'model.crm.a').config['schema']).toBe('analytics');
    // With --vars it is known.
    const given = compileFiles(
      {
        'dbt_project.yml':
          "name: crm\nversion: '1'\nconfig-version: 2\nmodels:\n  +schema: \"{{ var('my_schema') }}\"\n",
        'models/a.sql': 'select 1',
      },
      { vars: { my_schema: 'sales' } },
    );
    expect(given.diagnostics).toEqual([]);
    expect(node(given, 'model.crm.a').config['schema']).toBe('sales');
  });

  it('refuses secret env vars outside profiles.yml, as dbt does (SecretEnvVarLocationError)', () => {
    const files = {
      'dbt_project.yml': [
        'name: crm',
        "version: '1'",
        'config-version: 2',
        'profile: crm',
        'models:',
        "  +meta: {contact: \"{{ env_var('DBT_ENV_SECRET_TOKEN', 'x') }}\"}",
        '',
      ].join('\n'),
      'models/a.sql': "{{ config(alias=env_var('DBT_ENV_SECRET_ALIAS', 'sec')) }}\nselect 1 as id",
      'profiles.yml': [
        'crm:',
        '  target: ci',
        '  outputs:',
        '    ci:',
        '      type: postgres',
        "      schema: \"{{ env_var('DBT_ENV_SECRET_SCHEMA', 'ci') }}\"",
        '',
      ].join('\n'),
    };
    const graph = compileFiles(files, { project: '', env: { DBT_ENV_SECRET_ALIAS: 'leaked' } });
    // Each is an error; the values they give are not known (and said so, as any value parse time does not know).
    expect(diagnosticsOf(graph)).toEqual([
      'secret-env-var dbt_project.yml:6',
      'secret-env-var models/a.sql:1',
      'unevaluated-config models/a.sql:1',
      'unrendered-value dbt_project.yml:6',
    ]);
    // Neither the secret nor its default is used.
    expect(node(graph, 'model.crm.a').config['alias']).toBeNull();
    expect(JSON.stringify(node(graph, 'model.crm.a').meta)).not.toMatch(/leaked|"x"/);
    // profiles.yml may read one.
    expect(graph.target?.schema).toBe('ci');
    // Under a condition parse time cannot decide, dbt stops only if it runs: a warning.
    const maybe = compileFiles({
      'dbt_project.yml': "name: crm\nversion: '1'\nconfig-version: 2\n",
      'models/b.sql': "{% if target.user == 'ci' %}{{ env_var('DBT_ENV_SECRET_X', 'y') }}{% endif %}\nselect 1",
    });
    expect(maybe.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(['secret-env-var', 'warning']);
  });

  it('stops rendering a var that calls others twice over, and says so', () => {
    const chain = Array.from({ length: 20 }, (_, i) => `  v${i}: "{{ var('v${i + 1}') }}{{ var('v${i + 1}') }}"`);
    const graph = compileFiles({
      'dbt_project.yml': ['name: crm', "version: '1'", 'config-version: 2', 'vars:', ...chain, '  v20: x', ''].join(
        '\n',
      ),
      'models/a.sql': "select '{{ var('v0') }}' as id",
    });
    expect(diagnosticsOf(graph)).toContain('unrendered-value models/a.sql:1');
    expect(graph.diagnostics.some((d) => d.message.includes('rendered more than 10000 times'))).toBe(true);
  });

  // dbt renders property files with SchemaYamlContext, whose var() is ConfiguredVar: a missing var with no default
  // stops the parse there (only a node's own ParseVar gives none). Found on cal-itp/data-infra's sources, whose
  // database is env_var('GOOGLE_CLOUD_PROJECT', var('GOOGLE_CLOUD_PROJECT')): Jinja evaluates the var() first.
  it('stops on a var a property file reads that is not set and has no default', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: crm\nversion: "1"\nconfig-version: 2\nvars:\n  known: k\n',
      'models/a.sql': "select '{{ var('body_unset') }}' as x",
      'models/schema.yml': [
        'sources:',
        '  - name: s',
        "    database: \"{{ env_var('SOME_PROJECT', var('unset_project')) }}\"",
        '    schema: "{{ var(\'known\') }}"',
        '    tables: [{name: t}]',
        'models:',
        '  - name: a',
        "    description: \"{{ var('unset_in_description', 'fine') }}\"",
        '    config:',
        '      tags: ["{{ var(\'unset_tag\') }}"]',
      ].join('\n'),
    });
    const missing = graph.diagnostics
      .filter((d) => d.code === 'missing-var')
      .map((d) => `${d.severity} ${d.file}:${d.line}`);
    expect(missing.sort()).toEqual([
      'error models/schema.yml:10',
      'error models/schema.yml:3',
      'warning models/a.sql:1',
    ]);
    expect(graph.sources['source.crm.s.t']!.schema).toBe('k');
    expect(node(graph, 'model.crm.a').description).toBe('fine');
  });

  // dbt's target is RuntimeConfig.to_target_dict(): also target_name and the profile's name, which public macros
  // branch on (`config(**custom_incremental_config())` returning a CI config for `target.profile_name == 'CI'`).
  it("knows target.profile_name (the project's profile:) and target.target_name", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: crm\nversion: "1"\nconfig-version: 2\nprofile: warehouse\n',
      'macros/cfg.sql':
        "{% macro cfg() %}{{ return({'materialized': 'table' if target.profile_name == 'warehouse' else 'view'}) }}{% endmacro %}",
      'models/a.sql': "{{ config(**cfg(), alias='a_' ~ target.profile_name ~ '_' ~ target.target_name) }}select 1",
    });
    const a = node(graph, 'model.crm.a');
    expect([a.config.materialized, a.config.alias]).toEqual(['table', 'a_warehouse_dev']);
    expect(diagnosticsOf(graph)).toEqual([]);
  });
});

describe("dbt 1.12's vars.yml", () => {
  const PROJECT = [
    'name: shop',
    "version: '1'",
    'config-version: 2',
    'models:',
    '  shop:',
    '    +schema: "{{ var(\'schema_name\') }}"',
    '',
  ].join('\n');

  it('gives the project its vars, visible while dbt_project.yml renders, under --vars', () => {
    const files = {
      'dbt_project.yml': PROJECT,
      'vars.yml': 'vars:\n  schema_name: marts\n  region: eu\n',
      'models/orders.sql': "{{ config(meta={'region': var('region')}) }}\nselect 1 as id",
    };
    const orders = node(compileFiles(files), 'model.shop.orders');
    expect([orders.config['schema'], orders.meta]).toEqual(['marts', { region: 'eu' }]);
    const overridden = node(compileFiles(files, { vars: { region: 'us' } }), 'model.shop.orders');
    expect([overridden.config['schema'], overridden.meta]).toEqual(['marts', { region: 'us' }]);
  });

  it("refuses vars in both files, and falls back to dbt_project.yml's when vars.yml says none", () => {
    const both = compileFiles({
      'dbt_project.yml': `${PROJECT}vars:\n  region: us\n`,
      'vars.yml': 'vars:\n  schema_name: marts\n',
      'models/orders.sql': 'select 1 as id',
    });
    expect(diagnosticsOf(both)).toEqual(['invalid-project dbt_project.yml:7']);
    const empty = compileFiles({
      'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\nvars:\n  region: us\n",
      'vars.yml': '# no vars yet\n',
      'models/orders.sql': "{{ config(meta={'region': var('region')}) }}\nselect 1 as id",
    });
    expect([diagnosticsOf(empty), node(empty, 'model.shop.orders').meta]).toEqual([[], { region: 'us' }]);
  });
});
