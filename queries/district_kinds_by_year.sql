-- The district-level units of the chosen provinces that existed in $as_of_year, with the kind each
-- had that year (previous_kind before kind_since_year: a thị xã until it became a city).
select
    district_code,
    province_code,
    district_name_vi as name_vi,
    district_name_en as name_en,
    kind,
    kind_now,
    kind_since_year,
    previous_kind
from districts_in_year($provinces, [], $as_of_year)
order by province_display_order, district_code
