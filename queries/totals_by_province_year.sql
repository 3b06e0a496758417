-- Trainees, new jobs, budget and activity count per province and year of the filter scope.
with scoped as (
    select province_code, year, trainees, new_jobs, budget_million_vnd
    from filtered_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
)

select
    s.province_code,
    p.name_vi,
    p.name_en,
    s.year,
    count(*) as activity_count,
    sum(s.trainees) as trainees,
    sum(s.new_jobs) as new_jobs,
    sum(s.budget_million_vnd) as budget_million_vnd
from scoped as s
inner join provinces as p on p.province_code = s.province_code
group by s.province_code, p.name_vi, p.name_en, p.display_order, s.year
order by p.display_order, s.year
