-- Budget per province and fund, with each fund's share of the province total (percent).
with sums as (
    select
        province_code,
        fund_code,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(budget_million_vnd) as budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    group by province_code, fund_code
)

select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.fund_code,
    f.short_vi as fund_name_vi,
    f.short_en as fund_name_en,
    f.color_hex as fund_color_hex,
    s.activity_count,
    s.budget_million_vnd,
    100 * s.budget_million_vnd / nullif(sum(s.budget_million_vnd) over (partition by s.province_code), 0) as share_pct
from with_province_names(sums) as s
inner join funds as f on f.fund_code = s.fund_code
order by s.province_display_order, s.fund_code
