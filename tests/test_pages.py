"""The dashboard driven headlessly (streamlit.testing AppTest): every page in both languages,
filters from the URL, filter changes that must move a number to a value worked out here with
pandas straight from data/*.csv (not through the queries the pages use)."""

from __future__ import annotations

import base64
import contextlib
import csv
import dataclasses
import html
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from st_client import frames, tile_maps
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from kcdash import charts, pagedata, store
from kcdash.i18n import t
from kcdash.schema import STAGES

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
DATA = REPO / "data"

PAGES = {
    "pages/overview.py": "page.overview",
    "pages/training.py": "page.training",
    "pages/budget.py": "page.budget",
    "pages/clusters.py": "page.clusters",
    "pages/compare.py": "page.compare",
    "pages/data_sources.py": "page.data_sources",
}


# ---- expected values, straight from the CSV files -------------------------------------------


@pytest.fixture(scope="module")
def activities() -> pd.DataFrame:
    return pd.read_csv(DATA / "activities.csv", dtype={"province_code": str, "district_code": str})


def vi(n: float, decimals: int = 0) -> str:
    """Vietnamese number writing, done independently of kcdash.fmt: 3530 -> 3.530."""
    text = f"{n:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def en(n: float, decimals: int = 0) -> str:
    return f"{n:,.{decimals}f}"


def reached_year(cluster: pd.Series, stage: str) -> float | None:
    """Year a cluster reached `stage` (or a later one); a missing stage year falls back to the
    next known stage year, then to as_of_year. None when it has not reached the stage."""
    k = STAGES.index(stage)
    if STAGES.index(cluster["stage"]) < k:
        return None
    later = [cluster[f"{s}_year"] for s in STAGES[k:] if pd.notna(cluster[f"{s}_year"])]
    return min(later) if later else cluster["as_of_year"]


def districts_with_cluster(province: str, stage: str, year: int) -> tuple[int, int]:
    """(districts that existed in `year` with a cluster at `stage` by then, districts that existed)."""
    districts = pd.read_csv(DATA / "districts.csv", dtype={"district_code": str, "province_code": str})
    clusters = pd.read_csv(DATA / "clusters.csv", dtype={"district_code": str, "province_code": str})
    existing = districts[
        (districts.province_code == province) & (districts.first_year <= year) & (districts.last_year >= year)
    ]
    with_cluster = {
        c.district_code for _, c in clusters.iterrows() if (y := reached_year(c, stage)) is not None and y <= year
    }
    return len(set(existing.district_code) & with_cluster), len(existing)


# ---- driving the app ------------------------------------------------------------------------


class ServerLikePagesManager(PagesManager):
    """A running server decides once, at its first request, that this app is not an old-style
    "pages/ folder" app (app.py calls st.navigation). AppTest forgets that before every run, so
    each rerun would replay the first-request path; this keeps the server's view after run one.
    test_first_request_for_a_page_runs_the_entry_point covers the first-request path itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def server_like_pages(request, monkeypatch):
    if "first_request" not in request.node.name:
        monkeypatch.setattr(app_test_module, "PagesManager", ServerLikePagesManager)


def open_app(page_path: str | None = None, **params) -> AppTest:
    """The app as a first request with these query parameters, then (optionally) a page switch."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page_path:
        at.switch_page(page_path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.label for e in at.expander]  # the status line, the notes lines
    parts += [html.unescape(e.proto.body) for e in at.get("html")]  # the overview's key figures
    return "\n".join(parts).replace("\\", "")  # markdown escapes do not matter here


