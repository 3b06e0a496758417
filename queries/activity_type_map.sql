-- Legacy activity categories and the Decree 45/2012 content each maps onto.
select m.framework, m.legacy_name_vi, m.activity_type_code, t.short_vi, t.short_en
from activity_type_map as m
inner join activity_types as t on t.activity_type_code = m.activity_type_code
order by m.framework, t.article_clause
