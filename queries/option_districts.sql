-- Districts of the chosen provinces for the district filter.
select
    d.district_code,
    d.province_code,
    d.name_vi,
    d.name_en,
    d.kind,
    d.first_year,
    d.last_year
from rows_of_provinces(districts, $provinces) as d
order by d.province_display_order, d.district_code
