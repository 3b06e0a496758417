-- How many records the filter and a search of titles and ids select (paging the records table
-- while searching; without a search, activity_records_count reads the prepared totals instead).
select
    count(*) as record_count,
    count(*) filter (where is_illustrative) as illustrative_count
from searched_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds, $search)
