-- Trainees and new jobs per province and craft; activities with no craft form their own row
-- (craft_code NULL). Only activities that report trainees or jobs count.
with scoped as (
    select province_code, craft_code, trainees, new_jobs
    from filtered_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trainees is not null or new_jobs is not null
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.craft_code,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en,
    count(*) as activity_count,
    sum(s.trainees) as trainees,
    sum(s.new_jobs) as new_jobs
from scoped as s
inner join provinces as p on p.province_code = s.province_code
left join crafts as c on c.craft_code = s.craft_code
group by all
order by trainees desc nulls last, s.province_code, s.craft_code
