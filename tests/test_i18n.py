"""The two message catalogues hold the same keys and placeholders, and every key the dashboard
asks for exists, so no raw key or column name reaches the screen."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kcdash.i18n import CATALOGUES, t
from kcdash.schema import QUALIFIERS, STAGES, TABLES

REPO = Path(__file__).resolve().parent.parent
UI_SOURCES = [
    REPO / "app.py",
    *sorted((REPO / "pages").glob("*.py")),
    *(REPO / "kcdash" / n for n in ("ui.py", "fmt.py", "measures.py")),
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


# ---- issue 9: wording review ------------------------------------------------------------------

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
