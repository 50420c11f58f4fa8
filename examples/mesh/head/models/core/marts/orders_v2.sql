-- Version 2 drops legacy_status (the retired order system's code). Pin `ref('orders', v=2)` to migrate;
-- version 1 stays the default (latest_version: 1) until its consumers have moved.
select
    order_id,
    customer_id,
    ordered_at,
    status,
    amount_usd
from {{ ref('stg_shop__orders') }}
