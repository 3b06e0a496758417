-- Provinces for the province filter, in display order.
select province_code, name_vi, name_en, color_hex, display_order, note_vi, note_en
from provinces
order by display_order, province_code
