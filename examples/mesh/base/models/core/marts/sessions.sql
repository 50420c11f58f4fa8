-- depends_on: {{ ref('stg_web__events') }}
{{
    config(
        materialized='incremental',
        unique_key='session_id', on_schema_change='fail',
        tags=['tier_1'],
    )
}}

with sessionized as (

    select * from {{ ref('int_events_sessionized') }}
    {% if is_incremental() %}
    where occurred_at > (select max(started_at) from {{ this }})
    {% endif %}

)

select
    cast(md5(anonymous_id || '-' || session_number) as varchar) as session_id,
    cast(max(customer_id) as varchar) as customer_id,
    cast(min(occurred_at) as timestamp) as started_at,
    cast(max(occurred_at) as timestamp) as ended_at,
    cast(any_value(device_type) as varchar) as device_type,
    cast(min_by(page_path, occurred_at) as varchar) as landing_page,
    cast(count_if(event_type = 'page_view') as integer) as pageview_count
from sessionized
group by anonymous_id, session_number
