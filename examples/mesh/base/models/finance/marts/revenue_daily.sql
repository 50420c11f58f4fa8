{{
    config(
        materialized='incremental',
        unique_key='revenue_date',
        on_schema_change='append_new_columns',
    )
}}

with orders as (

    select * from {{ ref('orders') }}
    where status not in ('cancelled', 'returned')

),

payments as (

    select order_id, sum(amount_usd) as paid_usd
    from {{ ref('stg_billing__payments') }}
    where status = 'succeeded'
    group by order_id

)

select
    cast(orders.ordered_at as date) as revenue_date,
    count(*) as orders,
    sum(orders.amount_usd) as booked_usd,
    sum(coalesce(payments.paid_usd, 0)) as collected_usd
from orders
left join payments on orders.order_id = payments.order_id
{% if is_incremental() %}
where cast(orders.ordered_at as date) >= (select max(revenue_date) - 3 from {{ this }})
{% endif %}
group by 1
