-- Budget and activity count per province and khuyến công content (Decree 45/2012, Art. 4).
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
from budget_sums(['province_code', 'activity_type_code'], $provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds) as s
inner join activity_types as t on t.activity_type_code = s.activity_type_code
order by s.province_code, t.article_clause
