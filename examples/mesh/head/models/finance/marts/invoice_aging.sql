select
    invoice_id,
    customer_id,
    due_on,
    total_usd,
    datediff('day', due_on, current_date) as days_overdue,
    case
        when datediff('day', due_on, current_date) <= 30 then '0-30'
        when datediff('day', due_on, current_date) <= 60 then '31-60'
        else '60+'
    end as aging_bucket
from {{ ref('stg_billing__invoices') }}
where paid_on is null
