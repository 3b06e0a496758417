-- The nine khuyến công contents (Decree 45/2012, Art. 4) for the activity-category filter.
select activity_type_code, article_clause, name_vi, name_en, short_vi, short_en, legal_basis
from activity_types
order by article_clause
