-- The district-level units of the chosen provinces that existed in $as_of_year, with the kind each
-- had that year (previous_kind before kind_since_year: a thị xã until it became a city).
select
    d.district_code,
    d.province_code,
    d.name_vi,
    d.name_en,
    case
        when d.kind_since_year is not null and d.previous_kind is not null and $as_of_year < d.kind_since_year
            then d.previous_kind
        else d.kind
    end as kind,
    d.kind as kind_now,
    d.kind_since_year,
    d.previous_kind
from districts as d
inner join provinces as p on p.province_code = d.province_code
where (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], d.province_code))
    and $as_of_year between d.first_year and d.last_year
order by p.display_order, d.district_code
