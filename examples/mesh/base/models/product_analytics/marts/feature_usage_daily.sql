select
    cast(events.occurred_at as date) as usage_date,
    events.feature_name,
    events.flag_variant,
    count(distinct events.session_id) as sessions,
    count(distinct sessions.customer_id) as customers
from {{ ref('stg_app__feature_events') }} as events
left join {{ ref('sessions') }} as sessions
    on events.session_id = sessions.session_id
group by 1, 2, 3
