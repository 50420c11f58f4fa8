select
    event_id,
    session_key as session_id,
    feature_name,
    flag_variant,
    action,
    occurred_at
from {{ source('app', 'feature_events') }}
