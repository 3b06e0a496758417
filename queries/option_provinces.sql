-- Provinces for the province filter, in display order: all 63 of the reference data, each saying
-- whether anything is known of it (records, clusters or a published figure with a value), since
-- the filter opens on the provinces that have data.
with known as (
    select distinct province_code from activity_cube
    union
    select distinct province_code from clusters
    union
    select distinct province_code from published_figures where value is not null
)
select
    p.province_code,
    p.name_vi,
    p.name_en,
    p.color_hex,
    p.display_order,
    p.note_vi,
    p.note_en,
    p.province_2025_vi,
    p.province_2025_en,
    p.province_code in (select k.province_code from known as k) as has_data
from provinces as p
order by p.display_order, p.province_code
