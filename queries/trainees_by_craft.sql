-- Trainees and new jobs per province and craft; activities with no craft form their own row
-- (craft_code NULL). Only activities that report trainees or jobs count.
select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.craft_code,
    c.name_vi as craft_name_vi,
    c.name_en as craft_name_en,
    s.activity_count,
    s.trainees,
    s.new_jobs
from trained_sums(['province_code', 'craft_code'], $provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds) as s
left join crafts as c on c.craft_code = s.craft_code
order by s.trainees desc nulls last, s.province_code, s.craft_code
