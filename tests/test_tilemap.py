"""The tile-grid maps (kcdash.tilemap): layout derived from the reference tables, colours that
read for everyone, values in the tiles, and the map data a click reports from."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from kcdash import tilemap

REPO = Path(__file__).resolve().parent.parent


def read(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_63_provinces_before_2025_each_have_one_tile_of_their_own():
    tiles = tilemap.province_tiles()
    assert len(tiles) == 63
    assert len({t.code for t in tiles}) == 63
    assert len({(t.col, t.row) for t in tiles}) == 63  # no two provinces share a cell
    assert len({t.abbr for t in tiles}) == 63  # the short names in the tiles are distinct
    # the national extract's province list is the map's (the benchmark generator names them)
    from bench.generate_national import PROVINCE_LIST

    assert {t.code for t in tiles} == {code for code, *_ in PROVINCE_LIST}


def test_province_tiles_are_the_layout_derived_from_the_capitals_positions():
    """The stored grid is exactly what grid_layout makes of the stored coordinates: the table
    cannot drift from its stated source by hand edits."""
    rows = read("province_tiles.csv")
    assert all("not" in r["source"].lower() or "không" in r["source"].lower() for r in rows)  # says nothing downloaded
    derived = tilemap.grid_layout(
        [(r["province_code"], float(r["capital_lat"]), float(r["capital_lon"])) for r in rows], cols=8, rows=18
    )
    assert {r["province_code"]: (int(r["col"]), int(r["row"])) for r in rows} == derived


def test_the_map_keeps_north_and_south_and_west_and_east():
    tiles = {t.code: t for t in tilemap.province_tiles()}
    ha_noi, hcm, dien_bien, bac_lieu, ca_mau, quang_ninh = (tiles[c] for c in ("01", "79", "11", "95", "96", "22"))
    assert ha_noi.row < hcm.row and dien_bien.row < bac_lieu.row
    assert ca_mau.row >= bac_lieu.row  # the southern tip is at the bottom
    assert dien_bien.col < ha_noi.col < quang_ninh.col  # the north-west, the capital, the coast


def test_district_tiles_cover_the_real_districts_of_both_provinces():
    districts = pd.read_csv(REPO / "data" / "districts.csv", dtype=str)
    for code in ("11", "95"):
        tiles = tilemap.district_tiles(code)
        assert {t.code for t in tiles} == set(districts.loc[districts.province_code == code, "district_code"])
        assert len({(t.col, t.row) for t in tiles}) == len(tiles)
    assert tilemap.district_tiles("01") == ()  # no layout: the page says so and shows the table
    rows = read("district_tiles.csv")
    for prov, grid in (("11", (4, 4)), ("95", (3, 3))):
        mine = [r for r in rows if r["province_code"] == prov]
        derived = tilemap.grid_layout(
            [(r["district_code"], float(r["seat_lat"]), float(r["seat_lon"])) for r in mine], cols=grid[0], rows=grid[1]
        )
        assert {r["district_code"]: (int(r["col"]), int(r["row"])) for r in mine} == derived


def test_grid_layout_places_points_by_position_and_refuses_a_grid_too_small():
    placed = tilemap.grid_layout([("n", 10.0, 0.0), ("s", 0.0, 0.0), ("e", 5.0, 10.0)], cols=2, rows=3)
    assert placed == {"n": (0, 0), "s": (0, 2), "e": (1, 1)}
    with pytest.raises(ValueError, match="do not fit"):
        tilemap.grid_layout([("a", 0, 0), ("b", 1, 1), ("c", 2, 2)], cols=1, rows=2)


def test_text_in_a_tile_contrasts_at_least_4_5_to_1_with_any_fill():
    for share in [i / 20 for i in range(21)]:
        fill = tilemap.scale_color(share)
        assert tilemap.contrast_ratio(fill, tilemap.text_color(fill)) >= 4.5, fill
    assert tilemap.text_color(tilemap.NO_DATA_FILL) == "#000000"
    assert tilemap.text_color(tilemap.CIVIDIS[0]) == "#FFFFFF"
    assert tilemap.text_color(tilemap.CIVIDIS[-1]) == "#000000"


def test_the_scale_grows_lighter_so_it_reads_in_grey_and_for_colour_blind_readers():
    lum = [tilemap.relative_luminance(tilemap.scale_color(i / 10)) for i in range(11)]
    assert lum == sorted(lum) and lum[-1] > 10 * lum[0]


def test_sequential_colours_put_missing_apart_from_zero():
    colors = tilemap.sequential_colors({"a": 0.0, "b": 50.0, "c": 100.0, "d": None, "e": float("nan")})
    assert colors["a"] == tilemap.CIVIDIS[0] and colors["c"] == tilemap.CIVIDIS[-1]
    assert colors["d"] == colors["e"] == tilemap.NO_DATA_FILL != colors["a"]
    assert tilemap.sequential_colors({"a": None}) == {"a": tilemap.NO_DATA_FILL}


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (3530, "3.530", "3,530"),
        (12.5, "12,5", "12.5"),
        (1.125, "1,13", "1.13"),
        (35_300, "35,3 nghìn", "35.3k"),
        (891_320, "891 nghìn", "891k"),
        (2_283_536.7, "2,3 triệu", "2.3M"),
        (None, "–", "–"),
    ],
)
def test_compact_values_fit_a_tile(value, vi, en):
    assert tilemap.compact(value, "vi") == vi
    assert tilemap.compact(value, "en") == en


def test_money_held_in_million_dong_is_shown_in_ty_on_a_tile():
    """Regression: 35.300 triệu đồng was drawn "35,3 N", read as thousand đồng; it is 35,3 tỷ."""
    assert tilemap.compact(35_300, "vi", million_vnd=True) == "35,3 tỷ"
    assert tilemap.compact(891_320, "vi", million_vnd=True) == "891 tỷ"
    assert tilemap.compact(6_788.9, "vi", million_vnd=True) == "6,8 tỷ"
    assert tilemap.compact(560, "vi", million_vnd=True) == "560"  # under a tỷ, the figure as it is
    assert tilemap.compact(35_300, "en", million_vnd=True) == "35.3bn"


def test_tile_map_carries_codes_values_focus_absent_units_and_the_mark():
    tiles = [t for t in tilemap.province_tiles() if t.code in {"01", "11", "95"}]
    spec = tilemap.tile_map(
        tiles,
        "vi",
        title="Học viên",
        label="Bản đồ ô lưới các tỉnh: Học viên",
        fills={"01": tilemap.CIVIDIS[-1], "11": tilemap.CIVIDIS[0]},
        values_text={"01": "37,5 N", "11": "12.053", "95": "–"},
        hover={"01": "Hà Nội · Học viên: 37.456"},
        focus=["11"],
        absent=["95"],
        colorbar=("0", "37.456", "Học viên"),
        mark="MINH HỌA",
        clickable=True,
    )
    cells = {c["code"]: c for c in spec["tiles"]}
    assert sorted(cells) == ["01", "11", "95"]
    here = {t.code: t for t in tiles}
    assert all((c["col"], c["row"]) == (here[code].col, here[code].row) for code, c in cells.items())
    assert (cells["01"]["abbr"], cells["01"]["value"]) == ("HNI", "37,5 N")
    assert cells["01"]["fill"] == tilemap.CIVIDIS[-1] and cells["01"]["ink"] == tilemap.text_color(tilemap.CIVIDIS[-1])
    assert cells["01"]["hover"] == "Hà Nội · Học viên: 37.456"
    assert cells["11"]["hover"] == "Điện Biên"  # no hover text given: the unit's name
    assert cells["11"]["focus"] and not cells["01"]["focus"]
    assert cells["95"]["absent"] and cells["95"]["fill"] == tilemap.ABSENT_FILL
    assert spec["cols"] == max(t.col for t in tiles) + 1 and spec["rows"] == max(t.row for t in tiles) + 1
    assert spec["colorbar"]["low"] == "0" and spec["colorbar"]["stops"] == list(tilemap.CIVIDIS)
    assert spec["mark"] == "MINH HỌA" and spec["clickable"]
    json.dumps(spec)  # what the browser receives: plain data


def test_a_click_reports_a_code_only_when_it_is_a_tile_of_the_map():
    assert tilemap.clicked_code("11", ["01", "11"]) == "11"
    assert tilemap.clicked_code("99", ["01", "11"]) is None  # a value the page never drew
    assert tilemap.clicked_code(None, ["01"]) is None
    assert tilemap.clicked_code(["11"], ["11"]) is None


# ---- the shaping behind the national layout (kcdash.pagedata) -----------------------


def by_year_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province_code": ["11", "11", "95", "95", "01", "01", "79"],
            "name_vi": ["A", "A", "B", "B", "C", "C", "D"],
            "name_en": ["A", "A", "B", "B", "C", "C", "D"],
            "year": [2008, 2009, 2008, 2009, 2008, 2009, 2009],
            "trainees": [10.0, 20.0, 5.0, None, 100.0, 200.0, 50.0],
            "new_jobs": [8.0, 10.0, 5.0, None, 50.0, None, 25.0],
        }
    )


def test_other_provinces_are_summed_per_year_and_missing_stays_missing():
    from kcdash import pagedata

    out = pagedata.with_others(
        by_year_frame(), ["95", "11"], by=["year"], sums=["trainees", "new_jobs"], other_names=("Khác", "Other")
    )
    assert list(out["province_code"]) == ["95", "95", "11", "11", "_other", "_other"]  # focus order, then the rest
    other = out[out["province_code"] == "_other"].set_index("year")
    assert other.loc[2008, "trainees"] == 100 and other.loc[2009, "trainees"] == 250
    assert other.loc[2009, "new_jobs"] == 25  # 01 has no figure that year: the sum is 79's, not a 0 added in
    assert other.loc[2008, "name_en"] == "Other"
    focus_95 = out[out["province_code"] == "95"].set_index("year")
    assert pd.isna(focus_95.loc[2009, "trainees"])  # the focus rows are untouched


def test_together_puts_the_sum_first_then_the_focus_and_ratios_are_of_sums():
    from kcdash import pagedata

    out = pagedata.together(
        by_year_frame(), by=["year"], sums=["trainees", "new_jobs"], names=("Tất cả", "All"), focus=["11"]
    )
    assert list(out["province_code"]) == ["_all", "_all", "11", "11"]
    everything = out[out["province_code"] == "_all"].set_index("year")
    assert everything.loc[2008, "trainees"] == 115 and everything.loc[2009, "trainees"] == 270
    ratio = pagedata.ratio(out, "new_jobs", "trainees", 100)
    assert ratio.iloc[0] == pytest.approx(100 * 63 / 115)  # (8 + 5 + 50) / (10 + 5 + 100)
    zero = pd.DataFrame({"a": [1.0], "b": [0.0]})
    assert pd.isna(pagedata.ratio(zero, "a", "b").iloc[0])  # nothing to divide by: no data, not infinity


def test_ranking_sorts_largest_first_missing_last_and_marks_the_focus():
    from kcdash import pagedata

    frame = pd.DataFrame({"province_code": ["a", "b", "c", "d"], "v": [5.0, None, 9.0, 5.0]})
    out = pagedata.ranking(frame, "v", ["b", "d"])
    assert list(out["province_code"]) == ["c", "a", "d", "b"]
    assert list(out["rank"].astype("object")) == [1, 2, 2, pd.NA]
    assert list(out["is_focus"]) == [False, False, True, True]
    assert pagedata.is_many(("a",) * 5) and not pagedata.is_many(("a",) * 4)


def test_cluster_reach_counts_existing_districts_and_has_no_share_without_a_list():
    from kcdash import pagedata

    districts = pd.DataFrame({"province_code": ["11", "11", "11", "95", "95", "01"]})
    without = pd.DataFrame({"province_code": ["11", "95", "95", "01"]})
    lists = pd.DataFrame(
        {"province_code": ["11", "95", "01"], "cluster_count": [2, 3, 0], "illustrative_count": [2, 0, 0]}
    )
    out = pagedata.cluster_reach(districts, without, lists).set_index("province_code")
    assert out.loc["11", "share_pct"] == pytest.approx(100 * 2 / 3)
    assert out.loc["95", "share_pct"] == 0  # a list exists and no district has a cluster: a real 0
    assert pd.isna(out.loc["01", "share_pct"])  # no cluster list at all: no data, never 0%
    hidden = pagedata.cluster_reach(districts, without, lists, hide_illustrative=True).set_index("province_code")
    assert pd.isna(hidden.loc["11", "share_pct"]) and hidden.loc["95", "share_pct"] == 0


def test_the_map_script_writes_text_never_markup():
    """Names and values come from the data (an import can carry any text): the browser side of the
    map sets them as text only, so a name like "<img onerror=…>" shows as those characters."""
    script = (REPO / "kcdash" / "assets" / "tile_map.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert "textContent" in script


def test_a_grid_of_few_columns_gets_larger_tiles_up_to_a_limit():
    assert tilemap.tile_px(8) == 44  # the provinces
    assert tilemap.tile_px(4) == 72  # a province's districts: not a thumbnail on a wide screen
    assert tilemap.tile_px(20) == 44
