-- Marketing's own sessions: events grouped per visitor and landing page, for campaign reporting.
select
    anonymous_id || '-' || date_trunc('hour', min(occurred_at)) as session_id,
    max(user_id) as customer_id,
    min(occurred_at) as started_at,
    min_by(page_path, occurred_at) as landing_page
from {{ source('web', 'events') }}
group by anonymous_id, date_trunc('hour', occurred_at)
