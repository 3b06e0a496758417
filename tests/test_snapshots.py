"""As published on a date: a link opens an earlier snapshot (`snapshot=`, `asof_date=`), every
page says which one it shows, a banner leads back to the latest, bad values are messages; and
the steward console's "what changed" between two snapshots."""

from __future__ import annotations

import functools
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_store import BAC_LIEU_2014, DIEN_BIEN

from kcdash import auth, data, fmt, importer
from kcdash.data import Filters
from kcdash.ui import context, downloads
from kcdash.ui.snapshot import keep as snapshot_keep

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
CONSOLE = str(REPO / "pages" / "import_data.py")

TODAY = fmt.date(datetime.now(UTC).date().isoformat(), "vi")
BAC_LIEU = "95"


@pytest.fixture(scope="module")
def lake_dir(tmp_path_factory: pytest.TempPathFactory):
    """The bundled data, then two imports: snapshots 1 (bundled), 2 (Điện Biên), 3 (Bạc Liêu 2014)."""
    base = tmp_path_factory.mktemp("snapshots") / "bundled"
    shutil.copytree(REPO / "data", base, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock"))
    before = os.environ.get("DATA_DIR")
    os.environ["DATA_DIR"] = str(base)
    assert importer.commit(DIEN_BIEN.read_bytes(), "dien_bien.csv", base=str(base), user="lan").version == "2"
    assert importer.commit(BAC_LIEU_2014, "bac_lieu_2014.csv", base=str(base), user="lan").version == "3"
    yield base
    if before is None:
        os.environ.pop("DATA_DIR", None)
    else:
        os.environ["DATA_DIR"] = before


def bac_lieu_records() -> int:
    kpis = data.kpis(Filters(provinces=(BAC_LIEU,), year_from=2007, year_to=2014))
    return int(kpis["activity_count"].sum())


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return str(at.session_state[context.CTX_KEY].version["id"])


def plain(markdown: str) -> str:
    """Text as read on the page (the Markdown escapes dropped)."""
    return markdown.replace("\\", "")


def warnings(at: AppTest) -> list[str]:
    return [plain(w.value) for w in at.warning]


def banner(at: AppTest) -> list[str]:
    return [w for w in warnings(at) if "không phải số liệu mới nhất" in w or "not the latest" in w]


def version_caption(at: AppTest) -> list[str]:
    captions = [plain(c.value) for c in at.sidebar.caption]
    return [c for c in captions if c.startswith(("Số liệu: phiên bản", "Data: version"))]


def test_the_data_layer_reads_the_snapshot_asked_for_beside_the_latest(lake_dir):
    latest = bac_lieu_records()
    with data.showing(2):
        older = bac_lieu_records()
        assert data.data_version()["id"] == "2"
    assert latest == older + 2  # the two Bạc Liêu records of 2014 came with snapshot 3
    assert data.data_version()["id"] == "3" and data.latest_version_id() == "3"
    assert data.resolve_snapshot(on=datetime.now(UTC).date()) == 3
    with pytest.raises(data.UnknownSnapshot):
        data.resolve_snapshot(number=99)


def test_a_link_to_an_earlier_snapshot_shows_it_with_a_banner_and_its_label(lake_dir):
    at = app(snapshot="2")
    assert not at.exception
    assert shown(at) == "2"
    assert version_caption(at) == [f"Số liệu: phiên bản 2, ngày {TODAY}"]
    (text,) = banner(at)
    assert "phiên bản 2" in text and "phiên bản 3" in text
    back = at.button(key="snapshot-back")
    assert back.label == "Xem số liệu mới nhất"

    back.click().run()  # one click back to the latest: the parameter leaves the link
    assert not at.exception
    assert shown(at) == "3" and banner(at) == [] and "snapshot" not in at.query_params
    assert version_caption(at) == [f"Số liệu: phiên bản 3, ngày {TODAY}"]


def test_the_latest_has_its_label_and_no_banner(lake_dir):
    at = app()
    assert not at.exception and shown(at) == "3" and banner(at) == []
    assert version_caption(at) == [f"Số liệu: phiên bản 3, ngày {TODAY}"]
    at = app(lang="en")
    assert version_caption(at) == [f"Data: version 3, {datetime.now(UTC).date().isoformat()}"]


def test_the_snapshot_stays_on_a_page_switch(lake_dir):
    at = app(snapshot="2")
    at.switch_page("pages/training.py").run()
    assert not at.exception
    assert shown(at) == "2" and at.query_params["snapshot"] in ("2", ["2"]) and len(banner(at)) == 1


def test_a_date_opens_the_last_snapshot_made_on_or_before_it(lake_dir):
    at = app(asof_date=datetime.now(UTC).date().isoformat())
    assert not at.exception and shown(at) == "3" and banner(at) == []  # the latest: no banner


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"snapshot": "abc"}, "Đường dẫn hỏi phiên bản “abc”, nhưng đó không phải số phiên bản."),
        ({"snapshot": "99"}, "Không có phiên bản số liệu 99."),
        ({"snapshot": "-1"}, "Đường dẫn hỏi phiên bản “-1”, nhưng đó không phải số phiên bản."),
        ({"asof_date": "2026-13-45"}, "Đường dẫn hỏi ngày “2026-13-45”, nhưng ngày phải viết dạng năm-tháng-ngày"),
        ({"asof_date": "hôm qua"}, "Đường dẫn hỏi ngày “hôm qua”, nhưng ngày phải viết dạng năm-tháng-ngày"),
        ({"asof_date": "2000-01-01"}, "Chưa có phiên bản số liệu nào vào hoặc trước ngày 01/01/2000."),
        ({"snapshot": "7", "lang": "en"}, "There is no data version 7. Showing the latest figures."),
    ],
)
def test_a_value_naming_no_snapshot_is_a_message_and_the_latest(lake_dir, params, message):
    at = app(**params)
    assert not at.exception
    assert shown(at) == "3" and banner(at) == []
    assert [w for w in warnings(at) if w.startswith(message)], warnings(at)


