-- Revenue by invoice month, from the invoicing system. Replaced by monthly_revenue.
select
    date_trunc('month', issued_on) as revenue_month,
    sum(total_usd) as invoiced_usd
from {{ ref('stg_billing__invoices') }}
group by 1
