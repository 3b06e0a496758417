-- How many records the filter selects (for paging the records table).
select
    coalesce(cast(sum(activity_count) as bigint), 0) as record_count,
    coalesce(cast(sum(illustrative_count) as bigint), 0) as illustrative_count
from filtered_activity_totals($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds)
