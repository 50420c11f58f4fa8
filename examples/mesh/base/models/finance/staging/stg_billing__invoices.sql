select
    invoice_id,
    customer_id,
    issued_on,
    due_on,
    paid_on,
    {{ cents_to_dollars('total_cents') }} as total_usd
from {{ source('billing', 'invoices') }}
