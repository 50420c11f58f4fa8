// dbt's own naming macros that projects call from their generate_*_name overrides (`{{
// generate_schema_name_for_env(custom_schema_name, node) }}`, `{{ default__generate_schema_name(...) }}`): written
// here as dbt documents them, so that an override calling one gives the name dbt gives, not dbt's plain default.
// And run_query, whose statement stores no result while dbt parses (`execute` is false): it returns `None.table`,
// Jinja's Undefined (falsy, no items; an attribute of it stops dbt's parse: "'None' has no attribute 'table'").
// And the global macros whose parse-time result or side effect dbt's manifest shows: set_sql_header (a config
// call), should_full_refresh ('' while parsing), load_relation (None), get_columns_in_relation ([]), and the
// generate_*_name dispatchers an override calls as `dbt.generate_schema_name(...)`.
// Other macros of dbt's global project are known by name only (context-names.ts).
import { buildMacroLibrary, type MacroDef } from './macros.js';

const PATH = 'dbt/include/global_project/macros/get_custom_name';

// Each as dbt's docs describe it: the target's schema, `<target schema>_<custom>` for a custom schema (or, for
// the `_for_env` variant, the custom schema as written on a target named `prod`); the target's database unless a
// custom one is set; the custom alias, else `<name>_v<version>` for a version, else the node's name.
const SOURCE = `
{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}
  {%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}
  {%- else -%}{{ target.schema }}{%- endif -%}
{%- endmacro %}

{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}{{ target.database }}
  {%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}

{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}

{% macro generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}

{% macro set_sql_header(config) -%}
  {{ config.set('sql_header', caller()) }}
{%- endmacro %}

{% macro should_full_refresh() %}
  {% set config_full_refresh = config.get('full_refresh') %}
  {% if config_full_refresh is none %}
    {% set config_full_refresh = flags.FULL_REFRESH %}
  {% endif %}
  {% do return(config_full_refresh) %}
{% endmacro %}

{% macro load_cached_relation(relation) %}
  {% do return(adapter.get_relation(
    database=relation.database,
    schema=relation.schema,
    identifier=relation.identifier
  )) -%}
{% endmacro %}

{% macro load_relation(relation) %}
  {{ return(load_cached_relation(relation)) }}
{% endmacro %}

{% macro get_columns_in_relation(relation) -%}
  {{ return(adapter.dispatch('get_columns_in_relation', 'dbt')(relation)) }}
{% endmacro %}

{# Every adapter's version asks the warehouse, which gives nothing while dbt parses. #}
{% macro default__get_columns_in_relation(relation) -%}
  {{ return(adapter.get_columns_in_relation(relation)) }}
{% endmacro %}

{% macro run_query(sql) -%}
  {{ return(load_result('run_query_statement').table) }}
{%- endmacro %}

{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}
  {%- elif node.version -%}{{ return(node.name ~ '_v' ~ (node.version | replace('.', '_'))) }}
  {%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
`;

let builtins: ReadonlyMap<string, MacroDef> | null = null;

/** The dbt macro a bare name reaches after the file's package and the root project, if it is one of these. */
export function dbtBuiltin(name: string): MacroDef | undefined {
  builtins ??= buildMacroLibrary([{ path: PATH, text: SOURCE, packageName: 'dbt' }], 'dbt').library.namespace('dbt')!;
  return builtins.get(name);
}
