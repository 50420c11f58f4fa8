-- Assigns every event to a session: a new session starts after a gap longer than the timeout.
with events as (

    select * from {{ ref('stg_web__events') }}

),

gaps as (

    select
        *,
        case
            when datediff(
                'minute',
                lag(occurred_at) over (partition by anonymous_id order by occurred_at),
                occurred_at
            ) <= {{ var('session_timeout_minutes') }} then 0
            else 1
        end as is_new_session
    from events

)

select
    *,
    sum(is_new_session) over (
        partition by anonymous_id order by occurred_at rows unbounded preceding
    ) as session_number
from gaps
