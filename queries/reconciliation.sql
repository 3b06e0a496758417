-- Each published figure that records can be summed for, beside the sum of the records in the
-- figure's own scope (province, period, fund, activity category, craft, district).
-- status: match | consistent (an approximate figure within 5%) | differs | no_records | not_published
with figures as (
    select *
    from published_figures
    where metric in ('new_jobs', 'trainees', 'budget_million_vnd', 'activity_count')
        and is_chosen($provinces, province_code)
),

-- the cube's partial sums (queries/_activity_cube.sql) in each figure's scope, made of its keys:
-- joined on the province alone, the rest a filter (a join condition with OR would be a nested
-- loop over the whole cube)
scoped as (
    select
        f.figure_id,
        a.activity_count,
        a.illustrative_count,
        a.new_jobs,
        a.trainees,
        a.budget_million_vnd
    from figures as f
    inner join activity_cube as a on a.province_code = f.province_code
    where a.year between coalesce(f.period_from_year, 0) and coalesce(f.period_to_year, 9999)
        and (f.fund_code is null or a.fund_code = f.fund_code)
        and (f.activity_type_code is null or a.activity_type_code = f.activity_type_code)
        and (f.craft_code is null or a.craft_code = f.craft_code)
        and (f.district_code is null or a.district_code = f.district_code)
),

sums as (
    select
        f.figure_id,
        cast(coalesce(sum(a.activity_count), 0) as bigint) as record_count,
        cast(coalesce(sum(a.illustrative_count), 0) as bigint) as illustrative_count,
        case f.metric
            when 'new_jobs' then sum(a.new_jobs)
            when 'trainees' then sum(a.trainees)
            when 'budget_million_vnd' then sum(a.budget_million_vnd)
            when 'activity_count' then cast(coalesce(sum(a.activity_count), 0) as bigint)
        end as record_value
    from figures as f
    left join scoped as a on a.figure_id = f.figure_id  -- a figure with no records keeps its row
    group by f.figure_id, f.metric
)

select
    f.figure_id,
    f.province_code,
    f.province_name_vi,
    f.province_name_en,
    f.period_label,
    f.metric,
    f.fund_code,
    f.label_vi,
    f.label_en,
    f.unit,
    f.qualifier,
    f.value as published_value,
    s.record_value,
    s.record_value - f.value as difference,
    s.record_count,
    s.illustrative_count,
    case
        when f.qualifier = 'not_reported' then 'not_published'
        when s.record_count = 0 then 'no_records'
        when s.record_value = f.value then 'match'
        when f.qualifier = 'approximate_below' and s.record_value <= f.value and s.record_value >= 0.95 * f.value
            then 'consistent'
        when f.qualifier = 'approximate' and abs(s.record_value - f.value) <= 0.05 * f.value then 'consistent'
        else 'differs'
    end as status,
    f.source_file,
    f.quote
from with_province_names(figures) as f
inner join sums as s on s.figure_id = f.figure_id
order by f.province_display_order, f.figure_id
