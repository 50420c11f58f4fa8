select
    payment_id,
    order_id,
    customer_id,
    lower(payment_method) as payment_method,
    status,
    {{ cents_to_dollars('amount_cents') }} as amount_usd,
    created_at as paid_at
from {{ source('billing', 'payments') }}
