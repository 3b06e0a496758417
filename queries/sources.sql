-- The source documents of the chosen provinces (every source when none is chosen): the title to
-- cite, who issued it, where, which period, and the file it is kept in.
select
    s.source_file,
    s.province_code,
    s.title_vi,
    s.cited_title_vi,
    s.cited_title_en,
    s.title_is_supplied,
    s.headings_vi,
    s.author_vi,
    s.issuing_body_vi,
    s.issuing_body_en,
    s.place_vi,
    s.place_en,
    s.period_label,
    s.period_from_year,
    s.period_to_year,
    s.date_published,
    s.not_before_year,
    s.kind_vi,
    s.kind_en,
    s.note_vi,
    s.note_en,
    s.url,
    d.source_file is not null as has_document
from sources as s
left join source_documents as d on d.source_file = s.source_file
left join provinces as p on p.province_code = s.province_code
where is_chosen($provinces, s.province_code)
order by p.display_order nulls last, s.source_file
