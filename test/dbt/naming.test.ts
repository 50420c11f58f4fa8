// Relation names as dbt gives them: its generate_schema_name / generate_alias_name / generate_database_name
// defaults, or the root project's overrides of them, run per node with the arguments dbt passes.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

type Names = Record<string, { database: string; schema: string; alias: string; relation_name: string | null }>;

function names(files: Record<string, string>): { nodes: Names; diagnostics: string[] } {
  const graph = compileFiles(files, { target: { schema: 'dbt_ci', database: 'analytics' }, tests: true });
  const manifest = toManifest(graph, { schema: 'dbt_ci', database: 'analytics', type: 'postgres' }) as {
    nodes: Names;
  };
  const nodes: Names = {};
  for (const [id, n] of Object.entries(manifest.nodes))
    nodes[id] = { database: n.database, schema: n.schema, alias: n.alias, relation_name: n.relation_name };
  return { nodes, diagnostics: graph.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`) };
}

const PROJECT = {
  'dbt_project.yml': [
    'name: shop',
    'version: "1"',
    'config-version: 2',
    'models:',
    '  shop:',
    '    marts:',
    '      +schema: " marts "',
    '',
  ].join('\n'),
  'models/base.sql': 'select 1 as id',
  'models/marts/orders.sql': "{{ config(alias='fct_orders', database='warehouse') }}\nselect 1 as id",
  'models/marts/orders_versioned_v1.sql': 'select 1 as id',
  'models/marts/versions.yml':
    'models:\n  - name: orders_versioned\n    versions:\n      - v: 1.5\n        defined_in: orders_versioned_v1\n',
};

const SCHEMA_AS_WRITTEN = [
  '{% macro generate_schema_name(custom_schema_name, node) -%}',
  '  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}',
  '{%- endmacro %}',
  '',
].join('\n');

describe('relation names', () => {
  it("applies dbt's defaults: the target's schema with a custom suffix, the alias or name, a version's suffix", () => {
    expect(names(PROJECT).nodes).toEqual({
      'model.shop.base': {
        database: 'analytics',
        schema: 'dbt_ci',
        alias: 'base',
        relation_name: '"analytics"."dbt_ci"."base"',
      },
      'model.shop.orders': {
        database: 'warehouse',
        schema: 'dbt_ci_marts',
        alias: 'fct_orders',
        relation_name: '"warehouse"."dbt_ci_marts"."fct_orders"',
      },
      'model.shop.orders_versioned.v1.5': {
        database: 'analytics',
        schema: 'dbt_ci_marts',
        alias: 'orders_versioned_v1_5',
        relation_name: '"analytics"."dbt_ci_marts"."orders_versioned_v1_5"',
      },
    });
  });

  it("runs the root project's generate_schema_name override, as a common project writes it", () => {
    const { nodes, diagnostics } = names({ ...PROJECT, 'macros/naming.sql': SCHEMA_AS_WRITTEN });
    expect(diagnostics).toEqual([]);
    expect(nodes['model.shop.orders']?.schema).toBe('marts');
    expect(nodes['model.shop.orders']?.relation_name).toBe('"warehouse"."marts"."fct_orders"');
    // The override gives the target's schema when no custom one is set.
    expect(nodes['model.shop.base']?.schema).toBe('dbt_ci');
  });

  it('names data tests as models are named: by the override when there is one, else by the defaults', () => {
    const withTests = {
      ...PROJECT,
      'dbt_project.yml': `${PROJECT['dbt_project.yml']}data_tests:\n  shop:\n    audited:\n      +schema: audit\n`,
      'models/base.yml': 'models:\n  - name: base\n    columns:\n      - name: id\n        data_tests: [unique]\n',
      'tests/no_orders.sql': "select * from {{ ref('orders') }} where id is null",
      'tests/audited/checked.sql': "select * from {{ ref('base') }} where id < 0",
    };
    const schemas = (nodes: Names) =>
      Object.fromEntries(
        Object.entries(nodes)
          .filter(([id]) => id.startsWith('test.'))
          .map(([id, n]) => [id.replace(/\.[0-9a-f]{10}$/, ''), `${n.database}.${n.schema} ${n.relation_name}`]),
      );
    // dbt's TestConfig has `schema: dbt_test__audit`: a suffix of the target's schema by default...
    expect(schemas(names(withTests).nodes)).toEqual({
      'test.shop.unique_base_id': 'analytics.dbt_ci_dbt_test__audit null',
      'test.shop.no_orders': 'analytics.dbt_ci_dbt_test__audit null',
      'test.shop.checked': 'analytics.dbt_ci_audit null',
    });
    // ...and the schema as written by the common override, which dbt runs for tests too.
    const { nodes, diagnostics } = names({ ...withTests, 'macros/naming.sql': SCHEMA_AS_WRITTEN });
    expect(diagnostics).toEqual([]);
    expect(schemas(nodes)).toEqual({
      'test.shop.unique_base_id': 'analytics.dbt_test__audit null',
      'test.shop.no_orders': 'analytics.dbt_test__audit null',
      'test.shop.checked': 'analytics.audit null',
    });
  });

  it("writes a test's alias from an alias override, and names the relation of a test that stores failures", () => {
    const alias = [
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
      '  {%- if custom_alias_name -%}x_{{ custom_alias_name }}{%- else -%}{{ target.name }}_{{ node.name }}{%- endif -%}',
      '{%- endmacro %}',
    ].join('\n');
    const files = {
      ...PROJECT,
      'models/base.yml': [
        'models:',
        '  - name: base',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique',
        '          - not_null:',
        '              config: {store_failures: true}',
        '',
      ].join('\n'),
      'tests/no_orders.sql': "select * from {{ ref('orders') }} where id is null",
    };
    const byName = (nodes: Names) =>
      Object.fromEntries(
        Object.entries(nodes)
          .filter(([id]) => id.startsWith('test.'))
          .map(([id, n]) => [id.replace(/\.[0-9a-f]{10}$/, ''), `${n.alias} ${n.relation_name}`]),
      );
    expect(byName(names(files).nodes)).toEqual({
      'test.shop.unique_base_id': 'unique_base_id null',
      'test.shop.not_null_base_id': 'not_null_base_id "analytics"."dbt_ci_dbt_test__audit"."not_null_base_id"',
      'test.shop.no_orders': 'no_orders null',
    });
    expect(byName(names({ ...files, 'macros/alias.sql': alias }).nodes)).toEqual({
      'test.shop.unique_base_id': 'dev_unique_base_id null',
      'test.shop.not_null_base_id': 'dev_not_null_base_id "analytics"."dbt_ci_dbt_test__audit"."dev_not_null_base_id"',
      'test.shop.no_orders': 'dev_no_orders null',
    });
  });

  it('passes the node to an alias override, which reads its fields', () => {
    const macro = [
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
      "  {%- if custom_alias_name -%}{{ custom_alias_name }}{%- else -%}{{ node.fqn[1] ~ '__' ~ node.name }}{%- endif -%}",
      '{%- endmacro %}',
    ].join('\n');
    const { nodes } = names({ ...PROJECT, 'macros/alias.sql': macro });
    expect(nodes['model.shop.base']?.alias).toBe('base__base');
    expect(nodes['model.shop.orders']?.alias).toBe('fct_orders');
    expect(nodes['model.shop.orders_versioned.v1.5']?.alias).toBe('marts__orders_versioned');
  });

  it("runs an alias override that truncates a long name with Jinja's truncate filter (Dune's spellbook)", () => {
    const macro = [
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
      "  {{ (target.schema ~ '_' ~ node.name ~ '_' ~ 'x' * 40) | truncate(48, True, '', 0) }}",
      '{%- endmacro %}',
    ].join('\n');
    const { nodes, diagnostics } = names({ ...PROJECT, 'macros/alias.sql': macro });
    expect(nodes['model.shop.base']?.alias).toBe(`dbt_ci_base_${'x'.repeat(36)}`);
    expect(nodes['model.shop.orders']?.alias).toBe(`dbt_ci_orders_${'x'.repeat(34)}`);
    expect(diagnostics).toEqual([]);
  });

  it('lets an override change the lists and dicts of the node it is given, with or without their own values', () => {
    // Nodes without tags or meta share the compiler's frozen empty containers: the macro still gets lists and
    // dicts it can change, as in dbt, and names every node.
    const macro = [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      '  {%- do node.config.tags.append("named") -%}{%- do node.meta.update({"seen": true}) -%}',
      '  {{ target.schema }}_{{ node.config.tags | length }}',
      '{%- endmacro %}',
    ].join('\n');
    const files = { ...PROJECT, 'models/tagged.sql': "{{ config(tags=['a']) }}\nselect 1", 'macros/naming.sql': macro };
    const { nodes, diagnostics } = names(files);
    expect(nodes['model.shop.base']?.schema).toBe('dbt_ci_1');
    expect(nodes['model.shop.tagged']?.schema).toBe('dbt_ci_2');
    expect(diagnostics).toEqual([]);
  });

  it("runs dbt's own naming macros that an override calls: generate_schema_name_for_env and the default__ ones", () => {
    const override = (part: string, body: string) =>
      `{% macro generate_${part}_name(custom_${part}_name, node) -%}\n  ${body}\n{%- endmacro %}\n`;
    const forEnv = {
      ...PROJECT,
      'macros/naming.sql': override('schema', '{{ generate_schema_name_for_env(custom_schema_name, node) }}'),
    };
    const dev = names(forEnv);
    expect(dev.diagnostics).toEqual([]);
    // Not a `prod` target: the target's schema, without the custom suffix dbt's plain default adds.
    expect([dev.nodes['model.shop.orders']?.schema, dev.nodes['model.shop.base']?.schema]).toEqual([
      'dbt_ci',
      'dbt_ci',
    ]);
    const prod = compileFiles(forEnv, { target: { name: 'prod', schema: 'dbt_ci', database: 'analytics' } });
    expect([prod.nodes['model.shop.orders'], prod.nodes['model.shop.base']].map((n) => n?.config.schema)).toEqual([
      ' marts ',
      null,
    ]);
    const prodNames = toManifest(prod, { schema: 'dbt_ci', database: 'analytics', type: 'postgres' }) as {
      nodes: Names;
    };
    expect([prodNames.nodes['model.shop.orders']?.schema, prodNames.nodes['model.shop.base']?.schema]).toEqual([
      'marts',
      'dbt_ci',
    ]);
    // Called through the `dbt` namespace, the same macro runs.
    const qualified = names({
      ...PROJECT,
      'macros/naming.sql': override('schema', '{{ dbt.generate_schema_name_for_env(custom_schema_name, node) }}'),
    });
    expect([qualified.nodes['model.shop.orders']?.schema, qualified.diagnostics]).toEqual(['dbt_ci', []]);
    // An override that hands most nodes to dbt's defaults.
    const wrapped = names({
      ...PROJECT,
      'macros/naming.sql': [
        override(
          'schema',
          "{%- if node.name == 'base' -%}custom{%- else -%}{{ default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}",
        ),
        override('alias', '{{ default__generate_alias_name(custom_alias_name, node) | upper }}'),
        override('database', '{{ default__generate_database_name(custom_database_name, node) }}'),
      ].join(''),
    });
    expect(wrapped.diagnostics).toEqual([]);
    expect(wrapped.nodes).toEqual({
      'model.shop.base': {
        database: 'analytics',
        schema: 'custom',
        alias: 'BASE',
        relation_name: '"analytics"."custom"."BASE"',
      },
      'model.shop.orders': {
        database: 'warehouse',
        schema: 'dbt_ci_marts',
        alias: 'FCT_ORDERS',
        relation_name: '"warehouse"."dbt_ci_marts"."FCT_ORDERS"',
      },
      'model.shop.orders_versioned.v1.5': {
        database: 'analytics',
        schema: 'dbt_ci_marts',
        alias: 'ORDERS_VERSIONED_V1_5',
        relation_name: '"analytics"."dbt_ci_marts"."ORDERS_VERSIONED_V1_5"',
      },
    });
  });

  it("runs dbt's generate_*_name dispatchers an override calls as `dbt.generate_schema_name(...)`", () => {
    const override = (part: string, body: string) =>
      `{% macro generate_${part}_name(custom_${part}_name, node) -%}\n  ${body}\n{%- endmacro %}\n`;
    const { nodes, diagnostics } = names({
      ...PROJECT,
      'macros/naming.sql': [
        override('alias', "{{ dbt.generate_alias_name(custom_alias_name, node) ~ '_a' }}"),
        override('schema', "{{ dbt.generate_schema_name(custom_schema_name, node) | replace('dbt_ci', 'x') }}"),
        // dbt's dispatch finds the project's default__ before its own.
        '{% macro default__generate_database_name(custom_database_name, node) -%}db_{{ node.name }}{%- endmacro %}',
        override('database', '{{ dbt.generate_database_name(custom_database_name, node) }}'),
      ].join(''),
    });
    expect(diagnostics).toEqual([]);
    expect(nodes['model.shop.base']).toEqual({
      database: 'db_base',
      schema: 'x',
      alias: 'base_a',
      relation_name: '"db_base"."x"."base_a"',
    });
    expect(nodes['model.shop.orders']).toMatchObject({ schema: 'x_marts', alias: 'fct_orders_a' });
    expect(nodes['model.shop.orders_versioned.v1.5']?.alias).toBe('orders_versioned_v1_5_a');
  });

  it('says what stops dbt in an override: a var read strictly, a raise', () => {
    const override = (body: string) =>
      `{% macro generate_schema_name(custom_schema_name, node) -%}\n  ${body}\n{%- endmacro %}\n`;
    // dbt's GenerateNameProvider reads vars with RuntimeVar: not set and without default, it stops.
    const strict = names({ ...PROJECT, 'macros/naming.sql': override("{{ target.schema }}_{{ var('suffix') }}") });
    expect(strict.diagnostics).toEqual(['missing-var macros/naming.sql:1']);
    const raised = names({
      ...PROJECT,
      'macros/naming.sql': override(
        "{% if custom_schema_name is none %}{{ exceptions.raise_compiler_error(node.name ~ ' needs a schema') }}{% endif %}x",
      ),
    });
    expect(raised.diagnostics).toContain('parse-time-raise macros/naming.sql:1');
  });

  it("runs a package's override with the package's vars, and says a var is missing only where it surely is", () => {
    const graph = compileFiles(
      {
        'dbt_project.yml': "name: shop\nversion: '1'\nconfig-version: 2\nvars:\n  pkg:\n    pkg_region: eu\n",
        'models/base.sql': 'select 1 as id',
        'dbt_packages/pkg/dbt_project.yml': "name: pkg\nversion: '1'\nconfig-version: 2\nvars:\n  pkg_suffix: zz\n",
        'dbt_packages/pkg/models/p.sql': 'select 1 as id',
        'dbt_packages/pkg/macros/naming.sql': [
          '{% macro generate_schema_name(custom_schema_name, node) -%}',
          "  {{ target.schema }}_{{ var('pkg_suffix') }}_{{ var('pkg_region') }}",
          '{%- endmacro %}',
          '{% macro generate_alias_name(custom_alias_name, node) -%}',
          '  {{ node.name }}{%- if node.patch_path %}{{ var("nowhere") }}{% endif -%}',
          '{%- endmacro %}',
        ].join('\n'),
      },
      { target: { schema: 'dbt_ci', database: 'analytics' } },
    );
    // Its own vars and the root's block for it; `nowhere` only under a condition not known here: a warning.
    expect(graph.nodes['model.pkg.p']?.relation?.schema).toBe('dbt_ci_zz_eu');
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual([
      'missing-var warning',
      'unevaluated-name info',
    ]);
  });

  it('hands a singular test to the override before its data_tests: entry is applied (no description yet)', () => {
    const { nodes } = names({
      ...PROJECT,
      'tests/assert_x.sql': 'select 1 where false',
      'tests/tests.yml': 'data_tests:\n  - name: assert_x\n    description: has\n',
      'macros/naming.sql':
        '{% macro generate_alias_name(custom_alias_name, node) -%}{{ node.name }}_{{ node.description or "none" }}{%- endmacro %}',
    });
    expect(nodes['test.shop.assert_x']?.alias).toBe('assert_x_none');
  });

  it('hands the node as dbt does when it names it: no description before the entry, no root_path but on seeds', () => {
    const { nodes, diagnostics } = names({
      ...PROJECT,
      'models/base.yml': 'models:\n  - name: base\n    description: hello\n',
      'seeds/ref__codes.csv': 'id\n1\n',
      'macros/naming.sql': [
        '{% macro generate_alias_name(custom_alias_name, node) -%}',
        '  {%- if "__" in node.name and "dbt_packages" not in node.root_path -%}{{ node.name.split("__")[0] }}',
        '  {%- else -%}{{ node.name }}_{{ node.description | default("none", true) }}{%- endif -%}',
        '{%- endmacro %}',
      ].join('\n'),
    });
    expect(diagnostics).toEqual([]);
    // A model is named before its property entry is applied (its description empty then).
    expect(nodes['model.shop.base']?.alias).toBe('base_none');
    // A seed's root_path is its project's folder: no `dbt_packages` in it.
    expect(nodes['seed.shop.ref__codes']?.alias).toBe('ref');
  });

  it("keeps dbt's default and says so once when an override cannot run at parse time", () => {
    const macro = [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      '  {{ lookup_schema(node.name) }}',
      '{%- endmacro %}',
    ].join('\n');
    // Once for the whole compile: the project's models, its tests and a local package's nodes.
    const { nodes, diagnostics } = names({
      ...PROJECT,
      'packages.yml': 'packages:\n  - local: lib\n',
      'lib/dbt_project.yml': 'name: lib\nversion: "1"\nconfig-version: 2\n',
      'lib/models/helper.sql': 'select 1 as id',
      'models/base.yml': 'models:\n  - name: base\n    columns:\n      - name: id\n        data_tests: [unique]\n',
      'macros/naming.sql': macro,
    });
    expect(nodes['model.shop.orders']?.schema).toBe('dbt_ci_marts');
    expect(nodes['model.lib.helper']?.schema).toBe('dbt_ci');
    expect(diagnostics.filter((d) => d.startsWith('unevaluated-name'))).toEqual([
      'unevaluated-name macros/naming.sql:1',
    ]);
  });

  it("passes a test's node without a version, as dbt's test has none: dbt's default alias runs for it", () => {
    const macro = [
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
      '  x_{{ default__generate_alias_name(custom_alias_name, node) }}',
      '{%- endmacro %}',
    ].join('\n');
    const yml = 'models:\n  - name: base\n    columns:\n      - name: id\n        data_tests: [unique]\n';
    const { nodes, diagnostics } = names({ ...PROJECT, 'models/base.yml': yml, 'macros/alias.sql': macro });
    const test = Object.entries(nodes).find(([id]) => id.startsWith('test.shop.unique_base_id.'));
    expect(test?.[1].alias).toBe('x_unique_base_id');
    expect(diagnostics).toEqual([]);
  });

  it("passes the node's group and access, which overrides name schemas by", () => {
    const macro = [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      '  {%- if node.group -%}{{ node.group }}_{{ node.access }}{%- else -%}{{ target.schema }}{%- endif -%}',
      '{%- endmacro %}',
    ].join('\n');
    const yml =
      'groups:\n  - name: finance\n    owner: {name: F}\nmodels:\n  - name: base\n    group: finance\n    access: public\n';
    const { nodes } = names({ ...PROJECT, 'models/base.yml': yml, 'macros/naming.sql': macro });
    expect([nodes['model.shop.base']?.schema, nodes['model.shop.orders']?.schema]).toEqual([
      'finance_public',
      'dbt_ci',
    ]);
  });

  it('passes a node whose fields not given here are not known (dbt passes the whole node), never falsy', () => {
    const macro = [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      '  {%- if node.contract -%}contracted{%- else -%}{{ target.schema }}{%- endif -%}',
      '{%- endmacro %}',
    ].join('\n');
    const { nodes, diagnostics } = names({ ...PROJECT, 'macros/naming.sql': macro });
    // dbt's node has a contract (a truthy object): not known here, so dbt's default is kept, and said.
    expect(nodes['model.shop.orders']?.schema).toBe('dbt_ci_marts');
    expect(diagnostics).toContain('unevaluated-name macros/naming.sql:1');
  });

  it('passes the node whatever the macro names its second parameter, and to varargs', () => {
    const renamed =
      '{% macro generate_alias_name(custom_alias_name=none, model_node=none) %}{{ "x_" ~ model_node.name }}{% endmacro %}';
    expect(names({ ...PROJECT, 'macros/alias.sql': renamed }).nodes['model.shop.base']?.alias).toBe('x_base');
    const variadic =
      '{% macro generate_alias_name(custom_alias_name=none) %}{{ "y_" ~ varargs[0].name }}{% endmacro %}';
    expect(names({ ...PROJECT, 'macros/alias.sql': variadic }).nodes['model.shop.base']?.alias).toBe('y_base');
  });

  it("runs a root default__ version of the macro, which dbt's own reaches through adapter.dispatch", () => {
    const macro = SCHEMA_AS_WRITTEN.replace('generate_schema_name', 'default__generate_schema_name');
    expect(names({ ...PROJECT, 'macros/naming.sql': macro }).nodes['model.shop.orders']?.schema).toBe('marts');
  });

  it("runs a package's own override for the package's nodes", () => {
    const { nodes } = names({
      'dbt_project.yml': 'name: app\nversion: "1"\nconfig-version: 2\n',
      'packages.yml': 'packages:\n  - local: lib\n',
      'models/a.sql': "{{ config(schema='s') }}\nselect 1 as id",
      'lib/dbt_project.yml': 'name: lib\nversion: "1"\nconfig-version: 2\n',
      'lib/models/b.sql': "{{ config(schema='s') }}\nselect 1 as id",
      'lib/macros/naming.sql':
        '{% macro generate_schema_name(custom_schema_name, node) %}lib_{{ custom_schema_name }}{% endmacro %}',
    });
    expect([nodes['model.lib.b']?.schema, nodes['model.app.a']?.schema]).toEqual(['lib_s', 'dbt_ci_s']);
  });

  it('names in dbt order: an alias override sees the schema already generated, and the latest version', () => {
    const macro = [
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}',
      '  {%- if node.is_latest_version -%}{{ node.schema ~ "__" ~ node.name }}',
      '  {%- elif node.version -%}{{ node.name ~ "_v" ~ (node.version | replace(".", "_")) }}',
      '  {%- else -%}{{ node.schema ~ "__" ~ node.name }}{%- endif -%}',
      '{%- endmacro %}',
    ].join('\n');
    const { nodes } = names({ ...PROJECT, 'macros/naming.sql': SCHEMA_AS_WRITTEN, 'macros/alias.sql': macro });
    expect(nodes['model.shop.base']?.alias).toBe('dbt_ci__base');
    expect(nodes['model.shop.orders_versioned.v1.5']?.alias).toBe('marts__orders_versioned');
  });

  it("applies dbt's defaults to empty custom names: '' is a schema suffix and a database, not an alias", () => {
    const { nodes } = names({
      'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
      'models/e.sql': "{{ config(schema='', database='', alias='') }}\nselect 1 as id",
    });
    expect(nodes['model.shop.e']).toMatchObject({ database: '', schema: 'dbt_ci_', alias: 'e' });
  });
});
