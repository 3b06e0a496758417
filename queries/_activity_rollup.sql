-- activity_rollup: activity_cube (queries/_activity_cube.sql) summed over districts and crafts,
-- made when the database opens (kcdash.db). With no craft and no district chosen (the default
-- view, and the ministry's national one) the measure queries that group by neither read this
-- instead: ~30x fewer rows than the cube at national scale (34 019 against 1 089 141 at 10 M
-- records), same sums (a sum of sums; DECIMAL stays DECIMAL, counts stay BIGINT).
create table activity_rollup as
select
    province_code,
    year,
    activity_type_code,
    fund_code,
    cast(sum(activity_count) as bigint) as activity_count,
    cast(sum(illustrative_count) as bigint) as illustrative_count,
    sum(trainees) as trainees,
    sum(new_jobs) as new_jobs,
    sum(budget_million_vnd) as budget_million_vnd,
    sum(training_budget_million_vnd) as training_budget_million_vnd,
    sum(trainees_with_budget) as trainees_with_budget,
    cast(sum(trained_count) as bigint) as trained_count,
    cast(sum(costed_count) as bigint) as costed_count
from activity_cube
group by province_code, year, activity_type_code, fund_code
order by province_code, year, activity_type_code, fund_code;