def test_downloads_and_their_notes_are_of_the_snapshot_shown(lake_dir):
    with data.showing(2):
        notes, text = downloads.download_notes("vi", True)
    assert f" Số liệu: phiên bản 2, ngày {TODAY} " in text
    assert notes.iloc[1, 0] == f"Số liệu: phiên bản 2, ngày {TODAY}"  # under what is illustrative
    # a download made when clicked, after the page's run: still the snapshot the page showed
    from kcdash.ui import snapshot

    with data.showing(2):
        later = snapshot.keep(bac_lieu_records)
    assert later() == bac_lieu_records() - 2


def test_a_csv_download_names_the_snapshot_shown_on_every_row_and_stays_a_plain_table(lake_dir):
    """A CSV file has no notes sheet: the data version rides as a column beside the illustrative
    mark, so the file still reads as one header row and data rows in any CSV reader."""
    import csv
    import io

    frame = downloads.flag_frame(pd.DataFrame({"Năm": [2013, 2014]}), True)
    for lang, label in (("vi", f"Số liệu: phiên bản 2, ngày {TODAY}"), ("en", "Data: version 2, ")):
        with data.showing(2):
            maker = snapshot_keep(functools.partial(downloads.csv_with_version, frame, lang=lang))
        rows = list(csv.reader(io.StringIO(maker().decode("utf-8-sig"))))  # made after the run, as a click does
        assert rows[0] == ["is_illustrative", "data_version", "Năm"]
        assert [r[2] for r in rows[1:]] == ["2013", "2014"]
        assert all(r[1].startswith(label) for r in rows[1:]), rows
    latest = downloads.csv_with_version(frame, lang="vi").decode("utf-8-sig")
    assert f"Số liệu: phiên bản 3, ngày {TODAY}" in latest  # the latest when no older one is shown


def test_the_report_names_the_snapshot_it_was_drawn_from(lake_dir):
    from kcdash.report.content import blocks_text, build

    with data.showing(2):
        report = build(Filters(provinces=(BAC_LIEU,), year_from=2007, year_to=2014), "vi", "all")
    assert f"Số liệu: phiên bản 2, ngày {TODAY}" in blocks_text(report)


