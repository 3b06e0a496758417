"""The place and craft names a report may use, from the reference data of the active version."""

from __future__ import annotations

from kcdash.db import Database, get_database
from kcdash.figures.text import Gazetteer, Place


def from_database(db: Database | None = None) -> Gazetteer:
    db = db or get_database()
    cur = db.cursor()
    try:
        provinces = cur.execute(
            "select province_code, name_vi, coalesce(kind, 'province') from provinces order by display_order"
        ).fetchall()
        districts = cur.execute("select district_code, name_vi, kind, province_code from districts").fetchall()
        crafts = cur.execute("select craft_code, name_vi from crafts").fetchall()
    finally:
        cur.close()
    return Gazetteer(
        provinces=tuple(Place(str(c), str(n), str(k), str(c)) for c, n, k in provinces),
        districts=tuple(Place(str(c), str(n), str(k), str(p)) for c, n, k, p in districts),
        crafts=tuple((str(c), str(n)) for c, n in crafts),
    )