def test_first_request_for_a_page_runs_the_entry_point(activities):
    """Regression: before app.py has ever run, Streamlit runs pages/<name>.py on its own for
    /<name> (old multipage mode), without the sidebar filters; kcdash.ui.context.ensure_entrypoint
    reruns so app.py draws the filters and reads the link's parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["prov"] = "95"
    at.run()
    PagesManager.uses_pages_directory = None  # as in a fresh server process
    at.switch_page("pages/training.py").run()
    assert not at.exception
    assert [x.value for x in at.title] == [t("page.training", "vi")]
    assert at.multiselect(key="prov").value == ["95"]
    assert metric(at, "Học viên") == vi(activities[activities.province_code == "95"].trainees.sum())


# ---- every page, both languages -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_in_both_languages(page, lang):
    at = open_app(page, **({"lang": "en"} if lang == "en" else {}))
    assert [x.value for x in at.title] == [t(PAGES[page], lang)]
    assert not at.error
    # the illustrative records are flagged on every page that shows them, in its status line
    assert any(t("mark.illustrative", lang) in e.label for e in at.expander)
    # every chart is drawn as built, with the dashboard's template, not re-themed by Streamlit in
    # the browser (its text follows the page's theme by CSS: tests/test_browser.py)
    specs = [(c.proto.theme, json.loads(c.proto.spec)["layout"].get("template")) for c in at.get("plotly_chart")]
    assert all(spec == ("", charts.TEMPLATE) for spec in specs)
    assert specs or page in ("pages/overview.py", "pages/data_sources.py")  # cards, maps, tables there


def test_first_load_shows_the_published_figures_with_quotes():
    at = open_app()
    body = texts(at)
    assert "3.530 người" in body  # Điện Biên, new jobs 2007–2012
    assert "6.788,9 triệu đồng" in body  # Bạc Liêu, total budget 2008–2013
    assert "6,79 tỷ đồng" in body
    assert "cho 3.530 lao động mới có việc làm" in body  # the quote itself
    # sources cited by their title (the kept file is one click away on the data page)
    assert "nguồn: [Khuyến công Điện Biên sau 5 năm thực hiện Quyết định 136/2007/QĐ-TTg (2007–2012)]" in body
    assert "nguồn: [Hoạt động khuyến công tỉnh Bạc Liêu giai đoạn 2008–2013]" in body
    assert "000_abb7fff8aed286fe.txt" not in body
    assert "gần 4 tỷ đồng" in body and "4,00 tỷ đồng" not in body  # no false decimals
    assert "chưa có số liệu" in body  # e.g. Bạc Liêu's trainees: not in the report, not 0
    assert "Cà Mau" in body  # the 2025 merger note for Bạc Liêu


def test_overview_english_formats():
    at = open_app(lang="en")
    body = texts(at)
    assert "3,530 people" in body
    assert "6,788.9 million VND" in body and "6.79 billion VND" in body
    assert "no data" in body


# ---- behaviour: change a filter, check the number -------------------------------------------


def test_choosing_one_province_gives_its_record_sums(activities):
    at = open_app("pages/training.py")
    at.multiselect(key="prov").set_value(["11"]).run()
    db = activities[activities.province_code == "11"]
    assert metric(at, "Học viên") == vi(db.trainees.sum())  # 4.026
    assert metric(at, "Việc làm mới") == vi(db.new_jobs.sum())
    assert metric(at, "Việc làm mới trên 100 học viên") == vi(100 * db.new_jobs.sum() / db.trainees.sum(), 1)


def test_year_range_changes_the_sums(activities):
    at = open_app("pages/training.py", prov="11")
    at.slider(key="years").set_value((2008, 2010)).run()
    scope = activities[(activities.province_code == "11") & activities.year.between(2008, 2010)]
    assert metric(at, "Học viên") == vi(scope.trainees.sum())  # 1.837


def test_query_params_set_the_filters_in_english(activities):
    at = open_app("pages/budget.py", lang="en", prov="95", years=["2008", "2013"], fund=["kcdp"])
    assert at.session_state["prov"] == ["95"]
    assert at.session_state["years"] == (2008, 2013)
    assert at.session_state["fund"] == ["kcdp"]
    assert at.multiselect(key="prov").value == ["95"]
    assert at.multiselect(key="prov").format_func("95") == "Bac Lieu"
    scope = activities[
        (activities.province_code == "95") & activities.year.between(2008, 2013) & (activities.fund_code == "kcdp")
    ]
    assert metric(at, "Budget (million VND)") == en(scope.budget_million_vnd.sum(), 1)


def test_craft_and_activity_filters_from_the_url(activities):
    at = open_app("pages/training.py", craft="tea_processing", act="nd45_1")
    scope = activities[(activities.craft_code == "tea_processing") & (activities.activity_type_code == "nd45_1")]
    assert metric(at, "Học viên") == vi(scope.trainees.sum())


def test_districts_are_limited_to_the_chosen_provinces():
    at = open_app(prov="11", dist=["098", "956"])  # 956 is a Bạc Liêu district
    assert at.session_state["dist"] == ["098"]
    options = at.multiselect(key="dist").options
    districts = pd.read_csv(DATA / "districts.csv", dtype=str)
    names = [
        n if n.startswith(("TP ", "TX ")) else f"huyện {n}" for n in districts[districts.province_code == "11"].name_vi
    ]
    assert options == names  # with their kind: "huyện Điện Biên" is never read as the province
    at.multiselect(key="prov").set_value(["95"]).run()
    assert at.multiselect(key="dist").value == []  # Tủa Chùa dropped with Điện Biên
    assert at.session_state["_kc_ctx"].filters.districts == ()


def test_language_switch_keeps_the_filters():
    at = open_app(prov="95")
    at.button_group(key="lang").set_value("en").run()
    assert at.session_state["lang"] == "en"
    assert at.session_state["prov"] == ["95"]
    assert at.multiselect(key="prov").value == ["95"]
    assert [x.value for x in at.title] == ["Overview"]


def test_reset_restores_every_filter():
    at = open_app(prov="95", years=["2009", "2010"], craft="tea_processing")
    at.button(key="reset_filters").click().run()
    assert at.session_state["prov"] == ["11", "95"]
    assert at.session_state["years"] == (2007, 2013)
    assert at.session_state["craft"] == []


def test_the_link_carries_codes_leaves_defaults_out_and_drops_a_left_pages_control():
    """What a person copies from the address bar after each step (kcdash.ui.url.coded_widget)."""
    at = open_app("pages/budget.py")
    assert not {"prov", "lang", "view", "mode"} & set(at.query_params)  # the default view: a bare link
    at.multiselect(key="prov").set_value(["95"]).run()
    assert at.query_params["prov"] == "95"  # Bạc Liêu's code, not its name
    at.button_group(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en" and at.query_params["prov"] == "95"
    at.multiselect(key="prov").set_value([]).run()
    assert at.query_params["prov"] == ""  # nothing chosen is not the default (all provinces)
    assert at.info[0].value == t("empty.no_province", "en")
    at.multiselect(key="prov").set_value(["95", "11"]).run()
    assert "prov" not in at.query_params  # both again, in another order: the default
    at.segmented_control(key="view").set_value("parts").run()
    assert at.query_params["view"] == "parts"
    at.switch_page("pages/clusters.py").run()
    assert "view" not in at.query_params  # the budget page's own control went with the page
    assert at.query_params["lang"] == "en"  # the sidebar's stayed

    stale = open_app(prov=["99", "xx"], lang="fr", focus=["11", "95", "11"])
    assert stale.session_state["prov"] == ["11", "95"]  # unknown codes only: the default, not nothing
    assert stale.session_state["lang"] == "vi"
    assert stale.session_state["focus"] == ["11", "95"]  # a repeated code once
    assert not {"prov", "lang", "focus"} & set(stale.query_params)  # and the link corrected


# ---- edge states ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_no_province_chosen_says_so(page):
    at = open_app(page, prov="")  # ?prov= clears the widget
    assert [i.value for i in at.info] == [t("empty.no_province", "vi")]
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", ["pages/training.py", "pages/budget.py", "pages/data_sources.py"])
def test_filters_that_select_no_record_say_so(page, activities):
    # a Bạc Liêu craft in Điện Biên: no record has both
    assert activities[(activities.province_code == "11") & (activities.craft_code == "mechanical_repair")].empty
    at = open_app(page, prov="11", craft="mechanical_repair")
    assert t("empty.no_records", "vi") in [i.value for i in at.info]


def compare_notes(at: AppTest) -> list[str]:
    """The compare page's notes: the list behind its one notes line (an expander)."""
    box = next(e for e in at.expander if "compare" in e.label or "so sánh" in e.label)
    return [line[2:].replace("\\", "") for m in box.markdown for line in m.value.split("\n") if line.startswith("- ")]


