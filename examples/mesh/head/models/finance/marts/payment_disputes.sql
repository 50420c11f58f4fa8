select
    payment_id,
    order_id,
    customer_id,
    {{ cents_to_dollars('amount_cents') }} as disputed_usd,
    created_at as paid_at,
    disputed_at
from {{ source('billing', 'payments') }}
where status = 'disputed'
