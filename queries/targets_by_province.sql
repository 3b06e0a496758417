-- Goals per province (e.g. one cluster per district), with their source or illustrative flag.
select
    t.target_id,
    t.province_code,
    t.province_name_vi,
    t.province_name_en,
    t.metric,
    t.value,
    t.stage,
    t.target_year,
    t.source_file,
    t.quote,
    t.note_vi,
    t.note_en,
    t.is_illustrative
from rows_of_provinces(targets, $provinces) as t
order by t.province_display_order, t.target_id
