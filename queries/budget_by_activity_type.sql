-- Budget and activity count per province and khuyến công content (Decree 45/2012, Art. 4).
with scoped as (
    select province_code, activity_type_code, activity_count, budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
),

-- sum on the codes first, then look names up: grouping by names too is twice the work
sums as (
    select
        province_code,
        activity_type_code,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(budget_million_vnd) as budget_million_vnd
    from scoped
    group by province_code, activity_type_code
)

select
    s.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    s.activity_type_code,
    t.article_clause,
    t.short_vi as activity_type_name_vi,
    t.short_en as activity_type_name_en,
    s.activity_count,
    s.budget_million_vnd
from sums as s
inner join provinces as p on p.province_code = s.province_code
inner join activity_types as t on t.activity_type_code = s.activity_type_code
order by s.province_code, t.article_clause
