// The fields of an adapter's config class (dbt-bigquery's BigqueryConfig, dbt-snowflake's SnowflakeConfig...), in
// their declaration order. dbt's BaseConfig.update_from merges them into a node's config before the keys no class
// declares (`_merge_dicts` walks the adapter class's fields, then `dct.update(data)` adds the rest), so a config()
// call's `description=..., labels=...` is written `labels` first on BigQuery. Order only: the values are the same.
// The newest adapter versions' lists: fields added later sit where the class declares them, and the fields older
// versions had keep their order among themselves.

const ADAPTER_CONFIG_FIELDS: Readonly<Record<string, readonly string[]>> = {
  bigquery: [
    'cluster_by',
    'partition_by',
    'kms_key_name',
    'labels',
    'partitions',
    'grant_access_to',
    'hours_to_expiration',
    'require_partition_filter',
    'partition_expiration_days',
    'merge_update_columns',
    'enable_refresh',
    'refresh_interval_minutes',
    'max_staleness',
    'enable_list_inference',
    'intermediate_format',
  ],
  snowflake: [
    'transient',
    'partition_by',
    'cluster_by',
    'automatic_clustering',
    'secure',
    'copy_grants',
    'copy_tags',
    'snowflake_warehouse',
    'snowflake_initialization_warehouse',
    'refresh_warehouse',
    'query_tag',
    'tmp_relation_type',
    'merge_update_columns',
    'target_lag',
    'scheduler',
    'row_access_policy',
    'table_tag',
    'immutable_where',
    'table_format',
    'external_volume',
  ],
  postgres: ['unlogged', 'indexes'],
  // A real dbt 1.11.2 clickhouse manifest writes `engine` before `order_by`, whatever the call's order.
  clickhouse: ['engine', 'order_by', 'partition_by'],
};

const orders = new Map<string, ReadonlyMap<string, number> | null>();

/** The adapter's config fields by position, or null for an adapter whose fields are not listed here. */
export function adapterFieldOrder(type: string): ReadonlyMap<string, number> | null {
  let order = orders.get(type);
  if (order === undefined) {
    const fields = Object.hasOwn(ADAPTER_CONFIG_FIELDS, type) ? ADAPTER_CONFIG_FIELDS[type]! : null;
    order = fields === null ? null : new Map(fields.map((field, i) => [field, i]));
    orders.set(type, order);
  }
  return order;
}
