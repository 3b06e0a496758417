-- Every district that existed in $as_of_year, with the furthest stage any of its clusters had
-- reached by then (NULL: no cluster yet), cluster names, area and occupancy.
with cluster_stage as (
    select
        c.district_code,
        c.cluster_id,
        c.name_vi,
        c.area_ha,
        c.occupancy_pct,
        c.is_illustrative,
        c.source,
        max(s.stage_rank) filter (where s.reached_year <= $as_of_year) as stage_rank_reached
    from clusters as c
    left join cluster_stage_reached as s on s.cluster_id = c.cluster_id
    group by all
),

per_district as (
    select
        district_code,
        count(*) filter (where stage_rank_reached is not null) as cluster_count,
        max(stage_rank_reached) as stage_rank_reached,
        string_agg(name_vi, '; ' order by cluster_id) filter (where stage_rank_reached is not null) as cluster_names,
        sum(area_ha) filter (where stage_rank_reached is not null) as area_ha,
        avg(occupancy_pct) filter (where stage_rank_reached is not null) as occupancy_pct,
        bool_or(is_illustrative) filter (where stage_rank_reached is not null) as is_illustrative,
        string_agg(distinct source, '; ') filter (where stage_rank_reached is not null) as source
    from cluster_stage
    group by district_code
)

select
    d.province_code,
    d.province_name_vi,
    d.province_name_en,
    d.district_code,
    d.district_name_vi,
    d.district_name_en,
    d.kind,
    coalesce(c.cluster_count, 0) as cluster_count,
    stage_list()[c.stage_rank_reached] as stage,
    c.stage_rank_reached,
    c.cluster_names,
    c.area_ha,
    c.occupancy_pct,
    c.is_illustrative,
    c.source
from districts_in_year($provinces, $districts, $as_of_year) as d
left join per_district as c on c.district_code = d.district_code
order by d.province_display_order, d.district_code
