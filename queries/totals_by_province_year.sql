-- Trainees, new jobs, budget and activity count per province and year of the filter scope.
-- Sum on the codes first, then look names up: grouping by names too is twice the work.
with sums as (
    select
        province_code,
        year,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs,
        sum(budget_million_vnd) as budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    group by province_code, year
)

select
    province_code,
    province_name_vi as name_vi,
    province_name_en as name_en,
    year,
    activity_count,
    trainees,
    new_jobs,
    budget_million_vnd
from with_province_names(sums)
order by province_display_order, year
