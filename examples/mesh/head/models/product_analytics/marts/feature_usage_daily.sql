select
    cast(events.occurred_at as date) as usage_date,
    events.feature_name,
    events.flag_variant,
    count(distinct events.session_id) as sessions,
    count(distinct sessions.customer_id) as customers,
    count(distinct touches.order_id) as attributed_orders
from {{ ref('stg_app__feature_events') }} as events
left join {{ ref('sessions') }} as sessions
    on events.session_id = sessions.session_id
left join {{ ref('attribution_touches') }} as touches
    on events.session_id = touches.session_id
group by 1, 2, 3
