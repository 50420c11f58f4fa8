# Segments customers by recency, frequency and value of their attributed orders (RFM).
import pandas as pd


def model(dbt, session):
    dbt.config(materialized="table", packages=["pandas"], tags=["segmentation"])

    touches = dbt.ref("attribution_touches").to_pandas()
    orders = dbt.ref("orders").to_pandas()

    attributed = orders.merge(touches[["ORDER_ID", "CAMPAIGN_ID"]], on="ORDER_ID")
    rfm = attributed.groupby("CUSTOMER_ID").agg(
        last_order_at=("ORDERED_AT", "max"),
        order_count=("ORDER_ID", "count"),
        revenue_usd=("AMOUNT_USD", "sum"),
    )
    rfm["segment"] = pd.cut(
        rfm["revenue_usd"],
        bins=[0, 100, 1000, float("inf")],
        labels=["occasional", "regular", "champion"],
    )
    return rfm.reset_index()
