{{ config(materialized='table', tags=['daily', 'marketing_kpi']) }}

with spend as (

    select
        campaign_id,
        any_value(campaign_name) as campaign_name,
        sum(spend_usd) as spend_usd,
        sum(clicks) as clicks
    from {{ ref('stg_ads__campaign_spend') }}
    group by campaign_id

),

revenue as (

    select campaign_id, count(*) as orders, sum(amount_usd) as revenue_usd
    from {{ ref('attribution_touches') }}
    group by campaign_id

)

select
    spend.campaign_id,
    spend.campaign_name,
    spend.spend_usd,
    spend.clicks,
    coalesce(revenue.orders, 0) as orders,
    coalesce(revenue.revenue_usd, 0) as revenue_usd,
    revenue.revenue_usd / nullif(spend.spend_usd, 0) as return_on_ad_spend
from spend
left join revenue on spend.campaign_id = revenue.campaign_id