@pytest.mark.parametrize("page", list(PAGES))
def test_a_single_province_works_everywhere(page):
    at = open_app(page, prov="95", lang="en")
    assert not at.error
    if page == "pages/compare.py":
        assert any("Only one province" in n for n in compare_notes(at))


def test_compare_notes_the_different_published_periods():
    at = open_app("pages/compare.py")
    notes = compare_notes(at)
    assert not at.info  # one line that opens the notes, no box per note above the table
    assert any("2007–2012" in n and "2008–2013" in n for n in notes)
    # one side has no published figure: said in words, per province (neither report gives
    # trainees, so that is no difference between them)
    assert any(n.startswith("Bạc Liêu:") and "Việc làm mới" in n and "Học viên" not in n for n in notes)
    assert any(n.startswith("Điện Biên:") and "Kinh phí · KCĐP" in n for n in notes)
    published = next(df for df in frames(at) if "Bạc Liêu" in df.columns and len(df) == 5)
    row = published[published["Chỉ tiêu"] == "Việc làm mới"].iloc[0]
    assert row["Điện Biên"] == "3.530 người (2007–2012)"
    assert row["Bạc Liêu"] == "chưa có số liệu (báo cáo không nêu)"


# ---- clusters -------------------------------------------------------------------------------


def test_overview_clusters_x_of_y_districts():
    at = open_app(prov="11")  # default period: the report's own, 2007–2012
    x, y = districts_with_cluster("11", "established", 2012)
    body = texts(at)
    assert f'Danh sách cụm minh họa, năm 2012: <b class="kc-fig kc-fig-rec">{x}/{y} huyện</b>' in body  # secondary
    assert t("cards.cluster_warning", "vi") in body  # its own warning


@pytest.mark.parametrize("stage", ["planned", "operating"])
def test_cluster_stage_from_the_url(stage):
    at = open_app("pages/clusters.py", prov="95", stage=stage, asof="2012")
    x, y = districts_with_cluster("95", stage, 2012)
    label = t("clusters.metric", "vi", stage=t(f"stage.{stage}", "vi"), year=2012)
    assert metric(at, label) == f"{x}/{y} huyện (minh họa)"


def test_cluster_goal_is_drawn_and_illustrative_goal_is_said():
    at = open_app("pages/clusters.py")
    body = texts(at)
    assert "Phấn đấu mỗi huyện thành lập được 01 cụm công nghiệp" in body  # Điện Biên's real goal
    assert "Mục tiêu minh họa" in body  # Bạc Liêu's goal is not in its report


# ---- data and sources -----------------------------------------------------------------------


def test_records_are_paged(activities):
    at = open_app("pages/data_sources.py", size="25", page="2")
    body = texts(at)
    assert f"Hàng 26–50 trong {vi(len(activities))} bản ghi" in body
    shown = frames(at)[0]
    assert len(shown) == 25
    expected = activities.sort_values(["year", "activity_id"]).activity_id.iloc[25:50].tolist()
    assert shown[t("col.activity_id", "vi")].tolist() == expected
    assert {b.label for b in at.get("download_button")} >= {"Tải CSV", "Tải Excel", "Tải Parquet"}