# ---- the steward console: what changed ---------------------------------------------------------
def console(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(CONSOLE, default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.session_state["lang"] = lang
    return at.run()


def _table(at: AppTest, first_column: str):
    return next(d.value for d in at.dataframe if list(d.value.columns)[:1] == [first_column])


def test_the_console_shows_what_changed_between_the_latest_and_the_one_before(lake_dir):
    at = console()
    assert not at.exception
    assert at.selectbox(key="changes_before").value == 2 and at.selectbox(key="changes_after").value == 3
    assert "Không có số liệu công bố nào được thêm, sửa hay bỏ." in [c.value for c in at.caption]
    records = _table(at, "Tỉnh")
    assert list(records.columns) == ["Tỉnh", "Năm", "Bản ghi thêm", "Bản ghi bỏ"]
    assert records.values.tolist() == [["Bạc Liêu", "2014", "2", "0"]]
    sums = next(d.value for d in at.dataframe if "Kinh phí sau (triệu đồng)" in d.value.columns)
    row = sums[sums["Tỉnh"] == "Bạc Liêu"].iloc[0]
    assert int(row["Số đề án sau"].replace(".", "")) == int(row["Số đề án trước"].replace(".", "")) + 2
    before = float(row["Kinh phí trước (triệu đồng)"].replace(".", "").replace(",", "."))
    after = float(row["Kinh phí sau (triệu đồng)"].replace(".", "").replace(",", "."))
    assert after == pytest.approx(before + 1350.5)  # 150,5 + 1.200 million VND, written the Vietnamese way
    assert "," in row["Kinh phí sau (triệu đồng)"]


def test_the_console_compares_any_two_versions_in_english(lake_dir):
    at = console("en")
    at.selectbox(key="changes_before").select(1).run()
    assert not at.exception
    records = _table(at, "Province")
    assert set(records["Province"]) == {"Dien Bien", "Bac Lieu"}
    assert list(records.columns) == ["Province", "Year", "Records added", "Records removed"]
    tables = _table(at, "Table")
    assert list(tables.columns) == ["Table", "Rows before", "Rows after", "Records added", "Records removed"]
    at.selectbox(key="changes_after").select(1).run()
    assert "Choose two different versions." in [i.value for i in at.info]


def test_changed_figures_read_in_the_stewards_words_and_numbers():
    from kcdash import version_changes

    found = pd.DataFrame(
        {
            "figure_id": ["bl_budget", "db_jobs", "hn_trainees"],
            "change": ["changed", "removed", "added"],
            "province_code": [BAC_LIEU, "11", "01"],
            "metric": ["budget_million_vnd", "new_jobs", "trainees"],
            "period_label": ["2008–2013", "2007–2012", "2021"],
            "unit": ["million_vnd", "people", "people"],
            "value_before": [6788.9, 3530.0, None],
            "value_after": [7000.0, None, 12345.0],
        }
    )
    names = {BAC_LIEU: "Bạc Liêu", "11": "Điện Biên", "01": "Hà Nội"}
    table = version_changes._figures(found, names, "vi")
    assert list(table.columns) == [
        "Thay đổi",
        "Tỉnh",
        "Chỉ tiêu",
        "Kỳ báo cáo",
        "Giá trị trước",
        "Giá trị sau",
        "Mã số liệu",
    ]
    assert table.values.tolist() == [
        ["sửa", "Bạc Liêu", "Kinh phí", "2008–2013", "6.788,9", "7.000", "bl_budget"],
        ["bỏ", "Điện Biên", "Việc làm mới", "2007–2012", "3.530", "—", "db_jobs"],
        ["thêm mới", "Hà Nội", "Học viên", "2021", "—", "12.345", "hn_trainees"],
    ]
    assert version_changes._figures(found, names, "en").iloc[0].tolist()[:3] == ["changed", "Bạc Liêu", "Budget"]
