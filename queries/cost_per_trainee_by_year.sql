-- Budget per trainee (million VND) per province and year, over activities that report both
-- a budget and a trainee count (their budget and trainee sums, kept per cube row); NULL where
-- none do. Sum on the codes first, then look names up: grouping by names too is twice the work.
with sums as (
    select
        province_code,
        year,
        sum(training_budget_million_vnd) as training_budget_million_vnd,
        sum(trainees_with_budget) as trainees
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    where costed_count > 0
    group by province_code, year
)

select
    province_code,
    province_name_vi,
    province_name_en,
    year,
    training_budget_million_vnd,
    trainees,
    training_budget_million_vnd / nullif(trainees, 0) as budget_per_trainee_million_vnd
from with_province_names(sums)
order by province_code, year