def test_records_search_ignores_marks_and_the_order_covers_every_record(activities):
    """Typed without marks, "MAY TRE" finds the titles with "mây tre"; ordered by budget, page 1
    holds the largest budgets of every matching record, not of one page."""
    at = open_app("pages/data_sources.py", q="MAY TRE", sort="budget", size="25")
    box = at.text_input(key="q")
    assert box.placeholder == "Ví dụ: mây tre hoặc may tre, 11-2007"  # not the browser's English "Search"
    hits = activities[activities["title_vi"].str.lower().str.contains("mây tre")].copy()
    assert 0 < len(hits) < len(activities)
    body = texts(at)
    assert f"Hàng 1–{min(25, len(hits))} trong {vi(len(hits))} bản ghi có “MAY TRE”" in body
    hits["budget"] = hits["budget_million_vnd"].astype(float)
    hits["year_n"] = hits["year"].astype(int)
    hits = hits.sort_values(["budget", "year_n", "activity_id"], ascending=[False, True, True], na_position="last")
    shown = frames(at)[0]
    assert shown[t("col.activity_id", "vi")].tolist() == hits["activity_id"].iloc[:25].tolist()

    everything = open_app("pages/data_sources.py", sort="budget", size="25")
    ids = frames(everything)[0][t("col.activity_id", "vi")].tolist()
    budgets = activities["budget_million_vnd"].astype(float)
    assert ids[0] == activities.loc[budgets.idxmax(), "activity_id"]  # the largest of all 339
    assert f"Hàng 1–25 trong {vi(len(activities))} bản ghi" in texts(everything)


def test_records_search_without_a_match_says_so_and_shows_the_text_as_text():
    at = open_app("pages/data_sources.py", q="**đậm** [x](http://e.vn)", lang="en")
    notes = [i.value for i in at.info]
    assert any("No record in the chosen filters has" in n for n in notes), notes
    shown = next(n for n in notes if "No record in the chosen filters" in n)
    assert "\\*\\*đậm\\*\\*" in shown and "\\[x\\]" in shown  # escaped: no bold, no link
    assert not [df for df in frames(at) if t("col.activity_id", "en") in df.columns]  # no records table


def test_a_new_search_or_order_starts_again_on_page_1(activities):
    at = open_app("pages/data_sources.py", size="25", page="3")
    assert "Hàng 51–75" in texts(at)
    at.text_input(key="q").set_value("đào tạo").run()
    assert "Hàng 1–25 trong" in texts(at)
    at.session_state["page"] = 2
    at.run()
    assert "Hàng 26–50 trong" in texts(at)
    at.selectbox(key="sort").set_value("trainees").run()
    assert "Hàng 1–25 trong" in texts(at)
    assert at.query_params["sort"] in ("trainees", ["trainees"])  # a code in the link, as every filter


def test_data_page_has_version_glossary_and_reconciliation():
    at = open_app("pages/data_sources.py", lang="en")
    body = texts(at)
    shown = store.active_version(str(DATA))  # the bundled folder's manifest, or the lake's version 1 make run made
    assert str(shown["created_at"])[:10] in body  # ISO in English (dd/mm/yyyy in Vietnamese)
    headers = [list(df.columns) for df in frames(at)]
    assert ["Term", "Meaning"] not in headers  # the reference tables are drawn once their box is opened
    at.session_state["glossary-box"] = True
    at.run()
    headers = [list(df.columns) for df in frames(at)]
    assert ["Term", "Meaning"] in headers
    assert ["Clause", "Khuyến công content", "Legal basis"] in headers
    recon = next(df for df in frames(at) if "Reconciliation" in df.columns)
    row = recon[recon["Published"] == "3,530 people"].iloc[0]
    assert row["Reconciliation"] == "match"


# ---- broken data ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_invalid_data_shows_the_problems_not_a_traceback(tmp_path, monkeypatch, lang):
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock"))
    provinces = (broken / "provinces.csv").read_text(encoding="utf-8")
    (broken / "provinces.csv").write_text(provinces.replace(",#0072B2,7,", ",#0072B2,x,"), encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(broken))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert t("app.data_invalid", lang, n=1) in errors
    assert "provinces.csv" in errors and ("không phải là số" if lang == "vi" else "is not a number") in errors


def test_unreadable_storage_gives_a_plain_message_and_the_server_log_the_reason(monkeypatch, caplog):
    """Object storage that cannot be read (no credentials, no extension, no network): the viewer
    sees the plain message, not the reason; the operator finds the reason in the server log."""
    from kcdash import db as db_mod

    def unreachable(con, uri):
        raise RuntimeError("NoCredentialsError: Unable to locate credentials for s3://ministry-kc")

    monkeypatch.setattr(db_mod, "_load_remote_extension", unreachable)
    monkeypatch.setenv("DATA_DIR", "s3://ministry-kc/store")
    with caplog.at_level("ERROR", logger="kcdash.app"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert t("app.data_unreadable", "vi") in shown
    assert "NoCredentialsError" not in shown and "NoCredentialsError" not in texts(at)
    logged = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records)
    assert "s3://ministry-kc/store cannot be read" in logged
    assert any(r.exc_info and "NoCredentialsError" in str(r.exc_info[1]) for r in caplog.records)


