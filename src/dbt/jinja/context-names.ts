// Names dbt's parse-time context provides without a project macro: calling one is no `unknown-macro`.
// From dbt's "dbt Jinja functions" reference, Jinja's own globals, and the dbt global project's macros that
// models call unqualified (cross-database macros, generate_*_name...). None of them refs a model.

/** dbt context members. */
const DBT_CONTEXT = `
  adapter api as_bool as_native as_number as_text builtins column compiled_code
  config context context_macro_stack database database_schemas dbt_metadata_envs dbt_version debug defer_relation
  diff_of_two_dicts dispatch doc env env_var exceptions execute flags fromjson fromyaml
  graph invocation_args_dict invocation_id is_incremental load_agate_table load_result
  local_md5 log metric model modules post_hooks pre_hooks print project_name ref render
  results return run_query run_started_at schema schemas selected_resources set
  set_strict source sql sql_header statement store_raw_result store_result
  sql_now submit_python_job target this thread_id tojson toyaml try_or_compiler_error validation
  var write zip zip_strict
`;
/** Jinja's globals and a macro's locals. */
const JINJA = `
  caller cycler dict joiner kwargs lipsum loop namespace range self string
  super varargs
`;
/** dbt global-project macros that models and project macros call unqualified. */
const GLOBAL_PROJECT = `
  any_value array_append array_concat array_construct bool_or cast cast_bool_to_text
  concat current_timestamp current_timestamp_backcompat current_timestamp_in_utc_backcompat date
  date_spine date_trunc dateadd datediff equals escape_single_quotes except generate_series
  get_intervals_between get_powers_of_two hash intersect last_day length listagg position
  replace right safe_cast split_part string_literal type_bigint type_boolean type_float
  type_int type_numeric type_string type_timestamp generate_alias_name generate_database_name
  generate_schema_name generate_schema_name_for_env default__generate_alias_name default__generate_database_name
  default__generate_schema_name get_columns_in_query get_columns_in_relation get_where_subquery
  load_cached_relation load_relation make_temp_relation noop_statement run_hooks
  should_full_refresh should_store_failures snapshot_get_time
  set_sql_header drop_relation drop_relation_if_exists truncate_relation rename_relation create_schema
  drop_schema create_table_as create_view_as get_create_table_as_sql get_create_view_as_sql
  alter_column_comment alter_relation_comment persist_docs check_schema_exists make_intermediate_relation
  make_backup_relation apply_grants get_merge_sql get_delete_insert_merge_sql get_insert_overwrite_merge_sql
  convert_datetime dates_in_range partition_range py_current_timestring collect_freshness
  create_indexes get_create_index_sql should_revoke get_quoted_csv get_show_grant_sql get_grant_sql
  get_revoke_sql get_dcl_statement_list call_dcl_statements copy_grants support_multiple_grantees_per_dcl_statement
  diff_columns diff_column_data_types process_schema_changes incremental_validate_on_schema_change
  check_for_schema_changes sync_column_schemas get_merge_update_columns list_relations_without_caching list_schemas
  alter_column_type alter_relation_add_remove_columns get_limit_subquery_sql get_empty_subquery_sql
  get_empty_schema_sql get_incremental_append_sql get_incremental_delete_insert_sql get_incremental_merge_sql
  get_incremental_insert_overwrite_sql get_incremental_default_sql get_table_columns_and_constraints
  assert_columns_equivalent get_catalog get_relations
`;

const words = (...lists: string[]): string[] =>
  lists
    .join(' ')
    .split(/\s+/)
    .filter((n) => n !== '');

export const CONTEXT_NAMES: ReadonlySet<string> = new Set(words(DBT_CONTEXT, JINJA, GLOBAL_PROJECT));

/**
 * Names a model calls unqualified that are macros of dbt's global project (recorded in its `depends_on.macros` as
 * `macro.dbt.<name>`), not context functions: the list above, `run_query` and `statement`. (`is_incremental` is
 * evaluated, in globals.ts, and records itself.)
 */
export const DBT_MACROS: ReadonlySet<string> = new Set(words(GLOBAL_PROJECT, 'run_query statement'));

/** dbt's own macros an adapter's package overrides (the adapter's macros come first in dbt's search order). */
const ADAPTER_OVERRIDES: Record<string, ReadonlySet<string>> = {
  clickhouse: new Set(['is_incremental']),
};

/** The package whose `name` dbt calls on `adapter`: the adapter's (`dbt_<adapter>`) where it overrides dbt's. */
export function dbtMacroPackage(adapter: string, name: string): string {
  return ADAPTER_OVERRIDES[adapter]?.has(name) === true ? `dbt_${adapter}` : 'dbt';
}
