-- One page of the filtered records, with readable names, for the data table and downloads.
-- $search (folded by kcdash.data.fold_search: lower case, no accents, đ as d; '' for none)
-- keeps the records whose title or id contains it. $sort orders every record in scope, not
-- just one page: 'year' (then id), or 'budget', 'trainees', 'new_jobs' largest first, records
-- without that figure last (then by year and id).
--
-- The page first, then its names: every join below is a lookup that keeps each row (the codes
-- are validated references), so only one page of rows is joined. Two branches, one of them
-- empty: by year a plain ORDER BY lets DuckDB stop the scan early (bench/NOTES.md); ordered
-- by a figure every record in scope is ranked.
with scoped as (
    (select *, null::double as sort_value from searched_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds, $search)
        where $sort = 'year' order by year, activity_id limit $limit offset $offset)
    union all
    (select
        *,
        case $sort
            when 'budget' then cast(budget_million_vnd as double)
            when 'trainees' then cast(trainees as double)
            when 'new_jobs' then cast(new_jobs as double)
        end as sort_value
    from searched_activities($provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds, $search)
    where $sort <> 'year'
    order by sort_value desc nulls last, year, activity_id
    limit $limit offset $offset)
)

select
    s.activity_id,
    s.year,
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    s.activity_type_code,
    t.short_vi as activity_type_name_vi,
    t.short_en as activity_type_name_en,
    s.craft_code,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en,
    s.fund_code,
    f.short_vi as fund_name_vi,
    f.short_en as fund_name_en,
    s.budget_million_vnd,
    s.trainees,
    s.new_jobs,
    s.title_vi,
    s.source,
    s.is_illustrative
from with_province_names(scoped) as s
left join districts as d on d.district_code = s.district_code
inner join activity_types as t on t.activity_type_code = s.activity_type_code
left join crafts as c on c.craft_code = s.craft_code
inner join funds as f on f.fund_code = s.fund_code
order by s.sort_value desc nulls last, s.year, s.activity_id  -- by year: no sort_value