# ---- the page data layer --------------------------------------------------------------------


def test_pagedata_functions_return_typed_named_parts(activities):
    from kcdash import pagedata
    from kcdash.data import Filters

    f = Filters(provinces=("11", "95"), year_from=2007, year_to=2013)
    results = {
        "overview": pagedata.overview(f),
        "training": pagedata.training(f),
        "budget": pagedata.budget(f),
        "clusters": pagedata.clusters(f, "established", 2013),
        "compare": pagedata.compare(f),
        "data_sources": pagedata.data_sources(f, page=1, page_size=50),
    }
    for name, parts in results.items():
        frames = [getattr(parts, field.name) for field in dataclasses.fields(parts)]
        assert frames and any(isinstance(v, pd.DataFrame) for v in frames), name
        with pytest.raises(dataclasses.FrozenInstanceError):  # a page cannot swap a part
            setattr(parts, dataclasses.fields(parts)[0].name, pd.DataFrame())
    data_sources = results["data_sources"]
    assert len(data_sources.records) == 50  # one page, not every record
    assert data_sources.record_count == len(activities)
    kpis = results["compare"].aligned.set_index("province_code")
    dien_bien = activities[activities.province_code == "11"]
    assert kpis.loc["11", "trainees_per_district"] == pytest.approx(dien_bien.trainees.sum() / 10)


def test_pages_stay_thin():
    """Pages and the entry point never touch DuckDB, SQL or files: they go through pagedata."""
    for path in [
        REPO / "app.py",
        *(
            REPO / "pages" / f"{p}.py"
            for p in ("overview", "training", "budget", "clusters", "compare", "data_sources")
        ),
    ]:
        source = path.read_text(encoding="utf-8")
        for forbidden in (
            "duckdb",
            "kcdash.db import Database",
            "select ",
            "read_csv",
            "read_parquet",
            "open(",
            "from kcdash import data",
            "kcdash.data import run",
        ):
            assert forbidden not in source, f"{path.name}: {forbidden}"


# ---- published first, data mode, marks, downloads --------------------------------------


def test_overview_headline_is_published_and_records_are_secondary_and_marked(activities):
    at = open_app()
    body = texts(at)
    # Bạc Liêu's budget headline is the report's figure; its records' sum covers the same years
    scope = activities[(activities.province_code == "95") & activities.year.between(2008, 2013)]
    assert '<strong class="kc-fig">6.788,9 triệu đồng (6,79 tỷ đồng)</strong>' in body
    budget = vi(scope.budget_million_vnd.sum(), 1)
    assert f'Tổng bản ghi minh họa 2008–2013: <b class="kc-fig kc-fig-rec">{budget} triệu đồng</b>' in body
    assert "Tổng bản ghi trên các ô tính cho đúng kỳ báo cáo 2008–2013." in body
    # no report gives Bạc Liêu's trainees: the headline says so, the records' sum is marked
    assert '<div class="kc-g-none">chưa có số liệu (báo cáo không nêu)</div>' in body  # small type
    assert '<span class="kc-badge">MINH HỌA</span>' in body


