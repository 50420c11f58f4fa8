-- Last-touch attribution: each order is credited to the campaign of the customer's latest session.
with sessions as (

    select * from {{ ref('sessions') }}

),

orders as (

    select * from {{ ref('orders') }}

),

touches as (

    select
        orders.order_id,
        orders.amount_usd,
        sessions.session_id,
        sessions.landing_page,
        split_part(split_part(sessions.landing_page, 'utm_campaign=', 2), '&', 1) as campaign_id,
        row_number() over (
            partition by orders.order_id order by sessions.started_at desc
        ) as touch_rank
    from orders
    inner join sessions
        on orders.customer_id = sessions.customer_id
        and sessions.started_at <= orders.ordered_at
)

select order_id, amount_usd, session_id, campaign_id
from touches
where touch_rank = 1
