-- Every published figure (and every "not reported" row) for the chosen provinces.
select
    f.figure_id,
    f.province_code,
    f.province_name_vi,
    f.province_name_en,
    f.period_from_year,
    f.period_to_year,
    f.period_label,
    f.metric,
    f.fund_code,
    f.district_code,
    f.value,
    f.unit,
    f.qualifier,
    f.label_vi,
    f.label_en,
    f.source_file,
    f.quote,
    f.activity_type_code,
    f.craft_code,
    f.status,
    f.period_part,
    f.part_of,
    f.note_vi,
    f.note_en
from rows_of_provinces(published_figures, $provinces) as f
order by f.province_display_order, f.figure_id
