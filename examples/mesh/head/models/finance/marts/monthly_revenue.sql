select
    date_trunc('month', revenue_date) as revenue_month,
    'USD' as currency,
    sum(orders) as orders,
    sum(booked_usd) as booked_usd,
    sum(collected_usd) as collected_usd
from {{ ref('revenue_daily') }}
group by 1, 2