def test_years_outside_the_report_are_named():
    at = open_app(prov="95", years=["2007", "2013"])
    at.slider(key="years").set_value((2007, 2012)).run()
    assert "Bộ lọc 2007–2012 gồm năm không có báo cáo nào nói đến: 2007" in texts(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_published_mode_shows_no_illustrative_number(page, activities):
    at = open_app(page, mode="published")
    assert at.session_state["mode"] == "published"
    body = texts(at)
    assert "MINH HỌA" not in body and ":orange-badge" not in body and 'class="kc-badge"' not in body
    assert not at.get("plotly_chart")  # every chart here is drawn from illustrative records
    # only the clusters page's district map may stay: it shows sourced clusters only, the rest "no data"
    maps = tile_maps(at)
    assert all(not m["mark"] and m["title"].startswith("Giai đoạn cụm") for m in maps), page
    if page == "pages/clusters.py":  # the district map stays, its illustrative stages shown as "no data"
        assert maps and {t["value"] for t in maps[0]["tiles"]} <= {"–", "—", "0", "1", "2", "3", "4", "5"}
    for _, p in activities.groupby("province_code"):
        for value in (p.trainees.sum(), p.new_jobs.sum()):
            assert vi(value) not in body  # record sums of the whole data range
    assert "4.026" not in body and "3/10 huyện" not in body and "5/7 huyện" not in body


def test_published_mode_keeps_every_published_figure():
    body = texts(open_app(mode="published"))
    for figure in ("3.530 người", "gần 4 tỷ đồng", "6.788,9 triệu đồng", "2.768,9 triệu đồng", "4.020 triệu đồng"):
        assert figure in body
    assert "chưa có số liệu (báo cáo không nêu)" in body


def test_missing_cluster_list_is_no_data_not_zero(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock", "*.parquet"))
    clusters = (folder / "clusters.csv").read_text(encoding="utf-8").splitlines()
    (folder / "clusters.csv").write_text("\n".join(x for x in clusters if ",95," not in x) + "\n", encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(folder))
    at = open_app("pages/clusters.py", prov="95", asof="2012")
    label = t("clusters.metric", "vi", stage=t("stage.established", "vi"), year=2012)
    assert metric(at, label) == "chưa có số liệu"  # regression: showed 0/7 and 0,0 %
    assert t("cards.cluster_list_missing", "vi") in texts(at)
    overview = texts(open_app(prov="95"))
    assert t("cards.cluster_list_missing", "vi") in overview
    assert "0/7" not in overview and "0,0%" not in overview
    compare = open_app("pages/compare.py", prov=["11", "95"])
    aligned = next(df for df in frames(compare) if t("col.measure", "vi") in df.columns)
    row = aligned[aligned[t("col.measure", "vi")] == t("measure.districts_with_cluster_pct", "vi")].iloc[0]
    assert row["Bạc Liêu"] == "chưa có số liệu"  # not "0,0%"
    assert row["Điện Biên"].endswith("(minh họa)")  # Điện Biên's list is illustrative: marked


def test_downloads_carry_the_flag_and_the_sources():
    import io

    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    from kcdash import fmt
    from kcdash.ui import downloads

    frame = downloads.flag_frame(pd.DataFrame({"Năm": [2008, 2009]}), True)
    assert list(frame.columns) == ["is_illustrative", "Năm"] and frame["is_illustrative"].tolist() == [True, True]
    per_row = downloads.flag_frame(pd.DataFrame({"x": [1, 2]}), pd.Series([True, False]))
    assert per_row["is_illustrative"].tolist() == [True, False]
    notes, text = downloads.download_notes("vi", True)
    assert text.startswith(t("download.note_illustrative", "vi"))
    assert "[Hoạt động khuyến công tỉnh Bạc Liêu giai đoạn 2008–2013] (003_fb7c3762907f9266.txt)" in text
    wb = load_workbook(io.BytesIO(fmt.to_excel_bytes(frame, notes=notes, notes_sheet="ghi chú")))
    cells = [c.value for row in wb["ghi chú"].iter_rows() for c in row if c.value]
    assert "003_fb7c3762907f9266.txt" in cells and wb["data"]["A1"].value == "is_illustrative"
    # what a download button builds when clicked (the notes are made then, not on every rerun)
    clicked = load_workbook(io.BytesIO(downloads.excel_with_notes(frame, lang="vi", illustrative=True)))
    sheet = clicked[t("download.notes_sheet", "vi")]
    assert [c.value for row in sheet.iter_rows() for c in row if c.value] == cells
    meta = pq.read_schema(io.BytesIO(downloads.parquet_with_note(frame, lang="vi", illustrative=True))).metadata
    assert meta[b"kcdash.note"].decode("utf-8") == text


def test_a_download_makes_its_frame_only_when_clicked_and_gives_the_rows_shown(monkeypatch):
    """`kcdash.ui.downloads.downloads` hands each button a function: the frame of the file (headers
    people see, numbers as numbers, the illustrative flag per row) is made on the click, not on
    every change."""
    from kcdash.ui import downloads, tables

    made: list[int] = []
    export = tables.export_frame
    monkeypatch.setattr(tables, "export_frame", lambda *a: made.append(1) or export(*a))
    buttons: dict[str, object] = {}
    monkeypatch.setattr(
        downloads.st, "download_button", lambda label, *, data, file_name, **_: buttons.update({file_name: data})
    )
    monkeypatch.setattr(downloads.st, "container", lambda **_: contextlib.nullcontext())
    df = pd.DataFrame({"year": [2008, 2009], "trainees": [70, None], "is_illustrative": [True, False]})
    columns = [("year", "col.year", None), ("trainees", "col.trainees", None)]
    downloads.downloads(df, columns, "vi", key="k", file_stem="f", formats=("csv",))
    assert made == [] and list(buttons) == ["f.csv"]  # nothing made before the click
    text = buttons["f.csv"]().decode("utf-8-sig")
    assert made == [1]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["is_illustrative", "data_version", t("col.year", "vi"), t("col.trainees", "vi")]
    version = pagedata.version_label(pagedata.data_version(), "vi")  # the data the page showed, on every row
    assert rows[1][:3] == ["True", version, "2008"] and rows[1][3] in ("70", "70.0")
    assert rows[2][:3] == ["False", version, "2009"] and rows[2][3] == ""  # missing stays empty, never 0


def test_data_page_cites_sources_by_title_with_the_file_a_click_away():
    at = open_app("pages/data_sources.py")
    labels = [e.label for e in at.expander]
    assert (
        "Đọc nguyên văn: [Hoạt động khuyến công tỉnh Bạc Liêu giai đoạn 2008–2013] (tệp 003_fb7c3762907f9266.txt)"
        in labels
    )
    assert not at.text  # a report's text is sent only once its box is opened, not on every rerun
    at.session_state["source-003_fb7c3762907f9266.txt"] = True  # the reader opens its box
    at.run()
    body = " ".join(x.value for x in at.text)  # the kept text itself, read in full
    assert "tổng kinh phí KC thực hiện là 6 tỷ 788,9 triệu đồng" in body
    assert [b.label for b in at.get("download_button") if b.label.endswith(".txt")] == ["003_fb7c3762907f9266.txt"]
    # reference and published tables carry no illustrative mark; record-derived ones do
    mark_col = t("col.illustrative", "vi")
    for df in frames(at):
        cols = list(df.columns)
        if t("col.legal_basis", "vi") in cols or t("col.cited_title", "vi") in cols or t("col.quote", "vi") in cols:
            assert mark_col not in cols, cols


def test_district_names_carry_their_kind_of_the_year():
    from kcdash import pagedata
    from kcdash.pagedata import Filters

    d2008 = pagedata.clusters(Filters(provinces=("95", "11"), year_from=2008, year_to=2008), "established", 2008)
    names = dict(zip(d2008.districts["district_code"], d2008.districts["district_name_vi"], strict=True))
    kinds = dict(zip(d2008.districts["district_code"], d2008.districts["kind"], strict=True))
    assert (names["954"], kinds["954"]) == ("TX Bạc Liêu", "town")  # a city only from 2010
    assert (names["959"], kinds["959"]) == ("huyện Giá Rai", "district")  # a town only from 2015
    assert names["100"] == "huyện Điện Biên"  # never read as the province


def test_cluster_counts_keep_their_warning_under_a_craft_filter():
    """Regression: with a craft filter the overview showed the cluster counts with no warning."""
    body = texts(open_app(craft="tea_processing"))
    assert body.count(t("cards.cluster_warning", "vi")) == 2  # one per province card


@pytest.mark.parametrize("page", ["pages/training.py", "pages/budget.py", "pages/data_sources.py"])
def test_reform_note_on_every_page(page):
    body = texts(open_app(page))
    assert t("notes.reform_districts", "vi") in body and "Cà Mau" in body


# ---- chart sections (a filter change redraws the charts shown, not every chart) ------


@pytest.mark.parametrize(
    ("page", "years", "parts", "queries", "sections"),
    [
        (
            "training",
            {"chart-trainees-jobs-by-year"},
            {"chart-trainees-by-craft", "chart-trainees-by-district"},
            {"trainees_by_district_and_craft"},
            ["years", "per_trainee", "parts"],
        ),
        (
            "budget",
            {"chart-budget-by-year-fund"},
            {"chart-budget-by-activity", "chart-fund-share"},
            {"budget_by_activity_type", "cost_per_trainee_by_year"},
            ["years", "per_trainee", "parts"],
        ),
    ],
)
def test_a_chart_section_draws_only_its_own_charts_and_keeps_its_code_in_the_url(page, years, parts, queries, sections):
    from kcdash import data

    data.clear_cache()
    at = open_app(f"pages/{page}.py")
    drawn = {str(c.key) for c in at.get("plotly_chart")}
    assert drawn == years  # the default section: by year; the others are neither computed nor sent
    assert not queries & {key[1] for key in data._cache.entries}  # ... nor their data read
    assert "view" not in at.query_params  # the default is left out of the link
    control = at.segmented_control(key="view")
    assert control.options == [t(f"section.{page}_{code}", "vi") for code in sections]
    control.set_value("parts").run()
    assert not at.exception
    assert {str(c.key) for c in at.get("plotly_chart")} == parts
    assert at.query_params["view"] in ("parts", ["parts"])  # a code, the same in both languages

    linked = open_app(f"pages/{page}.py", view="parts", lang="en")  # the link, opened in English
    assert {str(c.key) for c in linked.get("plotly_chart")} == parts
    assert linked.segmented_control(key="view").value == "parts"


def _per_trainee_chart(page: str, key: str) -> tuple[list[str], list[float]]:
    """The per-trainee section of `page` opened from its link: the one chart it draws (`key`),
    as its trace names and the first trace's values."""
    at = open_app(f"pages/{page}.py", view="per_trainee")
    assert not at.exception
    assert {str(c.key) for c in at.get("plotly_chart")} == {key}
    assert at.segmented_control(key="view").value == "per_trainee"
    fig = json.loads(next(c for c in at.get("plotly_chart") if str(c.key) == key).proto.spec)
    y = fig["data"][0]["y"]  # Plotly sends number arrays as base64 of their bytes
    values = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]) if isinstance(y, dict) else y
    return [trace["name"] for trace in fig["data"]], list(values)


