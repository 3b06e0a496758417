-- Trainees and new jobs per district and per craft of each province, in one pass over the cube
-- (the training page shows both). Rows with by_craft false are per district, province-wide
-- activities forming a row with district_code NULL, ordered by province then trainees; rows with
-- by_craft true are per craft, activities with no craft forming their own row (craft_code NULL),
-- ordered by trainees. Only activities that report trainees or jobs count. kcdash.data splits
-- them, each half with its own columns.
with sums as (
    select
        province_code,
        district_code,
        craft_code,
        grouping(district_code) = 1 as by_craft,
        cast(sum(trained_count) as bigint) as activity_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs
    from filtered_activity_cube($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trained_count > 0
    group by grouping sets ((province_code, district_code), (province_code, craft_code))
),

named as (select * from with_province_names(sums))

select *
from with_district_and_craft_names(named)
order by
    by_craft,
    case when not by_craft then province_code end,
    trainees desc nulls last,
    province_code,
    district_code,
    craft_code
