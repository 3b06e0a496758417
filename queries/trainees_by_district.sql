-- Trainees and new jobs per district; province-wide activities form a row with district_code NULL.
-- Sum on the codes first, then look names up: grouping by names too is twice the work.
with sums as (
    select
        province_code,
        district_code,
        cast(sum(trained_count) as bigint) as activity_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs
    from filtered_activity_cube($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trained_count > 0
    group by province_code, district_code
)

select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    s.activity_count,
    s.trainees,
    s.new_jobs
from with_province_names(sums) as s
left join districts as d on d.district_code = s.district_code
order by s.province_code, s.trainees desc nulls last, s.district_code
