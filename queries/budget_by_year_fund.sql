-- Budget (million VND) per province, year and fund.
with scoped as (
    select province_code, year, fund_code, activity_count, budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
),

-- sum on the codes first, then look names up: grouping by names too is twice the work
sums as (
    select
        province_code,
        year,
        fund_code,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(budget_million_vnd) as budget_million_vnd
    from scoped
    group by province_code, year, fund_code
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.year,
    s.fund_code,
    f.short_vi as fund_name_vi,
    f.short_en as fund_name_en,
    f.color_hex as fund_color_hex,
    s.activity_count,
    s.budget_million_vnd
from sums as s
inner join provinces as p on p.province_code = s.province_code
inner join funds as f on f.fund_code = s.fund_code
order by s.province_code, s.year, s.fund_code
