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
    *(REPO / "kcdash" / n for n in ("ui.py", "charts.py", "fmt.py")),
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
