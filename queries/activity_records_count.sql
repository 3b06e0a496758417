-- How many records the filter selects (for paging the records table).
select count(*) as record_count, count(*) filter (where is_illustrative) as illustrative_count
from filtered_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
