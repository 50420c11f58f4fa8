select
    order_id,
    customer_id,
    ordered_at,
    status,
    legacy_status,
    amount_usd
from {{ ref('stg_shop__orders') }}
