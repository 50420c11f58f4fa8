select
    campaign_id,
    count(*) as orders,
    sum(amount_usd) as revenue_usd
from {{ ref('attribution_touches') }}
where campaign_id like 'email-%'
group by campaign_id
