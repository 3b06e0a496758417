-- Districts of the chosen provinces for the district filter.
select
    d.district_code,
    d.province_code,
    d.name_vi,
    d.name_en,
    d.kind,
    d.first_year,
    d.last_year
from districts as d
inner join provinces as p on p.province_code = d.province_code
where len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], d.province_code)
order by p.display_order, d.district_code
