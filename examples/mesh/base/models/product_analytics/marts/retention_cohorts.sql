-- Weekly retention: share of each signup week's customers with a session N weeks later.
with first_seen as (

    select customer_id, date_trunc('week', min(started_at)) as cohort_week
    from {{ ref('sessions') }}
    where customer_id is not null
    group by customer_id

),

activity as (

    select distinct customer_id, date_trunc('week', started_at) as active_week
    from {{ ref('sessions') }}
    where customer_id is not null

)

select
    first_seen.cohort_week,
    datediff('week', first_seen.cohort_week, activity.active_week) as weeks_since_first_visit,
    count(distinct activity.customer_id) as active_customers
from first_seen
inner join activity on first_seen.customer_id = activity.customer_id
where datediff('week', first_seen.cohort_week, activity.active_week) <= {{ var('retention_weeks') }}
group by 1, 2
