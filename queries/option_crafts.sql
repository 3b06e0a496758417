-- Crafts for the craft filter, with how many activities of the chosen provinces use each.
select
    c.craft_code,
    c.name_vi,
    c.name_en,
    c.group_vi,
    c.group_en,
    count(a.activity_id) as activity_count
from crafts as c
left join activities as a
    on a.craft_code = c.craft_code
    and (len($provinces::varchar[]) = 0 or list_contains($provinces::varchar[], a.province_code))
group by all
order by activity_count desc, c.name_vi
