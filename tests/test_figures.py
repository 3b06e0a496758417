"""Figures from reports: reading documents, proposing every figure with its quote, and the
reference data every province a figure can belong to (kcdash.figures)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from fixture_data import needs_seeds

from kcdash.db import Database
from kcdash.figures import gazetteer, numbers
from kcdash.figures.evaluate import SEEDS, corpus_cases, evaluate, seed_expectations
from kcdash.figures.propose import propose
from kcdash.figures.read import DocumentError, read_document
from kcdash.i18n import t

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "figures_corpus"
BAD = CORPUS / "bad"


@pytest.fixture(scope="module")
def places():
    return gazetteer.from_database(Database(str(REPO / "data")))


# ---- numbers as reports write them --------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "million"),
    [
        ("6 tỷ 788,9 triệu đồng", "6788.9"),
        ("12,705 tỷ đồng", "12705"),
        ("3,15 tỉ đồng", "3150"),
        ("4.150 triệu đồng", "4150"),
        ("560 triệu đồng", "560"),
        ("2,6 tỷ", "2600"),
        ("4 tỷ 020 triệu đồng", "4020"),
        ("1 tỷ 050 triệu đồng", "1050"),
        ("1.500.000.000 đồng", "1500"),
    ],
)
def test_money_is_read_exactly_in_million_vnd(written, million):
    m = numbers.MONEY.search(written)
    assert m is not None and m.group(0).strip() == written
    assert numbers.money_million(m) == Decimal(million)


def test_counts_read_dots_and_commas_as_thousands():
    assert numbers.parse_decimal("3.530", count=True) == 3530
    assert numbers.parse_decimal("3,530", count=True) == 3530  # 3 and a half people: a thousands mark
    assert numbers.parse_decimal("01", count=True) == 1
    assert numbers.parse_decimal("12,705") == Decimal("12.705")


# ---- the corpus and the seeds ---------------------------------------------------------------
CASES = corpus_cases(CORPUS)


def test_the_corpus_holds_every_kind_of_document():
    kinds = [path.suffix for _name, path, _spec in CASES]
    assert len(CASES) >= 12
    for ext in (".txt", ".docx", ".pdf", ".html"):
        assert kinds.count(ext) >= 3, ext


@pytest.mark.parametrize(("name", "path", "spec"), CASES, ids=[c[0] for c in CASES])
def test_each_document_gives_the_figures_a_steward_expects(name, path, spec, places):
    doc = read_document(path.read_bytes(), path.name)
    outcome = evaluate(name, doc.text, list(spec["proposals"]), list(spec.get("must_not_propose", [])), places)
    missed = [(e["metric"], e["value"], e["quote"]) for e in outcome.missed]
    assert missed == [], "figures not proposed as expected"
    assert len(outcome.false) <= 1, [(p.metric, str(p.value), p.quote) for p in outcome.false]
    assert outcome.traps == [], "a number the document's traps name was proposed"
    for expected, proposal in outcome.matched:
        assert set(expected.get("flags") or []) <= set(proposal.flags), (expected["quote"], proposal.flags)
        assert proposal.quote in doc.text  # an exact substring, never rewritten
    assert outcome.reading.province_code == spec["province_code"]
    for check in spec.get("checks", []):
        total = next(
            p
            for e, p in outcome.matched
            if e["quote"] == check["total_quote"] and str(e["value"]) == str(check["total_value"])
        )
        found = next(c for c in outcome.reading.checks if c.total == total.number)
        assert found.adds_up is check["adds_up"], check["total_quote"]
        assert sorted(str(v) for v in (found.parts_sum,)) == [str(sum(Decimal(str(v)) for v in check["part_values"]))]


SEED_CASES = seed_expectations(SEEDS)


@needs_seeds
@pytest.mark.parametrize(("name", "path", "expected"), SEED_CASES, ids=[c[0] for c in SEED_CASES])
def test_the_seed_reports_give_every_published_figure_with_its_quote(name, path, expected, places):
    """Recall 100 % of data/published_figures.csv, at most one false proposal per report, and each
    proposal's quote overlaps the published quote at the number."""
    doc = read_document(path.read_bytes(), path.name)
    outcome = evaluate(name, doc.text, expected, [], places)
    assert [e["figure_id"] for e in outcome.missed] == []
    assert len(outcome.false) <= 1
    for e, p in outcome.matched:
        assert p.quote in doc.text
        assert e["quote"] in p.quote or p.quote in str(e["quote"]) or p.quote[:30] in str(e["quote"]), e["figure_id"]


@needs_seeds
def test_bac_lieu_budget_is_a_total_with_two_parts_that_add_up(places):
    doc = read_document((SEEDS / "003_fb7c3762907f9266.txt").read_bytes(), "003.txt")
    reading = propose(doc.text, places)
    budget = {p.fund_code: p for p in reading.proposals if p.metric == "budget_million_vnd"}
    assert {k: str(v.value) for k, v in budget.items()} == {None: "6788.9", "kcdp": "2768.9", "kcqg": "4020"}
    assert budget["kcdp"].part_of == budget["kcqg"].part_of == budget[None].number
    assert [(c.total, c.adds_up, str(c.parts_sum)) for c in reading.checks] == [(budget[None].number, True, "6788.9")]


