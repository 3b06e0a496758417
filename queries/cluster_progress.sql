-- Progress toward one cluster per district: per province and year, the districts that existed
-- that year and how many of them had a cluster at or beyond stage $stage by then.
with years as (
    select unnest(range($year_from, $year_to + 1)) as year
),

chosen_districts as (
    select district_code, province_code, first_year, last_year
    from districts
    where (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], province_code))
        and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
),

district_years as (
    select d.province_code, d.district_code, y.year
    from chosen_districts as d
    inner join years as y on y.year between d.first_year and d.last_year
),

reached as (
    select
        district_code,
        min(cluster_stage_year(
            stage, planned_year, established_year, detailed_plan_year, infrastructure_year, operating_year,
            as_of_year, stage_rank($stage)
        )) as reached_year
    from clusters
    group by district_code
),

targets_chosen as (
    select province_code, max(value) as target_per_district
    from targets
    where metric = 'clusters_per_district'
    group by province_code
)

select
    dy.province_code,
    p.name_vi,
    p.name_en,
    p.color_hex,
    dy.year,
    count(*) as districts_total,
    count(*) filter (where r.reached_year <= dy.year) as districts_with_cluster,
    100.0 * count(*) filter (where r.reached_year <= dy.year) / count(*) as share_pct,
    t.target_per_district
from district_years as dy
inner join provinces as p on p.province_code = dy.province_code
left join reached as r on r.district_code = dy.district_code
left join targets_chosen as t on t.province_code = dy.province_code
group by dy.province_code, p.name_vi, p.name_en, p.color_hex, p.display_order, dy.year, t.target_per_district
order by p.display_order, dy.year