def test_the_budget_per_trainee_section_draws_the_per_trainee_chart_with_its_numbers():
    """Budget per trainee has its own section: Điện Biên's and Bạc Liêu's lines, in million đồng
    a trainee over the records that give both a budget and a trainee count."""
    from kcdash import pagedata
    from kcdash.data import Filters

    names, values = _per_trainee_chart("budget", "chart-budget-per-trainee")
    assert names == ["Điện Biên", "Bạc Liêu"]
    rows = pagedata.budget_per_trainee(Filters(provinces=("11", "95")))
    dien_bien = rows[rows["province_code"] == "11"]
    assert values == pytest.approx(dien_bien["budget_per_trainee_million_vnd"].tolist())
    assert len(values) == 7  # 2007–2013, the years of the default view


def test_the_training_per_trainee_section_draws_new_jobs_per_100_trainees_with_its_numbers():
    """New jobs per 100 trainees has its own section: Điện Biên's and Bạc Liêu's lines, each year
    100 × new jobs / trainees of that province's records."""
    from kcdash import pagedata
    from kcdash.data import Filters

    names, values = _per_trainee_chart("training", "chart-jobs-per-trainee-by-year")
    assert names == ["Điện Biên", "Bạc Liêu"]
    rows = pagedata.training_years(Filters(provinces=("11", "95"))).by_year
    dien_bien = rows[rows["province_code"] == "11"].sort_values("year")
    assert values == pytest.approx((100 * dien_bien["new_jobs"] / dien_bien["trainees"]).tolist())
    assert len(values) == 7  # 2007–2013, the years of the default view


