-- Budget (million VND) per province, year and fund.
select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.year,
    s.fund_code,
    f.short_vi as fund_name_vi,
    f.short_en as fund_name_en,
    f.color_hex as fund_color_hex,
    s.activity_count,
    s.budget_million_vnd
from budget_sums(['province_code', 'year', 'fund_code'], $provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds) as s
inner join funds as f on f.fund_code = s.fund_code
order by s.province_code, s.year, s.fund_code
