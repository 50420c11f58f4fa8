select
    campaign_id,
    campaign_name,
    lower(platform) as platform,
    spend_date,
    spend_micros / 1000000.0 as spend_usd,
    impressions,
    clicks
from {{ source('ads', 'campaign_spend') }}