def _three_frames():
    import pandas as pd

    from kcdash.ui import tables

    tables.frame_view(pd.DataFrame({"a": ["x"] * 5, "b": range(5)}), key="small", label="small")
    tables.frame_view(pd.DataFrame({f"c{i}": [1] for i in range(13)}), key="wide", label="wide")  # provinces across
    tables.frame_view(pd.DataFrame({"a": range(51)}), key="long", label="long")  # a page of 50 records
    tables.frame_view(pd.DataFrame({f"c{i}": range(101) for i in range(2)}), key="huge", label="huge")


def _markdown_in_a_cell():
    import pandas as pd

    from kcdash.ui import tables

    tables.frame_view(
        pd.DataFrame({"Tên [x](http://e.x)": ["![i](http://e.x/i.png) **Tủa Chùa**", "3.530"]}), key="t", label="t"
    )


def test_a_plain_table_shows_markdown_in_the_data_as_text():
    from kcdash.safe import md_escape

    cell = "![i](http://e.x/i.png) **Tủa Chùa**"
    table = AppTest.from_function(_markdown_in_a_cell).run().table[0].value
    assert list(table.columns) == [md_escape("Tên [x](http://e.x)")]
    assert list(table.iloc[:, 0]) == [md_escape(cell), "3.530"]  # escaped: no image is fetched
    assert md_escape(cell).startswith("\\!\\[i\\]")


def test_small_frames_are_plain_tables_wide_or_long_ones_html_and_only_huge_ones_the_grid():
    at = AppTest.from_function(_three_frames).run()
    assert [list(tb.value.columns) for tb in at.table] == [["a", "b"]]
    assert [df.shape for df in frames(at)] == [(5, 2), (1, 13), (51, 1), (101, 2)]
    regions = [h.proto.body for h in at.get("html") if 'class="kc-table"' in h.proto.body]
    assert ['aria-label="wide"' in regions[0], 'aria-label="long"' in regions[1]] == [True, True]
    assert [df.value.shape for df in at.dataframe] == [(101, 2)]  # more than a page: the grid
    compare = open_app("pages/compare.py")  # two provinces: both comparison tables read as tables
    assert len(compare.table) == 2 and len(compare.dataframe) == 0


def test_compare_draws_one_section_of_charts_at_a_time(monkeypatch):
    """Trends first; per district and by fund in the other section, its choice in the link. The
    fund mix is read only when its section is shown."""
    from kcdash import data

    asked: list[str] = []
    original = data.budget_by_fund
    monkeypatch.setattr(data, "budget_by_fund", lambda f: asked.append("by_fund") or original(f))
    at = open_app()  # the overview reads the fund mix for its cards
    asked.clear()
    at.switch_page("pages/compare.py").run()
    assert {str(c.key) for c in at.get("plotly_chart")} == {"chart-compare-by-year", "chart-compare-indexed"}
    assert asked == []  # the trends section reads no fund mix
    at = open_app("pages/compare.py", view="structure")
    assert {str(c.key) for c in at.get("plotly_chart")} == {"chart-compare-per-district", "chart-compare-fund-share"}
    assert at.query_params["view"] == "structure"
    assert asked
    fund_share = next(c for c in at.get("plotly_chart") if str(c.key) == "chart-compare-fund-share")
    assert "KCQG" in fund_share.proto.spec  # the fund mix drawn from what its section read


@pytest.mark.parametrize(
    ("page_path", "above"),
    [("pages/compare.py", "table"), ("pages/budget.py", "metric"), ("pages/training.py", "metric")],
)
def test_charts_are_sent_before_the_parts_that_stand_above_them(page_path, above, monkeypatch):
    """The browser draws what arrives as it arrives and Plotly is its slowest work: the charts
    are sent first and drawn while the server still shapes the tables or cards above them
    (kcdash.ui.layout.drawn_later), yet on the page those still stand above the charts."""
    from streamlit.delta_generator import DeltaGenerator

    at = open_app(page_path)
    sent: list[str] = []
    original = DeltaGenerator._enqueue

    def recording(self, delta_type, *args, **kwargs):
        sent.append(delta_type)
        return original(self, delta_type, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "_enqueue", recording)
    at.run()
    assert not at.exception
    assert "plotly_chart" in sent and above in sent, sent
    assert sent.index("plotly_chart") < sent.index(above), sent  # sent first

    def on_page(node) -> list[str]:
        kids = getattr(node, "children", None)
        if kids:
            return [t for _, child in sorted(kids.items()) for t in on_page(child)]
        return [node.type]

    shown = on_page(at.main)
    assert shown.index(above) < shown.index("plotly_chart"), shown  # drawn above
