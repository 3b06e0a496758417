-- Shared table macros, created once when the database opens (kcdash.db).
-- filtered_activities: the activities in a filter scope. An empty list means "no restriction".
create or replace macro filtered_activities(
    provinces, year_from, year_to, crafts, districts, activity_types, funds
) as table
select a.*
from activities as a
where (len(provinces::varchar[]) = 0 or list_contains(provinces::varchar[], a.province_code))
    and a.year between year_from and year_to
    and (len(crafts::varchar[]) = 0 or list_contains(crafts::varchar[], a.craft_code))
    and (len(districts::varchar[]) = 0 or list_contains(districts::varchar[], a.district_code))
    and (len(activity_types::varchar[]) = 0 or list_contains(activity_types::varchar[], a.activity_type_code))
    and (len(funds::varchar[]) = 0 or list_contains(funds::varchar[], a.fund_code));

-- fold_text: lower case, accents and tone marks dropped, đ as d: the twin of Python's
-- kcdash.accents.without_marks over lower case (tests/test_queries.py checks they agree).
create or replace macro fold_text(text) as replace(strip_accents(lower(text)), 'đ', 'd');

-- searched_activities: filtered_activities whose title or id contains `search`, a text folded
-- by kcdash.data.fold_search (the same folding, spaces squeezed); '' keeps every record.
create or replace macro searched_activities(
    provinces, year_from, year_to, crafts, districts, activity_types, funds, search
) as table
select a.*
from filtered_activities(provinces, year_from, year_to, crafts, districts, activity_types, funds) as a
where search = ''
    or contains(fold_text(a.title_vi), search)
    or contains(lower(a.activity_id), search);

-- filtered_activity_cube: the rows of activity_cube (queries/_activity_cube.sql) in a filter
-- scope, same filter as filtered_activities; the measure queries sum these partial sums.
create or replace macro filtered_activity_cube(
    provinces, year_from, year_to, crafts, districts, activity_types, funds
) as table
select c.*
from activity_cube as c
where (len(provinces::varchar[]) = 0 or list_contains(provinces::varchar[], c.province_code))
    and c.year between year_from and year_to
    and (len(crafts::varchar[]) = 0 or list_contains(crafts::varchar[], c.craft_code))
    and (len(districts::varchar[]) = 0 or list_contains(districts::varchar[], c.district_code))
    and (len(activity_types::varchar[]) = 0 or list_contains(activity_types::varchar[], c.activity_type_code))
    and (len(funds::varchar[]) = 0 or list_contains(funds::varchar[], c.fund_code));

-- filtered_activity_totals: the same scope as filtered_activity_cube for queries that group by
-- neither district nor craft. With no craft and no district chosen it reads activity_rollup
-- (queries/_activity_rollup.sql, the cube summed over both); otherwise the cube. Exactly one
-- branch has rows; district_code and craft_code are NULL in the rollup's rows, so a query
-- reading them must use filtered_activity_cube (tests/test_query_edges.py checks both agree).
create or replace macro filtered_activity_totals(
    provinces, year_from, year_to, crafts, districts, activity_types, funds
) as table
select
    r.province_code,
    null::varchar as district_code,
    r.year,
    r.activity_type_code,
    null::varchar as craft_code,
    r.fund_code,
    r.activity_count,
    r.illustrative_count,
    r.trainees,
    r.new_jobs,
    r.budget_million_vnd,
    r.training_budget_million_vnd,
    r.trainees_with_budget,
    r.trained_count,
    r.costed_count
from activity_rollup as r
where len(crafts::varchar[]) = 0 and len(districts::varchar[]) = 0
    and (len(provinces::varchar[]) = 0 or list_contains(provinces::varchar[], r.province_code))
    and r.year between year_from and year_to
    and (len(activity_types::varchar[]) = 0 or list_contains(activity_types::varchar[], r.activity_type_code))
    and (len(funds::varchar[]) = 0 or list_contains(funds::varchar[], r.fund_code))
union all
select c.*
from filtered_activity_cube(provinces, year_from, year_to, crafts, districts, activity_types, funds) as c
where len(crafts::varchar[]) > 0 or len(districts::varchar[]) > 0;

-- cluster_stage_year: the year a cluster had reached stage rank k (1 = planned … 5 = operating),
-- or NULL when it has not reached it. A missing stage year falls back to the earliest later
-- stage year, then to as_of_year (the year the source says the stage was reached by).
-- The stage order comes from the cluster_stages table, made at open from kcdash.schema.STAGES.
create or replace macro stage_list() as (select list(s.stage order by s.stage_rank) from cluster_stages as s);

create or replace macro stage_rank(stage) as list_position(stage_list(), stage);

create or replace macro cluster_stage_year(
    stage, planned_year, established_year, detailed_plan_year, infrastructure_year, operating_year, as_of_year, k
) as
case
    when stage_rank(stage) < k then null
    else coalesce(
        list_min(list_filter(
            [planned_year, established_year, detailed_plan_year, infrastructure_year, operating_year],
            lambda y, i: i >= k and y is not null
        )),
        as_of_year
    )
end;
