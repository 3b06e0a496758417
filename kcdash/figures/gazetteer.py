"""The place and craft names a report may use, from the reference data of the active version."""

from __future__ import annotations

from kcdash.db import Database, get_database
from kcdash.figures.text import Gazetteer, Place


def from_database(db: Database | None = None) -> Gazetteer:
    db = db or get_database()
    cur = db.cursor()
    try:
        # a province the 2025 reorganisation kept alone may be written by its new name as well
        provinces = cur.execute(
            "select p.province_code, p.name_vi, coalesce(p.kind, 'province'), "
            "case when count(*) over (partition by p.province_2025_vi) = 1 then p.province_2025_vi end "
            "from provinces as p order by p.display_order"
        ).fetchall()
        districts = cur.execute("select district_code, name_vi, kind, province_code from districts").fetchall()
        crafts = cur.execute("select craft_code, name_vi from crafts").fetchall()
    finally:
        cur.close()
    return Gazetteer(
        provinces=tuple(Place(str(c), str(n), str(k), str(c), str(a or "")) for c, n, k, a in provinces),
        districts=tuple(Place(str(c), str(n), str(k), str(p)) for c, n, k, p in districts),
        crafts=tuple((str(c), str(n)) for c, n in crafts),
    )
