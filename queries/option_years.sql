-- The first and last year of the records (bounds of the year filter).
select min(year) as year_min, max(year) as year_max
from activity_cube  -- every year of the records has a cube row
