"""The two message catalogues hold the same keys and placeholders, and every key the dashboard
asks for exists, so no raw key or column name reaches the screen."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from kcdash.i18n import CATALOGUES, t
from kcdash.national import GROUP_2025
from kcdash.pagedata import MODES
from kcdash.schema import QUALIFIERS, STAGES, TABLES

REPO = Path(__file__).resolve().parent.parent
UI_SOURCES = [
    REPO / "app.py",
    *sorted((REPO / "pages").glob("*.py")),
    *sorted((REPO / "kcdash" / "ui").glob("*.py")),
    *(REPO / "kcdash" / n for n in ("fmt.py", "measures.py")),
    *sorted((REPO / "kcdash" / "charts").glob("*.py")),
]
MY_PAGES = ("overview", "training", "budget", "clusters", "compare", "data_sources")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_vi_and_en_have_the_same_keys():
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert sorted(set(vi) - set(en)) == []
    assert sorted(set(en) - set(vi)) == []


def test_placeholders_agree_and_no_text_is_empty():
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        assert placeholders(vi[key]) == placeholders(en[key]), key


def test_the_catalogues_differ_where_they_should():
    assert t("page.overview", "vi") == "Tổng quan"
    assert t("page.overview", "en") == "Overview"
    assert t("common.no_data", "vi") == "chưa có số liệu"
    assert t("common.no_data", "en") == "no data"
    # each language is named in its own language on the switch
    assert (t("lang.self", "vi"), t("lang.self", "en")) == ("Tiếng Việt", "English")


def _literal_keys() -> set[str]:
    keys = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    for path in UI_SOURCES:
        if path.stem in ("import_data", "sign_in"):
            continue  # another issue's pages
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_literal_key_used_by_the_dashboard_exists():
    keys = _literal_keys()
    assert len(keys) > 100  # the scan found the calls
    missing = sorted(k for k in keys if k not in CATALOGUES["vi"])
    assert missing == []


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("stage", STAGES),
        ("kind", TABLES["districts"].column("kind").allowed),
        ("qualifier", QUALIFIERS),
        ("status", ("match", "consistent", "differs", "no_records", "not_published")),
        ("published_metric", ("new_jobs", "trainees", "budget_million_vnd")),
        ("page", MY_PAGES),
        ("question", MY_PAGES),
    ],
)
def test_keys_built_from_data_values_exist(prefix, names):
    for name in names:
        for lang in ("vi", "en"):
            assert t(f"{prefix}.{name}", lang)


def test_glossary_terms_have_meanings():
    terms = {k.split(".")[1] for k in CATALOGUES["vi"] if k.startswith("glossary.")}
    for term in terms:
        for lang in ("vi", "en"):
            assert t(f"glossary.{term}.term", lang) and t(f"glossary.{term}.meaning", lang)
    assert {"khuyen_cong", "kcqg", "kcdp", "ccn", "de_an"} <= terms


# ---- every key is used --------------------------------------------------------------------

CODE = [
    path
    for path in sorted(
        {*REPO.glob("*.py"), *REPO.glob("kcdash/**/*.py"), *REPO.glob("pages/*.py"), *REPO.glob("tools/*.py")}
    )
    if "locales" not in path.parts
]
"""Where a key may be asked for: the app, the steward console, the package, the pages, the tools
(not the tests: a key only a test reads is one no person sees)."""


def _districts_kinds() -> tuple[str, ...]:
    return TABLES["districts"].column("kind").allowed


def _published(column: str) -> tuple[str, ...]:
    return TABLES["published_figures"].column(column).allowed


DYNAMIC: dict[str, tuple[str, Callable[[], Iterable[str]] | None]] = {
    # prefix: (why it is built in the code, the values it is built from where they are listed)
    "stage.": ("a cluster's stage from the data (clusters page, district map, report)", lambda: STAGES),
    "qualifier.": ("a published figure's qualifier (sources page, steward console)", lambda: QUALIFIERS),
    "kind.": ("a district's kind in the year shown (clusters page, report)", _districts_kinds),
    "table.": ("the contract's table named in a validation message", lambda: TABLES),
    "published_metric.": ("what a published figure measures", lambda: _published("metric")),
    "period_part.": ("the part of a year a published figure covers", lambda: _published("period_part")),
    "figure_status.": (
        "a published figure's status, and a value marked by it (`value_<status>`)",
        lambda: [*_published("status"), *(f"value_{s}" for s in _published("status"))],
    ),
    "mode.": ("the data mode chosen in the sidebar", lambda: MODES),
    "section.": ("a page's chart section (`section.<page>_<section>`), beside the control's own label", None),
    "regroup.": (
        "the units a national view counts in (as reported, or the provinces of 2025)",
        lambda: ("reported", GROUP_2025),
    ),
    "status.": ("a reconciliation status from the data (cards, sources page, report)", None),
    "glossary.": ("the glossary's terms, each `<term>.term` and `<term>.meaning`", None),
    "unit.": ("a published figure's unit as stored (`unit.<unit>`, spaces as underscores)", None),
    "val.": ("a validation rule's message, named by its rule", None),
    "validate.": ("a validation rule's message where the import words it differently", None),
    "compare.aligned_scope_": ("the compare table's scope, focus or all", None),
    "sources.sort_": ("the sources page's sort orders", None),
    "report.busy_": ("why the report server asks to wait", None),
    "report.mode_": ("the data mode in the report's footer (`report.mode_<mode>_short`)", None),
    "imp.table_": ("the table an import goes to", None),
    "import.how_": ("how a column was matched", None),
    "import.note_province_": ("how a file's province was found", None),
    "import.note_unit_": ("where a money unit came from", None),
    "import.unit_": ("a money unit", None),
    "fig.col_": ("the report reader's command-line columns", None),
    "fig.err_": ("why a report cannot be read, named by its code", None),
    "fig.flag_": ("what the steward should check about a proposed figure", None),
    "fig.fund_": ("a fund code", None),
    "fig.page_how_": ("how a report reaches the page (upload or paste)", None),
    "fig.part_": ("the part of a year a proposed figure covers", None),
}

BUILT = re.compile(r"""f["']([a-z][a-z0-9_]*\.[a-z0-9_.]*)\{|["']([a-z][a-z0-9_]*\.[a-z0-9_.]*)["']\s*\+""")


def _code() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in CODE)


def test_every_built_key_prefix_is_explained_and_still_built():
    keys = set(CATALOGUES["vi"])
    built = {
        m.group(1) or m.group(2)
        for m in BUILT.finditer(_code())
        if any(k.startswith(m.group(1) or m.group(2)) for k in keys)
    }
    # a new way of building keys: list it in DYNAMIC, with why
    assert sorted(b for b in built if not any(b.startswith(p) for p in DYNAMIC)) == []
    # a prefix no longer built: the keys under it may be unused
    assert sorted(p for p in DYNAMIC if not any(b.startswith(p) for b in built)) == []


def test_every_key_in_the_catalogues_is_used():
    code = _code()
    unused = []
    for key in sorted(CATALOGUES["vi"]):
        if re.search("[\"']" + re.escape(key) + "[\"']", code):
            continue  # asked for by name
        prefix = max((p for p in DYNAMIC if key.startswith(p)), key=len, default=None)
        if prefix is None:
            unused.append(key)
            continue
        values = DYNAMIC[prefix][1]
        if values is not None and key[len(prefix) :] not in {str(v) for v in values()}:
            unused.append(key)  # built from a list of values, and this is none of them
    assert unused == []


# ---- wording review ------------------------------------------------------------------

NEW_STYLE_TONE = re.compile(r"(?<![qQ])(o[áàảãạ]|o[éèẻẽẹ]|u[ýỳỷỹỵ]|O[ÁÀẢÃẠ]|U[ÝỲỶỸỴ])(?![A-Za-zÀ-ỹĐđ])")


def test_one_tone_mark_spelling_everywhere():
    """Old style throughout: "hóa", "minh họa", "thủy" (not "hoá", "minh hoạ", "thuỷ")."""
    bad = {k: v for k, v in CATALOGUES["vi"].items() if NEW_STYLE_TONE.search(v)}
    assert bad == {}
    for path in ("data/sources.csv", "data/published_figures.csv", "data/clusters.csv", "data/activities.csv"):
        text = (Path(__file__).resolve().parent.parent / path).read_text(encoding="utf-8")
        assert not NEW_STYLE_TONE.search(text), path


def test_reviewed_wording():
    assert t("app.title", "vi") == "Bảng theo dõi khuyến công"
    assert "điều khiển" not in " ".join(CATALOGUES["vi"].values()).lower()
    assert t("measure.jobs_per_trainee", "vi") == "Việc làm mới trên 100 học viên"  # a ratio that can pass 100
    assert t("mode.published", "vi") == "Chỉ số liệu công bố" and t("mode.all", "vi") == "Tất cả"
    assert t("mode.published", "en") == "Published figures only"
    assert t("chart.watermark", "vi") == "MINH HỌA" and t("chart.watermark", "en") == "ILLUSTRATIVE"


ENGLISH_WORDS = re.compile(r"\b(the|and|of|targets|records|dashboard|illustrative|published|source|file)\b")


def test_no_english_left_in_vietnamese_text():
    # product and format names (CSV, Excel, Parquet, UTF-8, OpenID …) are not English prose
    prose = {k: re.sub(r"\{[^}]*\}", "", v).replace("data/", "") for k, v in CATALOGUES["vi"].items()}
    bad = {k: v for k, v in prose.items() if ENGLISH_WORDS.search(v)}
    assert bad == {}


def test_banner_does_not_claim_every_measure_agrees_with_a_report():
    """Regression: the banner said the records were "modelled to agree with the published totals",
    untrue for measures no report gives (trainees, local funds, cost per trainee)."""
    for lang in ("vi", "en"):
        text = t("banner.illustrative", lang, n=1, total=1)
        assert ("chỉ khớp" in text) if lang == "vi" else ("only for the measures a report gives" in text)
