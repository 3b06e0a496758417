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
