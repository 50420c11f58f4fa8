with source as (

    select * from {{ source('shop', 'orders') }}

)

select
    id as order_id,
    customer_id,
    created_at as ordered_at,
    status,
    legacy_status_code as legacy_status,
    {{ cents_to_dollars('amount_cents') }} as amount_usd
from source
