select
    event_id,
    anonymous_id,
    user_id as customer_id,
    event_type,
    page_path,
    device_type,
    occurred_at
from {{ source('web', 'events') }}
where occurred_at is not null
