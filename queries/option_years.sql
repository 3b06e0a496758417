-- The first and last year of the records (bounds of the year filter).
select min(year) as year_min, max(year) as year_max
from activities
