-- Headline numbers per province for a filter scope. Sums over no reported value stay NULL
-- (missing), never 0; activity_count is a real count and is 0 when nothing matches.
with scoped as (
    select
        province_code, year, activity_count, illustrative_count, trainees, new_jobs, budget_million_vnd,
        training_budget_million_vnd, trainees_with_budget
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
),

chosen as (
    select province_code, name_vi, name_en, color_hex, display_order
    from provinces
    where is_chosen($provinces, province_code)
),

per_province as (
    select
        province_code,
        cast(sum(activity_count) as bigint) as activity_count,
        cast(sum(illustrative_count) as bigint) as illustrative_count,
        sum(trainees) as trainees,
        sum(new_jobs) as new_jobs,
        sum(budget_million_vnd) as budget_million_vnd,
        sum(training_budget_million_vnd) as training_budget_million_vnd,
        sum(trainees_with_budget) as trainees_with_budget,
        min(year) as first_year,
        max(year) as last_year
    from scoped
    group by province_code
),

district_counts as (
    select province_code, count(*) as districts_count
    from districts
    where $year_to between first_year and last_year
    group by province_code
)

select
    c.province_code,
    c.name_vi,
    c.name_en,
    c.color_hex,
    coalesce(p.activity_count, 0) as activity_count,
    coalesce(p.illustrative_count, 0) as illustrative_count,
    p.trainees,
    p.new_jobs,
    p.budget_million_vnd,
    p.training_budget_million_vnd / nullif(p.trainees_with_budget, 0) as budget_per_trainee_million_vnd,
    p.new_jobs / nullif(p.trainees, 0) as jobs_per_trainee,
    p.first_year,
    p.last_year,
    d.districts_count
from chosen as c
left join per_province as p on p.province_code = c.province_code
left join district_counts as d on d.province_code = c.province_code
order by c.display_order, c.province_code
