-- Districts of the chosen provinces for the district filter.
select
    d.district_code,
    d.province_code,
    d.name_vi,
    d.name_en,
    d.kind,
    d.first_year,
    d.last_year
from with_province_names(districts) as d
where is_chosen($provinces, d.province_code)
order by d.province_display_order, d.district_code
