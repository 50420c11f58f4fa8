with customers as (

    select * from {{ ref('stg_shop__customers') }}

),

countries as (

    select * from {{ ref('country_codes') }}

),

orders as (

    select
        customer_id,
        min(ordered_at) as first_order_at,
        count(*) as order_count
    from {{ ref('orders') }}
    group by customer_id

)

select
    customers.customer_id,
    customers.email,
    customers.first_name || ' ' || customers.last_name as full_name,
    countries.country_name,
    countries.region,
    customers.created_at,
    orders.first_order_at,
    coalesce(orders.order_count, 0) as order_count
from customers
left join countries on customers.country_code = countries.country_code
left join orders on customers.customer_id = orders.customer_id
