-- Naive forecast: next month's revenue as the trailing three-month average of invoiced revenue.
with history as (

    select revenue_month, invoiced_usd
    from {{ ref('legacy_revenue_monthly') }}

)

select
    dateadd('month', 1, max(revenue_month)) as forecast_month,
    avg(invoiced_usd) as forecast_usd
from history
where revenue_month >= dateadd('month', -3, date_trunc('month', current_date))
