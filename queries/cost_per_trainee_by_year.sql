-- Budget per trainee (million VND) per province and year, over activities that report both
-- a budget and a trainee count; NULL where none do.
with scoped as (
    select province_code, year, budget_million_vnd, trainees
    from filtered_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where trainees is not null and budget_million_vnd is not null
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.year,
    sum(s.budget_million_vnd) as training_budget_million_vnd,
    sum(s.trainees) as trainees,
    sum(s.budget_million_vnd) / nullif(sum(s.trainees), 0) as budget_per_trainee_million_vnd
from scoped as s
inner join provinces as p on p.province_code = s.province_code
group by all
order by s.province_code, s.year
