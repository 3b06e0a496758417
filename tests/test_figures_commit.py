"""Figures from a report, published: the command line, the steward's page, the new data version
and what viewers then see (kcdash.figures.commit, pages/figures_from_report.py)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcdash import data, pagedata, store
from kcdash.data import Filters
from kcdash.db import get_database

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "figures_corpus"
HA_TINH = CORPUS / "hatinh_2021_10.docx"
PAGE = str(REPO / "pages" / "figures_from_report.py")


def figures_cli(*args: str, data_dir: Path, lang: str = "vi") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kcdash.figures", "--data-dir", str(data_dir), "--lang", lang, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATA_DIR": str(data_dir)},
    )


@pytest.mark.program
def test_json_gives_every_proposal_with_the_keys_a_script_reads(bundled_copy):
    out = figures_cli(str(HA_TINH), "--format", "json", data_dir=bundled_copy)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 10
    keys = {
        "metric",
        "value",
        "unit",
        "fund_code",
        "qualifier",
        "status",
        "period_from_year",
        "period_to_year",
        "province_code",
        "quote",
    }
    assert all(keys <= set(r) for r in rows)
    plan = next(r for r in rows if r["metric"] == "budget_million_vnd" and r["value"] == 4150)
    assert (plan["status"], plan["province_code"], plan["period_to_year"]) == ("planned", "42", 2021)
    assert plan["quote"] == "Hà Tĩnh triển khai 16 đề án với tổng kinh phí 4.150 triệu đồng"
    assert store.current_version_id(str(bundled_copy)) is None  # reading changes nothing


@pytest.mark.program
def test_accepted_figures_become_a_version_and_the_dashboard_shows_them(bundled_copy, monkeypatch):
    out = figures_cli(str(HA_TINH), "--accept", "1,2,4", "--title", "Hà Tĩnh: Khuyến công vượt khó", "--issuer",
                      "Trung tâm Khuyến công Hà Tĩnh", "--url", "https://example.vn/bai-viet", "--user", "lan",
                      data_dir=bundled_copy)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Đã công bố 3 số liệu: phiên bản dữ liệu 2 đang được dùng." in out.stdout
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    db = get_database(str(bundled_copy))
    assert db.version["action"] == "figures" and db.version["created_by"] == "lan"
    published = data.published_figures(Filters(provinces=("42",)))
    got = {(r["metric"], Decimal(str(r["value"])), r["status"]) for r in published.to_dict("records")}
    assert got == {
        ("activity_count", Decimal(11), "done"),
        ("budget_million_vnd", Decimal(2600), "done"),
        ("budget_million_vnd", Decimal(4150), "planned"),
    }
    assert set(published["quote"]) >= {"giải ngân 2,6 tỷ"}
    # the source: title first, the file kept with the text its quotes come from
    source = pagedata.sources(("42",)).to_dict("records")[0]
    assert (source["cited_title_vi"], source["issuing_body_vi"], source["url"]) == (
        "Hà Tĩnh: Khuyến công vượt khó",
        "Trung tâm Khuyến công Hà Tĩnh",
        "https://example.vn/bai-viet",
    )
    kept = db.query("source_document", source_file=source["source_file"]).to_dict("records")[0]
    name, content, text = kept["file_name"], kept["content_base64"], kept["text"]
    assert name == "hatinh_2021_10.docx" and base64.b64decode(content) == HA_TINH.read_bytes()
    assert db.query("source_document", source_file="000_abb7fff8aed286fe.txt").empty  # a seed: no kept upload
    assert all(q in text for q in published["quote"])
    # viewers: Hà Tĩnh is now among the provinces the filter opens on, with its figures
    provinces = data.provinces()
    assert provinces.loc[provinces["has_data"], "province_code"].tolist() == ["11", "42", "95"]
    # the same document again replaces what it gave: no figure twice
    again = figures_cli(str(HA_TINH), "--accept", "2", data_dir=bundled_copy)
    assert again.returncode == 0, again.stderr
    published = data.published_figures(Filters(provinces=("42",)))
    assert published["value"].astype(float).tolist() == [2600.0]


@pytest.mark.program
def test_a_file_that_cannot_be_read_changes_nothing(bundled_copy, tmp_path):
    fake = tmp_path / "bao-cao.txt"
    fake.write_bytes(bytes(range(256)) * 20)
    out = figures_cli(str(fake), "--accept", "all", data_dir=bundled_copy)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "không phải văn bản" in out.stderr and "Không có gì thay đổi" in out.stderr
    english = figures_cli(str(CORPUS / "bad" / "scanned.pdf"), "--accept", "all", data_dir=bundled_copy, lang="en")
    assert english.returncode == 2 and "is a scan" in english.stderr
    assert store.current_version_id(str(bundled_copy)) is None


@pytest.mark.program
def test_make_figures_reads_a_file_name_as_itself(bundled_copy, tmp_path):
    """FILE reaches the program as its own text: spaces, quotes and $ do not reach a shell."""
    odd = tmp_path / "bao cao $(touch pwned) 'x'.txt"
    odd.write_text("Năm 2019, tổng kinh phí khuyến công tỉnh Bến Tre là 2 tỷ đồng.", encoding="utf-8")
    out = subprocess.run(
        ["make", "--no-print-directory", "figures", f"FILE={odd}", f"DATA_DIR={bundled_copy}", "FORMAT=json"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert [(r["metric"], r["value"], r["province_code"]) for r in json.loads(out.stdout)] == [
        ("budget_million_vnd", 2000, "83")
    ]
    assert not (REPO / "pwned").exists() and not (tmp_path / "pwned").exists()


# ---- the steward's page -----------------------------------------------------------------------
@pytest.fixture
def page(steward_page):
    return steward_page(PAGE)


def test_the_page_proposes_and_publishes_only_what_the_steward_accepts(page, bundled_copy):
    assert not page.exception
    page.file_uploader[0].set_value((HA_TINH.name, HA_TINH.read_bytes(), "application/octet-stream"))
    page.run()
    assert not page.exception
    assert [h.value for h in page.subheader] == ["Đề xuất 10 số liệu từ “hatinh\\_2021\\_10.docx”"]
    assert page.selectbox[0].value == "42"  # the province read from the text
    marked = page.code[0].value
    assert "giải ngân ⟦2⟧2,6 tỷ" in marked and "đã thực hiện ⟦1⟧11 đề án" in marked
    publish = next(b for b in page.button if b.key == "figures_commit")
    assert publish.disabled  # nothing is accepted until the steward says so
    page.multiselect[0].select(2).select(10).run()
    page.button(key="figures_commit").click().run()
    assert not page.exception
    assert [s.value for s in page.success] == ["Đã công bố 2 số liệu: phiên bản dữ liệu 2 đang được dùng."]
    published = data.published_figures(Filters(provinces=("42",)))
    assert sorted(published["value"].astype(float)) == [2600.0, 3900.0]  # the eight others appear nowhere
    estimate = published[published["value"].astype(float) == 3900.0].iloc[0]
    assert (estimate["status"], estimate["qualifier"]) == ("estimated", "approximate")


@pytest.mark.parametrize(
    ("file", "message"), [("scanned.pdf", "là bản quét"), ("empty.txt", "trống"), ("truncated.docx", "bị hỏng")]
)
def test_the_page_refuses_a_file_that_is_no_report(page, bundled_copy, file, message):
    page.file_uploader[0].set_value((file, (CORPUS / "bad" / file).read_bytes(), "application/octet-stream"))
    page.run()
    assert not page.exception
    assert any(message in e.value and "Không có gì thay đổi" in e.value for e in page.error)
    assert store.current_version_id(str(bundled_copy)) is None


def test_a_pasted_text_is_read_as_a_file_is(page, bundled_copy):
    page.segmented_control[0].set_value("paste").run()
    page.text_area[0].input("\x01\x02\x03" * 400).run()
    assert not page.exception
    assert any("trống" in e.value and "Không có gì thay đổi" in e.value for e in page.error)  # nothing readable
    page.text_area[0].input("Năm 2019, tổng kinh phí khuyến công tỉnh Bến Tre là 2 tỷ đồng.").run()
    assert not page.exception
    assert next(h.value for h in page.subheader).startswith("Đề xuất 1 số liệu từ")
    assert page.selectbox[0].value == "83"


def test_viewers_never_see_the_page(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert [w.value for w in at.warning] and not at.file_uploader