def test_a_year_only_in_the_dateline_is_taken_and_said_no_year_at_all_is_asked(places):
    dated = (
        "Hà Tĩnh, ngày 15 tháng 10 năm 2021\nTừ đầu năm đến nay, Trung tâm Khuyến công Hà Tĩnh đã thực hiện 11 đề án."
    )
    p = propose(dated, places).proposals[0]
    assert (p.period_from_year, p.period_to_year, p.period_part, p.flags) == (
        2021,
        2021,
        "year_to_date",
        ["year_from_document_date"],
    )
    undated = "Từ đầu năm đến nay, Trung tâm Khuyến công tỉnh Sóc Trăng đã thực hiện 7 đề án."
    p = propose(undated, places).proposals[0]
    assert (p.period_from_year, p.period_to_year, p.flags) == (None, None, ["period_needs_steward"])


def test_plans_estimates_and_results_are_told_apart(places):
    text = (
        "Năm 2020, tỉnh Nghệ An được phê duyệt kế hoạch 50 đề án. Đến nay đã thực hiện 46 đề án. "
        "Ước thực hiện cả năm, kinh phí khuyến công giải ngân khoảng 13 tỷ đồng."
    )
    got = [(p.metric, str(p.value), p.status, p.qualifier) for p in propose(text, places).proposals]
    assert got == [
        ("activity_count", "50", "planned", "exact"),
        ("activity_count", "46", "done", "exact"),
        ("budget_million_vnd", "13000", "estimated", "approximate"),
    ]


def test_rates_counterpart_funds_and_investment_are_not_khuyen_cong_budget(places):
    text = (
        "Năm 2019, khuyến công tỉnh Bến Tre hỗ trợ mức tối đa 50 triệu đồng/cơ sở; vốn đối ứng của các cơ sở "
        "là 3 tỷ đồng; các dự án thu hút vốn đầu tư 120 tỷ đồng; doanh thu đạt 40 tỷ đồng; "
        "lao động có thu nhập 4 triệu đồng/tháng. Tổng kinh phí khuyến công năm 2019 là trên 2 tỷ đồng."
    )
    got = [(p.metric, str(p.value), p.qualifier) for p in propose(text, places).proposals]
    assert got == [("budget_million_vnd", "2000", "approximate_above")]


# ---- documents that cannot be read ------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "code"),
    [("scanned.pdf", "scanned"), ("binary.txt", "binary"), ("empty.txt", "empty"), ("truncated.docx", "damaged")],
)
def test_a_file_that_is_no_report_is_refused_with_a_message_in_both_languages(file, code):
    with pytest.raises(DocumentError) as err:
        read_document((BAD / file).read_bytes(), file)
    assert err.value.code == code
    for lang in ("vi", "en"):
        message = t(f"fig.err_{code}", lang, **err.value.params)
        assert file in message and ("Không có gì thay đổi" if lang == "vi" else "Nothing was changed") in message


def test_a_web_pages_scripts_are_never_read(places):
    doc = read_document((BAD / "script_figures.html").read_bytes(), "script_figures.html")
    spec = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))["script_figures.html"]
    for hidden in spec["must_not_read"]:
        assert hidden not in doc.text
    assert doc.ignored_scripts >= 1
    assert propose(doc.text, places).proposals == ()


def test_a_text_over_the_size_limit_is_refused_before_it_is_read():
    big = ("Năm 2019 tổng kinh phí khuyến công là 5 tỷ đồng. " * 1_100_000).encode()  # ~55 MB
    assert len(big) > 50 * 1024 * 1024
    with pytest.raises(DocumentError) as err:
        read_document(big, "bao-cao-50MB.txt")
    assert err.value.code == "too_large" and err.value.params["limit_mb"] == "20,0"


def test_a_binary_renamed_txt_is_refused_even_without_nul_bytes():
    noise = bytes(range(1, 9)) * 2000  # control characters only
    with pytest.raises(DocumentError) as err:
        read_document(noise, "so-lieu.txt")
    assert err.value.code == "binary"


# ---- every province a figure can belong to -----------------------------------------------------
def test_every_old_province_belongs_to_exactly_one_of_the_34():
    with (REPO / "data" / "provinces.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 63 and len({r["province_code"] for r in rows}) == 63
    groups: dict[str, list[str]] = {}
    for r in rows:
        assert r["province_2025_vi"] and r["province_2025_en"], r["name_vi"]
        groups.setdefault(r["province_2025_vi"], []).append(r["name_vi"])
    assert len(groups) == 34
    assert sorted(groups["Cà Mau"]) == ["Bạc Liêu", "Cà Mau"]
    assert groups["Điện Biên"] == ["Điện Biên"]
    assert sorted(groups["Ninh Bình"]) == ["Hà Nam", "Nam Định", "Ninh Bình"]
    assert sorted(groups["TP Hồ Chí Minh"]) == ["Bà Rịa - Vũng Tàu", "Bình Dương", "TP Hồ Chí Minh"]
    unchanged = [new for new, olds in groups.items() if len(olds) == 1]
    assert len(unchanged) == 11  # Resolution 202/2025/QH15: 11 provinces kept as they were
    assert {r["kind"] for r in rows if r["kind"] == "city"} == {"city"}
    assert sorted(r["name_vi"] for r in rows if r["kind"] == "city") == [
        "Cần Thơ",
        "Hà Nội",
        "Hải Phòng",
        "TP Hồ Chí Minh",
        "Đà Nẵng",
    ]
