-- Districts that existed in $as_of_year and had no cluster at or beyond stage $stage by then.
with chosen_districts as (
    select district_code, province_code, name_vi, name_en
    from districts
    where (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], province_code))
        and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
        and $as_of_year between first_year and last_year
),

reached as (
    select district_code
    from cluster_stage_reached
    where stage_rank = stage_rank($stage) and reached_year <= $as_of_year
)

select
    d.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    d.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en
from chosen_districts as d
inner join provinces as p on p.province_code = d.province_code
where d.district_code not in (select r.district_code from reached as r)
order by p.display_order, d.district_code
