-- Trainees and new jobs per district; province-wide activities form a row with district_code NULL.
select
    s.province_code,
    s.province_name_vi,
    s.province_name_en,
    s.district_code,
    d.name_vi as district_name_vi,
    d.name_en as district_name_en,
    s.activity_count,
    s.trainees,
    s.new_jobs
from trained_sums(['province_code', 'district_code'], $provinces, $year_from, $year_to, $crafts, $districts, $activity_types, $funds) as s
left join districts as d on d.district_code = s.district_code
order by s.province_code, s.trainees desc nulls last, s.district_code
