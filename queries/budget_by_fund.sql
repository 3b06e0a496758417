-- Budget per province and fund, with each fund's share of the province total (percent).
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
from budget_sums(['province_code', 'fund_code'], $provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds) as s
inner join funds as f on f.fund_code = s.fund_code
order by s.province_display_order, s.fund_code
