-- A report a steward read figures from: the file as uploaded (base64) and the text its quotes
-- come from; no row when the source has no kept document.
select
    d.source_file,
    d.file_name,
    d.media_type,
    d.content_base64,
    d.text
from source_documents as d
where d.source_file = $source_file
