-- Shared macros, created once when the database opens (kcdash.db).
-- is_chosen: whether `code` is among the `chosen` codes of a filter; an empty list means "no
-- restriction", so every code is chosen.
create or replace macro is_chosen(chosen, code) as len(chosen::varchar[]) = 0 or list_contains(chosen::varchar[], code);

-- in_filter: whether a row with these codes and year is in a filter scope (the seven filter
-- arguments that filtered_activities and the other table macros below take).
create or replace macro in_filter(
    provinces, year_from, year_to, crafts, districts, activity_types, funds,
    province_code, year, craft_code, district_code, activity_type_code, fund_code
) as
is_chosen(provinces, province_code)
and year between year_from and year_to
and is_chosen(crafts, craft_code)
and is_chosen(districts, district_code)
and is_chosen(activity_types, activity_type_code)
and is_chosen(funds, fund_code);

-- rows_in_filter: the rows of `rows`, a table with the filter's columns (activities, activity_cube),
-- in a filter scope.
create or replace macro rows_in_filter(
    rows, provinces, year_from, year_to, crafts, districts, activity_types, funds
) as table
select r.*
from query_table(rows) as r
where in_filter(
    provinces, year_from, year_to, crafts, districts, activity_types, funds,
    r.province_code, r.year, r.craft_code, r.district_code, r.activity_type_code, r.fund_code
);

-- filtered_activities: the activities in a filter scope.
create or replace macro filtered_activities(provinces, year_from, year_to, crafts, districts, activity_types, funds) as table
select * from rows_in_filter(activities, provinces, year_from, year_to, crafts, districts, activity_types, funds);

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
create or replace macro filtered_activity_cube(provinces, year_from, year_to, crafts, districts, activity_types, funds) as table
select * from rows_in_filter(activity_cube, provinces, year_from, year_to, crafts, districts, activity_types, funds);

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
-- no craft and no district chosen: the rollup's NULL codes pass is_chosen on those two
where len(crafts::varchar[]) = 0 and len(districts::varchar[]) = 0
    and in_filter(
        provinces, year_from, year_to, crafts, districts, activity_types, funds,
        r.province_code, r.year, null, null, r.activity_type_code, r.fund_code
    )
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

-- with_province_names: the rows of `rows` (a table or CTE with a province_code) with the province's
-- names as the pages read them, and its display order to sort by.
create or replace macro with_province_names(rows) as table
select
    r.*,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    p.display_order as province_display_order
from query_table(rows) as r
inner join provinces as p on p.province_code = r.province_code;

-- districts_in_year: the district-level units of the chosen provinces and districts that existed
-- in as_of_year, named as the pages read them, with the kind each had that year (previous_kind
-- before kind_since_year: a thị xã until it became a city) and its province's display order.
create or replace macro districts_in_year(provinces, districts, as_of_year) as table
select
    d.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    p.display_order as province_display_order,
    d.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    case
        when d.kind_since_year is not null and d.previous_kind is not null and as_of_year < d.kind_since_year
            then d.previous_kind
        else d.kind
    end as kind,
    d.kind as kind_now,
    d.kind_since_year,
    d.previous_kind
from districts as d
inner join provinces as p on p.province_code = d.province_code
where is_chosen(provinces, d.province_code)
    and is_chosen(districts, d.district_code)
    and as_of_year between d.first_year and d.last_year;

-- with_district_and_craft_names: the rows of `rows` (with a district_code and a craft_code, either
-- may be NULL) with the names of their district and craft, as the pages read them.
create or replace macro with_district_and_craft_names(rows) as table
select
    r.*,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en
from query_table(rows) as r
left join districts as d on d.district_code = r.district_code
left join crafts as c on c.craft_code = r.craft_code;

-- rows_of_provinces: the rows of `rows` (with a province_code) of the chosen provinces, named as
-- with_province_names names them.
create or replace macro rows_of_provinces(rows, provinces) as table
select *
from with_province_names(rows)
where is_chosen(provinces, province_code);

-- budget_sums: the activity count and budget of a filter scope per `keys`, a list of the columns
-- to group by among province_code, year, activity_type_code and fund_code (filtered_activity_totals
-- has no district or craft), named by with_province_names. Summed on the codes first, then the
-- names looked up: grouping by names too is twice the work.
create or replace macro budget_sums(keys, provinces, year_from, year_to, crafts, districts, activity_types, funds) as table
with sums as (
    select
        columns(lambda c: list_contains(keys, c)),
        cast(sum(activity_count) as bigint) as activity_count,
        sum(budget_million_vnd) as budget_million_vnd
    from filtered_activity_totals(provinces, year_from, year_to, crafts, districts, activity_types, funds)
    group by all
)
select * from with_province_names(sums);
