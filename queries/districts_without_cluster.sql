-- Districts that existed in $as_of_year and had no cluster at or beyond stage $stage by then.
with reached as (
    select district_code
    from cluster_stage_reached
    where stage_rank = stage_rank($stage) and reached_year <= $as_of_year
)

select
    province_code,
    province_name_vi,
    province_name_en,
    district_code,
    district_name_vi,
    district_name_en
from districts_in_year($provinces, $districts, $as_of_year)
where district_code not in (select r.district_code from reached as r)
order by province_display_order, district_code
