-- Per chosen province: how many cluster records the data holds, how many are illustrative and
-- how many a source gives. A province with no cluster record has no cluster list: its progress
-- is missing ("chưa có số liệu"), never 0 of n districts.
with counts as (
    select
        province_code,
        count(*) as cluster_count,
        count(*) filter (where is_illustrative) as illustrative_count
    from clusters
    group by province_code
)

select
    p.province_code,
    p.name_vi,
    p.name_en,
    coalesce(c.cluster_count, 0) as cluster_count,
    coalesce(c.illustrative_count, 0) as illustrative_count,
    coalesce(c.cluster_count, 0) - coalesce(c.illustrative_count, 0) as sourced_count
from provinces as p
left join counts as c on c.province_code = p.province_code
where is_chosen($provinces, p.province_code)
order by p.display_order, p.province_code
