-- Crafts for the craft filter, with how many activities of the chosen provinces use each.
with counts as (
    select craft_code, sum(activity_count) as activity_count
    from activity_cube
    where is_chosen($provinces, province_code)
    group by craft_code
)

select
    c.craft_code,
    c.name_vi,
    c.name_en,
    c.group_vi,
    c.group_en,
    cast(coalesce(k.activity_count, 0) as bigint) as activity_count
from crafts as c
left join counts as k on k.craft_code = c.craft_code
order by activity_count desc, c.name_vi
