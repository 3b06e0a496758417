-- Budget and activity count per province and khuyến công content (Decree 45/2012, Art. 4).
-- Sum on the codes first, then look names up: grouping by names too is twice the work.
with sums as (
    select
        province_code,
        activity_type_code,
        cast(sum(activity_count) as bigint) as activity_count,
        sum(budget_million_vnd) as budget_million_vnd
    from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
    group by province_code, activity_type_code
)

select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.activity_type_code,
    t.article_clause,
    t.short_vi as activity_type_name_vi,
    t.short_en as activity_type_name_en,
    s.activity_count,
    s.budget_million_vnd
from with_province_names(sums) as s
inner join activity_types as t on t.activity_type_code = s.activity_type_code
order by s.province_code, t.article_clause
