-- Trainees, new jobs, budget and activity count per province and year of the filter scope.
with scoped as (
    select province_code, year, activity_count, trainees, new_jobs, budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
),

-- sum on the codes first, then look names up: grouping by names too is twice the work
sums as (
    select
        province_code,
        year,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs,
        sum(budget_million_vnd) as budget_million_vnd
    from scoped
    group by province_code, year
)

select
    s.province_code,
    p.name_vi,
    p.name_en,
    s.year,
    s.activity_count,
    s.trainees,
    s.new_jobs,
    s.budget_million_vnd
from sums as s
inner join provinces as p on p.province_code = s.province_code
order by p.display_order, s.year
