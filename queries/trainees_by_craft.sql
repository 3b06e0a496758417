-- Trainees and new jobs per province and craft; activities with no craft form their own row
-- (craft_code NULL). Only activities that report trainees or jobs count.
-- Sum on the codes first, then look names up: grouping by names too is twice the work.
with sums as (
    select
        province_code,
        craft_code,
        cast(sum(trained_count) as bigint) as activity_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs
    from filtered_activity_cube($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trained_count > 0
    group by province_code, craft_code
)

select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.craft_code,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en,
    s.activity_count,
    s.trainees,
    s.new_jobs
from with_province_names(sums) as s
left join crafts as c on c.craft_code = s.craft_code
order by s.trainees desc nulls last, s.province_code, s.craft_code
