-- activity_cube: the activities summed per combination of every filter dimension, built once
-- when the database opens (kcdash.db), so the measure queries read ~10x fewer rows than the
-- record-level extract at national scale. Each sum here is what a measure query sums, so a sum
-- of these sums equals the sum over the matching records exactly (DECIMAL stays DECIMAL).
-- Counts of rows with a value decide missing (NULL) vs 0 the same way a sum over no value does.
create table activity_cube as
select
    province_code,
    district_code,
    year,
    activity_type_code,
    craft_code,
    fund_code,
    count(*) as activity_count,
    count(*) filter (where is_illustrative) as illustrative_count,
    sum(trainees) as trainees,
    sum(new_jobs) as new_jobs,
    sum(budget_million_vnd) as budget_million_vnd,
    -- over activities that report trainees (kpis: training budget)
    sum(budget_million_vnd) filter (where trainees is not null) as training_budget_million_vnd,
    -- over activities that report a budget (kpis: trainees with a budget)
    sum(trainees) filter (where budget_million_vnd is not null) as trainees_with_budget,
    -- activities that report trainees or new jobs (trainees_by_craft, trainees_by_district)
    count(*) filter (where trainees is not null or new_jobs is not null) as trained_count,
    -- activities that report both trainees and a budget (cost_per_trainee_by_year)
    count(*) filter (where trainees is not null and budget_million_vnd is not null) as costed_count
from activities
group by province_code, district_code, year, activity_type_code, craft_code, fund_code
order by province_code, year, district_code, activity_type_code, craft_code, fund_code;
