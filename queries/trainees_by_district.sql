-- Trainees and new jobs per district; province-wide activities form a row with district_code NULL.
with scoped as (
    select province_code, district_code, trainees, new_jobs
    from filtered_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trainees is not null or new_jobs is not null
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    count(*) as activity_count,
    sum(s.trainees) as trainees,
    sum(s.new_jobs) as new_jobs
from scoped as s
inner join provinces as p on p.province_code = s.province_code
left join districts as d on d.district_code = s.district_code
group by all
order by s.province_code, trainees desc nulls last, s.district_code
