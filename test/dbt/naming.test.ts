// Relation names as dbt gives them: its generate_schema_name / generate_alias_name / generate_database_name
// defaults, or the root project's overrides of them, run per node with the arguments dbt passes.
import { toManifest } from '../../src/dbt/manifest.js';
import { compileFiles } from './helpers.js';

type Names = Record<string, { database: string; schema: string; alias: string; relation_name: string | null }>;

function names(files: Record<string, string>): { nodes: Names; diagnostics: string[] } {
  const graph = compileFiles(files);
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
    // The override gives the target's schema when no custom one is set; the compile's target is `public`.
    expect(nodes['model.shop.base']?.schema).toBe('public');
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

  it("keeps dbt's default and says so once when an override cannot run at parse time", () => {
    const macro = [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      "  {{ run_query('select schema_for(' ~ node.name ~ ')').columns[0][0] }}",
      '{%- endmacro %}',
    ].join('\n');
    const { nodes, diagnostics } = names({ ...PROJECT, 'macros/naming.sql': macro });
    expect(nodes['model.shop.orders']?.schema).toBe('dbt_ci_marts');
    expect(diagnostics.filter((d) => d.startsWith('unevaluated-name'))).toEqual([
      'unevaluated-name macros/naming.sql:1',
    ]);
  });
});
