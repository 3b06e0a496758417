-- Progress toward one cluster per district: per province and year, the districts that existed
-- that year and how many of them had a cluster at or beyond stage $stage by then.
with chosen_districts as (
    select district_code, province_code, first_year, last_year
    from districts
    where is_chosen($provinces, province_code)
        and is_chosen($districts, district_code)
),

-- one row per district and year it existed within the chosen years (a per-row range, not a
-- join on BETWEEN, which DuckDB plans as a slow inequality join)
district_years as (
    select
        province_code,
        district_code,
        unnest(range(greatest(first_year, $year_from), least(last_year, $year_to) + 1)) as year
    from chosen_districts
),

reached as (
    select district_code, min(reached_year) as reached_year
    from cluster_stage_reached
    where stage_rank = stage_rank($stage)
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
