-- Lifetime value per customer: everything a customer has paid, and since when they are a customer.
with customers as (

    select customer_id, email, region, created_at
    from {{ ref('customers') }}

),

payments as (

    select customer_id, sum(amount_usd) as lifetime_paid_usd
    from {{ ref('stg_billing__payments') }}
    where status = 'succeeded'
    group by customer_id

)

select
    customers.customer_id,
    customers.email,
    customers.region,
    customers.created_at,
    coalesce(payments.lifetime_paid_usd, 0) as lifetime_paid_usd
from customers
left join payments on customers.customer_id = payments.customer_id
