-- Goals per province (e.g. one cluster per district), with their source or illustrative flag.
select
    t.target_id,
    t.province_code,
    p.name_vi as province_name_vi,
    p.name_en as province_name_en,
    t.metric,
    t.value,
    t.stage,
    t.target_year,
    t.source_file,
    t.quote,
    t.note_vi,
    t.note_en,
    t.is_illustrative
from targets as t
inner join provinces as p on p.province_code = t.province_code
where len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], t.province_code)
order by p.display_order, t.target_id
