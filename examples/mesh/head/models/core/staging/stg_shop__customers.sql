with source as (

    select * from {{ source('shop', 'customers') }}

)

select
    id as customer_id,
    lower(email) as email,
    first_name,
    last_name,
    upper(country) as country_code,
    created_at,
    updated_at
from source
where not is_test_account
