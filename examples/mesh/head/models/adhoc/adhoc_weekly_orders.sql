-- Quick weekly order counts for the ops stand-up.
select
    date_trunc('week', created_at) as order_week,
    count(*) as orders
from {{ source('shop', 'orders') }}
group by 1
