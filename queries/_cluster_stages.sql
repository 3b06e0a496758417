-- cluster_stage_reached: for every cluster and every stage rank it has reached (1 = planned …
-- 5 = operating), the year it reached that rank (see cluster_stage_year in _macros.sql). Built
-- once when the database opens (kcdash.db), after the macros: the cluster queries then compare
-- years instead of evaluating the stage rules for every cluster on every filter change.
create table cluster_stage_reached as
select
    c.cluster_id,
    c.district_code,
    r.stage_rank,
    cluster_stage_year(
        c.stage, c.planned_year, c.established_year, c.detailed_plan_year, c.infrastructure_year,
        c.operating_year, c.as_of_year, r.stage_rank
    ) as reached_year
from clusters as c
cross join (select unnest(range(1, 6)) as stage_rank) as r
where cluster_stage_year(
    c.stage, c.planned_year, c.established_year, c.detailed_plan_year, c.infrastructure_year,
    c.operating_year, c.as_of_year, r.stage_rank
) is not null
order by c.district_code, c.cluster_id, r.stage_rank;
