-- Budget per trainee (million VND) per province and year, over activities that report both
-- a budget and a trainee count; NULL where none do.
with scoped as (
    -- over activities that report both: their budget and trainee sums, kept per cube row
    select province_code, year, training_budget_million_vnd, trainees_with_budget
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where costed_count > 0
),

-- sum on the codes first, then look names up: grouping by names too is twice the work
sums as (
    select
        province_code,
        year,
        sum(training_budget_million_vnd) as training_budget_million_vnd,
        sum(trainees_with_budget) as trainees
    from scoped
    group by province_code, year
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.year,
    s.training_budget_million_vnd,
    s.trainees,
    s.training_budget_million_vnd / nullif(s.trainees, 0) as budget_per_trainee_million_vnd
from sums as s
inner join provinces as p on p.province_code = s.province_code
order by s.province_code, s.year
