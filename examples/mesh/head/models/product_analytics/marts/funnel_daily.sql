-- Daily funnel by device: sessions -> product views -> orders.
-- In production the funnel is also split by feature flag variant.
with sessions as (

    select
        cast(started_at as date) as funnel_date,
        device_type,
        count(*) as sessions,
        sum(case when pageview_count > 1 then 1 else 0 end) as engaged_sessions
    from {{ ref('sessions') }}
    group by 1, 2

)

select
    sessions.*
    {% if target.name == 'prod' %}
    , usage.flag_variant
    {% endif %}
from sessions
{% if target.name == 'prod' %}
left join {{ ref('feature_usage_daily') }} as usage
    on sessions.funnel_date = usage.usage_date
{% endif %}
