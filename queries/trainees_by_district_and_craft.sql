-- Trainees and new jobs per district and per craft of each province, in one pass over the cube
-- (the training page shows both). Rows with by_craft false are per district, province-wide
-- activities forming a row with district_code NULL, ordered by province then trainees; rows with
-- by_craft true are per craft, activities with no craft forming their own row (craft_code NULL),
-- ordered by trainees. Only activities that report trainees or jobs count. kcdash.data splits them.
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
)
select
    s.by_craft,
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    s.craft_code,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en,
    s.activity_count,
    s.trainees,
    s.new_jobs
from with_province_names(sums) as s
left join districts as d on not s.by_craft and d.district_code = s.district_code
left join crafts as c on s.by_craft and c.craft_code = s.craft_code
order by
    s.by_craft,
    case when not s.by_craft then s.province_code end,
    s.trainees desc nulls last,
    s.province_code,
    s.district_code,
    s.craft_code
