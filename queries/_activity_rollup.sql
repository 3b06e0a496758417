-- activity_rollup: activity_cube (queries/_activity_cube.sql) summed over districts and crafts,
-- made when the database opens (kcdash.db). With no craft and no district chosen (the default
-- view, and the ministry's national one) the measure queries that group by neither read this
-- instead: ~30x fewer rows than the cube at national scale, same sums (a sum of sums; DECIMAL
-- stays DECIMAL). Every measure of the cube is summed again, none named here, so the measures
-- are listed once (in the cube) and the measure queries name the ones they read: a count
-- (`*_count`) is cast back to BIGINT, which a sum would widen.
create table activity_rollup as
select
    province_code,
    year,
    activity_type_code,
    fund_code,
    cast(sum(columns(lambda c: ends_with(c, '_count'))) as bigint),
    sum(
        columns(
            lambda c: not ends_with(c, '_count')
            and c not in ('province_code', 'district_code', 'year', 'activity_type_code', 'craft_code', 'fund_code')
        )
    )
from activity_cube
group by province_code, year, activity_type_code, fund_code
order by province_code, year, activity_type_code, fund_code;
