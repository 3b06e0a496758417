"""The province report: Word read back with python-docx, PDF read with poppler's
pdftotext/pdfinfo and rendered to PNG with pdftoppm. Reports and page images are written to
test-output/reports/ for people to look at.

Figures asserted are the published ones (Điện Biên 2007–2012: 3.530 workers with new jobs,
"gần 4 tỷ đồng"; Bạc Liêu 2008–2013: 6.788,9 = 2.768,9 + 4.020 triệu đồng), the "chưa có số
liệu" cells, the watermark rule and the page count.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn

from kcdash.data import Filters
from kcdash.report import build, content, make_report, pdf_page_count, render
from kcdash.report.__main__ import main as cli_main
from kcdash.report.__main__ import parse_years
from kcdash.report.html_writer import render_html, scalable_svg
from kcdash.report.model import Paragraph

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output" / "reports"
DAY = datetime.date(2026, 11, 25)
DIEN_BIEN = Filters(provinces=("11",), year_from=2007, year_to=2012)
BOTH = Filters(provinces=("11", "95"), year_from=2007, year_to=2013)
NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils missing: make browser-deps installs it"
)


def pdf_text(pdf: Path, page: int | None = None, *, raw: bool = False) -> str:
    """Text of the PDF (`raw`: in content order, which keeps a rotated watermark's letters together)."""
    args = ["pdftotext", "-raw" if raw else "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True, text=True, timeout=60).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True, timeout=60).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))


def render_pages(pdf: Path) -> list[Path]:
    """Every page as PNG beside the PDF (name-1.png, name-2.png, …)."""
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))], check=True, timeout=120)
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))


def docx_text(data: bytes) -> tuple[str, list[list[list[str]]], int]:
    """All paragraph text, every table as rows of cell text, and the number of pictures."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    pictures = len(doc.inline_shapes)
    return text, tables, pictures


def rendered_pdf(name: str, filters: Filters) -> Path:
    """The Vietnamese report for filters as a PDF in test-output, with each page drawn as a PNG beside it."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    path.write_bytes(make_report(filters, "vi", "all", "pdf", DAY))
    render_pages(path)
    return path


@pytest.fixture(scope="module")
def dien_bien_pdf() -> Path:
    return rendered_pdf("dien-bien-2007-2012.pdf", DIEN_BIEN)


@pytest.fixture(scope="module")
def both_pdf() -> Path:
    return rendered_pdf("dien-bien-bac-lieu-2007-2013.pdf", BOTH)


def kept_docx(filters, name: str) -> bytes:
    """The Vietnamese Word report for `filters`, kept under test-output/ for a person to open."""
    OUT.mkdir(parents=True, exist_ok=True)
    data = make_report(filters, "vi", "all", "docx", DAY)
    (OUT / name).write_bytes(data)
    return data


@pytest.fixture(scope="module")
def dien_bien_docx() -> bytes:
    return kept_docx(DIEN_BIEN, "dien-bien-2007-2012.docx")


@pytest.fixture(scope="module")
def both_docx() -> bytes:
    return kept_docx(BOTH, "dien-bien-bac-lieu-2007-2013.docx")


# ---- what the report says (no browser) -------------------------------------------------------


def test_report_follows_the_administrative_form() -> None:
    r = build(DIEN_BIEN, "vi", "all", DAY)
    assert r.motto_country == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert r.motto_words == "Độc lập - Tự do - Hạnh phúc"
    assert r.issuer_parent == "UBND TỈNH ĐIỆN BIÊN"
    assert r.place_date == "Điện Biên, ngày 25 tháng 11 năm 2026"
    assert r.number_line.startswith("Số:")
    assert r.title == "BÁO CÁO"
    assert r.subtitle == "Kết quả công tác khuyến công tỉnh Điện Biên giai đoạn 2007–2012"
    assert r.recipients_title == "Nơi nhận:"
    assert r.file_stem == "bao-cao-khuyen-cong-11-2007-2012"  # what the download button names the file
    assert build(DIEN_BIEN, "vi", "published", DAY).file_stem == "bao-cao-khuyen-cong-11-2007-2012-cong-bo"
    headings = [s.heading for s in r.sections if s.level == 1]
    assert headings[0] == "I. PHẠM VI VÀ NGUỒN SỐ LIỆU"
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]  # one province: no comparison
    en = build(DIEN_BIEN, "en", "all", DAY)
    assert (en.motto_country, en.place_date, en.title) == (
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Dien Bien, 25 November 2026",
        "REPORT",
    )
    assert len(en.sections) == len(r.sections)  # the same structure in English


def test_published_figures_with_quote_and_source() -> None:
    text = "\n".join(content.blocks_text(build(DIEN_BIEN, "vi", "all", DAY)))
    assert "(2007–2012): 3.530 người" in text
    assert (
        "“5 năm qua, khuyến công Điện Biên đã hỗ trợ đào tạo nghề, truyền nghề cho 3.530 lao động mới có việc làm”"
        in text
    )
    assert "(2007–2012): gần 4 tỷ đồng" in text  # the report's words, as the dashboard's cards say it
    assert "4,00 tỷ" not in text and "gần 4.000 triệu" not in text  # no precision the report lacks
    assert "“Với kinh phí gần 4 tỷ đồng" in text
    assert (
        "Nguồn: [Khuyến công Điện Biên sau 5 năm thực hiện Quyết định 136/2007/QĐ-TTg (2007–2012)],"
        " Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Điện Biên." in text
    )  # the title and issuing body from the data's sources table ([supplied] where the copy has none)
    assert ".txt" not in text  # never the name of the file the copy is kept in
    # the report gives no total and no local budget for Điện Biên: missing, never 0
    assert "Tổng kinh phí khuyến công (2007–2012): chưa có số liệu (báo cáo không nêu)" in text


def test_bac_lieu_budget_adds_up_as_published() -> None:
    text = "\n".join(content.blocks_text(build(BOTH, "vi", "all", DAY)))
    assert "Tổng kinh phí khuyến công (2008–2013): 6.788,9 triệu đồng (6,79 tỷ đồng)" in text
    assert "(2008–2013): 2.768,9 triệu đồng (2,77 tỷ đồng)" in text
    assert "(2008–2013): 4.020 triệu đồng (4,02 tỷ đồng)" in text


def test_comparison_with_its_caveats() -> None:
    r = build(BOTH, "vi", "all", DAY)
    compare = next(s for s in r.sections if s.heading == "V. SO SÁNH CÁC TỈNH")
    text = "\n".join(b.text for b in compare.blocks if hasattr(b, "text"))
    assert "Điện Biên: 2007–2012; Bạc Liêu: 2008–2013" in text  # different periods
    assert "Bạc Liêu: báo cáo không nêu số liệu về Việc làm mới" in text  # missing, not 0
    published = next(t for t in compare.blocks if hasattr(t, "header") and t.caption.endswith("đặt cạnh nhau"))
    assert published.header == ["Chỉ tiêu", "Điện Biên", "Bạc Liêu"]
    jobs = next(row for row in published.rows if row[0] == "Việc làm mới")
    assert jobs == ["Việc làm mới", "3.530 người (2007–2012)", "chưa có số liệu (báo cáo không nêu)"]
    total = next(row for row in published.rows if row[0] == "Kinh phí")
    assert total[1] == "chưa có số liệu (báo cáo không nêu)"
    assert total[2] == "6.788,9 triệu đồng (6,79 tỷ đồng) (2008–2013)"


def test_every_illustrative_table_and_chart_says_so() -> None:
    r = build(DIEN_BIEN, "vi", "all", DAY)
    assert len(r.charts()) == 4
    for chart in r.charts():
        assert chart.illustrative
        marks = [a.text for a in chart.figure.layout.annotations if a.name == "kc-watermark"]
        assert marks == ["MINH HỌA"]
        assert "(số liệu minh họa)" in chart.caption
    record_tables = [tb for tb in r.tables() if "bản ghi" in tb.source]
    assert record_tables
    for tb in record_tables:
        assert tb.illustrative and tb.note.startswith("Ghi chú: số liệu trong bảng lập từ bản ghi minh họa")


def test_published_mode_shows_no_illustrative_number() -> None:
    r = build(DIEN_BIEN, "vi", "published", DAY)
    assert r.charts() == []
    assert all(not tb.illustrative for tb in r.tables())
    text = "\n".join(content.blocks_text(r))
    assert "3.530 người" in text  # the published figure stays
    for illustrative in ("3.696", "7.534,7", "3.960 triệu đồng", "Bản ghi cùng kỳ", "(minh hoạ)"):
        assert illustrative not in text, illustrative  # records' sums and illustrative cluster names
    districts = next(tb for tb in r.tables() if tb.caption.startswith("Bảng 1. Cụm công nghiệp theo huyện"))
    tuan_giao = next(row for row in districts.rows if row[1].endswith("Tuần Giáo"))
    assert tuan_giao[3] == "Đã duyệt quy hoạch chi tiết"  # the one sourced cluster
    muong_nhe = next(row for row in districts.rows if row[1].endswith("Mường Nhé"))
    assert muong_nhe[3] == "chưa có số liệu"


def test_many_provinces_are_summed_not_drawn_one_by_one(fixture_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MANY_PROVINCES provinces charts show the total; lowered here to 1 on the fixture."""
    monkeypatch.setenv("DATA_DIR", str(fixture_dir))
    monkeypatch.setattr(content, "MANY_PROVINCES", 1)
    r = build(Filters(provinces=(), year_from=2007, year_to=2013), "vi", "all", DAY)
    jobs_chart = r.charts()[0].figure
    assert [tr.name for tr in jobs_chart.data] == ["Cộng 2 tỉnh · Học viên", "Cộng 2 tỉnh · Việc làm mới"]
    year_2008 = list(jobs_chart.data[0].x).index(2008)
    assert jobs_chart.data[0].y[year_2008] == 30 + 40 + 50  # a1 + a2 + a6 of the fixture
    funds = next(tb for tb in r.tables() if "Kinh phí theo nguồn kinh phí và theo tỉnh" in tb.caption)
    assert funds.header == ["Tỉnh", "KCĐP", "KCQG", "Khác"]
    assert funds.rows == [["Điện Biên", "400,0", "330,5", "chưa có số liệu"], ["Bạc Liêu", "150,4", "400,0", "60,0"]]
    summary = next(tb for tb in r.tables() if "cụm công nghiệp theo tỉnh" in tb.caption)
    assert [row[0] for row in summary.rows] == ["Điện Biên", "Bạc Liêu"]


def test_cluster_summary_says_no_data_for_a_province_without_a_cluster_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_fixture: Any, fixture_csvs: dict[str, str]
) -> None:
    """No cluster list for Bạc Liêu: its districts with a cluster are missing, never "0 of 7" (as the clusters page says)."""
    clusters = "\n".join(line for line in fixture_csvs["clusters"].splitlines() if ",95," not in line) + "\n"
    monkeypatch.setenv("DATA_DIR", str(make_fixture(tmp_path / "data", clusters=clusters)))
    monkeypatch.setattr(content, "MANY_PROVINCES", 1)
    r = build(Filters(provinces=("11", "95"), year_from=2007, year_to=2013), "vi", "all", DAY)
    summary = next(tb for tb in r.tables() if "cụm công nghiệp theo tỉnh" in tb.caption)
    assert summary.header == ["Tỉnh", "Số huyện", "Số huyện đã có cụm"]
    assert summary.rows == [["Điện Biên", "10", "2"], ["Bạc Liêu", "7", "chưa có số liệu"]]

    # one province: its districts are not listed as "without a cluster" either
    one = build(Filters(provinces=("95",), year_from=2007, year_to=2013), "vi", "all", DAY)
    text = "\n".join(p.bold_lead + p.text for s in one.sections for p in s.blocks if isinstance(p, Paragraph))
    assert "Bạc Liêu, các huyện chưa có cụm (năm 2013): Số huyện có cụm: chưa có số liệu" in text


def test_years_argument() -> None:
    assert parse_years("2007-2012", (2000, 2020)) == (2007, 2012)
    assert parse_years("2012", (2000, 2020)) == (2012, 2012)
    assert parse_years("", (2000, 2020)) == (2000, 2020)
    with pytest.raises(ValueError, match="YEARS=2007;rm: cần ghi dạng 2007-2012 hoặc 2012"):
        parse_years("2007;rm", (2000, 2020))
    with pytest.raises(ValueError, match="the first year is after the last"):
        parse_years("2012-2007", (2000, 2020), "en")


def test_cli_refuses_an_unknown_province(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli_main(["--prov", "11,99x", "--format", "html", "--out", str(tmp_path / "r.html")]) == 2
    assert "Không lập được báo cáo: PROV: không có tỉnh mã 99x; các mã có: 11, 95" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_svg_scales_to_the_column() -> None:
    svg = '<?xml version="1.0"?><svg class="main-svg" width="900" height="480" style="">'
    assert scalable_svg(svg) == '<svg class="main-svg" viewBox="0 0 900 480" width="900" height="480" style="">'


def test_html_escapes_data_text() -> None:
    r = build(DIEN_BIEN, "vi", "published", DAY)
    r.sections[0].blocks[0] = content.Paragraph("<script>alert(1)</script>")
    page = render_html(r)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "3.530\u00a0người" in page  # a number and its unit never part at a line end


# ---- the files people open --------------------------------------------------------------------


@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_docx_reads_back_with_the_figures(dien_bien_docx: bytes) -> None:
    text, tables, pictures = docx_text(dien_bien_docx)
    header = tables[0]
    assert header[0][0].splitlines()[:2] == ["UBND TỈNH ĐIỆN BIÊN", "SỞ CÔNG THƯƠNG"]
    assert header[0][1].splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Điện Biên, ngày 25 tháng 11 năm 2026" in header[0][1]
    assert "BÁO CÁO" in text and "Kết quả công tác khuyến công tỉnh Điện Biên giai đoạn 2007–2012" in text
    assert "(2007–2012): 3.530 người" in text
    assert "Với kinh phí gần 4 tỷ đồng" in text
    assert "Nơi nhận:" in tables[-1][0][0] and "GIÁM ĐỐC" in tables[-1][0][1]
    training = next(t for t in tables if t[0][:3] == ["Tỉnh", "Học viên (người)", "Việc làm mới (người)"])
    assert training[1][0] == "Điện Biên" and training[1][2] == "3.530"
    assert training[1][4] == "chưa có số liệu (báo cáo không nêu)"  # trainees: the report gives none
    assert training[1][5] == "3.530 người (2007–2012)"
    assert pictures == 4  # the four charts, as images
    assert text.count("Ghi chú: số liệu trong bảng lập từ bản ghi minh họa") >= 5
    from docx import Document

    doc = Document(io.BytesIO(dien_bien_docx))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert doc.sections[0].different_first_page_header_footer
    # fixed column widths (Word and LibreOffice): the motto fits its line, tables use the page
    assert [round(c.width.cm, 1) for c in doc.tables[0].columns] == [6.6, 9.9]
    assert sum(c.width.cm for c in doc.tables[1].columns) == pytest.approx(16.5, abs=0.05)
    assert 'instrText xml:space="preserve">PAGE' in doc.sections[0].header._element.xml  # page numbers


@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_docx_of_two_provinces(both_docx: bytes) -> None:
    text, tables, _ = docx_text(both_docx)
    budget = next(t for t in tables if t[0][:2] == ["Tỉnh", "Nguồn kinh phí"])
    bac_lieu = {row[1]: row for row in budget if row[0] == "Bạc Liêu"}
    assert bac_lieu["KCĐP"][4] == "2.768,9 triệu đồng (2,77 tỷ đồng) (2008–2013)"
    assert bac_lieu["KCQG"][4] == "4.020 triệu đồng (4,02 tỷ đồng) (2008–2013)"
    assert bac_lieu["Khác"][4] == "chưa có số liệu"
    assert "6.788,9 triệu đồng (6,79 tỷ đồng)" in text
    assert "V. SO SÁNH CÁC TỈNH" in text


@NEEDS_POPPLER
@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_pdf_text_pages_and_watermark(dien_bien_pdf: Path) -> None:
    pages = pdf_pages(dien_bien_pdf)
    assert 5 <= pages <= 12, pages
    assert pdf_page_count(dien_bien_pdf.read_bytes()) == pages
    text = pdf_text(dien_bien_pdf)
    flat = re.sub(r"\s+", " ", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập - Tự do - Hạnh phúc" in flat
    assert "3.530 người" in flat and "gần 4 tỷ đồng" in flat
    assert "chưa có số liệu (báo cáo không nêu)" in flat
    raw = pdf_text(dien_bien_pdf, raw=True)
    assert raw.count("MINH HỌA") - raw.count("“MINH HỌA”") == 4  # one watermark in each chart
    assert "Nơi nhận:" in pdf_text(dien_bien_pdf, pages)  # the closing is on the last page
    # page numbers at the top centre from page 2 (Decree 30/2020), none on page 1
    assert pdf_text(dien_bien_pdf, 2).lstrip().startswith("2")
    assert not pdf_text(dien_bien_pdf, 1).lstrip().startswith("1")
    pngs = sorted(dien_bien_pdf.parent.glob(f"{dien_bien_pdf.stem}-*.png"))
    assert len(pngs) == pages


@NEEDS_POPPLER
@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_pdf_of_two_provinces(both_pdf: Path) -> None:
    flat = re.sub(r"\s+", " ", pdf_text(both_pdf))
    assert "6.788,9 triệu đồng" in flat and "2.768,9 triệu đồng" in flat and "4.020 triệu đồng" in flat
    assert "SO SÁNH CÁC TỈNH" in flat
    assert "Điện Biên: 2007–2012; Bạc Liêu: 2008–2013" in flat
    assert 6 <= pdf_pages(both_pdf) <= 16


@NEEDS_POPPLER
@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_pdf_in_published_mode_has_no_watermark_and_no_record_sums(tmp_path: Path) -> None:
    path = tmp_path / "published.pdf"
    path.write_bytes(make_report(DIEN_BIEN, "vi", "published", "pdf", DAY))
    flat = re.sub(r"\s+", " ", pdf_text(path, raw=True))
    assert "MINH HỌA" not in flat
    assert "3.530 người" in flat
    assert "3.696" not in flat and "7.534,7" not in flat
    assert (
        pdf_pages(path) < pdf_pages(OUT / "dien-bien-2007-2012.pdf")
        if (OUT / "dien-bien-2007-2012.pdf").exists()
        else True
    )


@NEEDS_POPPLER
@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_english_pdf() -> None:
    r = build(DIEN_BIEN, "en", "all", DAY)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "dien-bien-2007-2012-en.pdf"
    path.write_bytes(render(r, "pdf"))
    flat = re.sub(r"\s+", " ", pdf_text(path))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in flat and "Independence - Freedom - Happiness" in flat
    assert "3,530 people" in flat and "no data" in flat
    raw = pdf_text(path, raw=True)
    assert raw.count("ILLUSTRATIVE") - raw.count("“ILLUSTRATIVE”") == 4


# ---- Decree 30/2020 (Appendix I): the elements an official checks before signing ------------

ISSUER_DB = "Sở Công Thương tỉnh Điện Biên"


def liberation_width_pt(text: str, size: float, bold: bool) -> float:
    """Width of `text` in Liberation Serif 2 (Times New Roman's metrics, with Vietnamese letters;
    version 1 has none), measured from the font file."""
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    path = Path("/usr/share/fonts/truetype/liberation2") / name
    return float(ImageFont.truetype(str(path), 1000).getlength(text)) * size / 1000


def test_place_date_pads_days_under_10_and_months_1_and_2_only() -> None:
    assert content.place_date("Điện Biên", datetime.date(2026, 3, 5), "vi") == "Điện Biên, ngày 05 tháng 3 năm 2026"
    assert content.place_date("Điện Biên", datetime.date(2026, 2, 14), "vi") == "Điện Biên, ngày 14 tháng 02 năm 2026"
    assert content.place_date("Điện Biên", datetime.date(2026, 1, 9), "vi") == "Điện Biên, ngày 09 tháng 01 năm 2026"
    assert content.place_date("Điện Biên", datetime.date(2026, 11, 25), "vi") == "Điện Biên, ngày 25 tháng 11 năm 2026"


def test_letterhead_follows_the_issuing_body() -> None:
    from kcdash.report import Issuer

    one = build(DIEN_BIEN, "vi", "all", DAY)
    assert (one.letterhead, one.issuer_parent, one.issuer) == (True, "UBND TỈNH ĐIỆN BIÊN", "SỞ CÔNG THƯƠNG")
    assert re.fullmatch(r"Số:\s+/BC-SCT", one.number_line)  # document type + the issuing body's abbreviation
    assert one.draft_mark == "DỰ THẢO"  # its numbers come from illustrative records
    assert build(DIEN_BIEN, "vi", "published", DAY).draft_mark == ""
    # several provinces: a summary, no ministry letterhead, no number, Nơi nhận or signature
    many = build(BOTH, "vi", "all", DAY)
    assert (many.letterhead, many.issuer, many.number_line, many.recipients) == (False, "", "", [])
    assert many.title == "BÁO CÁO TỔNG HỢP"
    named = build(BOTH, "vi", "all", DAY, Issuer(name="TRUNG TÂM KHUYẾN CÔNG", abbr="TTKC", place="Hà Nội"))
    assert named.letterhead and re.fullmatch(r"Số:\s+/BC-TTKC", named.number_line)
    assert named.place_date == "Hà Nội, ngày 25 tháng 11 năm 2026" and named.author == "TRUNG TÂM KHUYẾN CÔNG"
    text = "\n".join(content.blocks_text(one))
    assert (
        "Căn cứ của thời kỳ báo cáo: Nghị định số 134/2004/NĐ-CP và Quyết định số 136/2007/QĐ-TTg (đến năm 2012); "
        "Nghị định số 45/2012/NĐ-CP (từ năm 2012)." in text
    )  # an older report keeps its own frame, then today's
    assert "được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27/8/2025" in text
    assert "Quyết định số 2646/QĐ-BCT ngày 23/9/2025" in text
    later = "\n".join(content.blocks_text(build(DIEN_BIEN.with_(year_from=2013, year_to=2013), "vi", "all", DAY)))
    assert "Căn cứ của thời kỳ báo cáo: Nghị định số 45/2012/NĐ-CP (từ năm 2012)." in later


def _rule_cm(paragraph: Any, room_cm: float) -> float:
    """Length of the bottom border of `paragraph` in a line `room_cm` wide."""
    assert paragraph._p.pPr.find(qn("w:pBdr")) is not None, "no rule"
    pf = paragraph.paragraph_format
    return room_cm - (pf.left_indent.cm if pf.left_indent else 0) - (pf.right_indent.cm if pf.right_indent else 0)


@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_docx_follows_decree_30(dien_bien_docx: bytes) -> None:
    from docx import Document

    doc = Document(io.BytesIO(dien_bien_docx))
    left, right = doc.tables[0].rows[0].cells
    # the cell margins Word applies, from the document's own table style
    margin_cm = int(doc.styles.element.xpath('//w:style[@w:styleId="TableNormal"]//w:tblCellMar/w:left/@w:w')[0]) / 567

    def lines(cell: Any) -> list[tuple[str, float, bool]]:
        shown = [(p, [r for r in p.runs if r.text]) for p in cell.paragraphs if p.text.strip()]
        return [(p.text.strip(), runs[0].font.size.pt, bool(runs[0].font.bold)) for p, runs in shown]

    issuer_lines = lines(left)
    assert issuer_lines[:2] == [("UBND TỈNH ĐIỆN BIÊN", 12, False), ("SỞ CÔNG THƯƠNG", 12, True)]
    assert re.fullmatch(r"Số:\s+/BC-SCT", issuer_lines[2][0])
    assert issuer_lines[3] == ("DỰ THẢO", 13, True)  # near the number
    motto = lines(right)
    assert (motto[0][0], motto[1][0]) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert (motto[0][1], motto[1][1]) in ((12, 13), (13, 14)) and motto[0][2] and motto[1][2]
    # rules: the issuing body's 1/3–1/2 of its line, the tiêu ngữ's as long as its line
    left_room = left.width.cm - 2 * margin_cm
    right_room = right.width.cm - 2 * margin_cm
    issuer_rule = _rule_cm(left.paragraphs[2], left_room)
    issuer_line = liberation_width_pt("SỞ CÔNG THƯƠNG", 12, True) / 28.3465
    assert issuer_line / 3 <= issuer_rule <= issuer_line / 2, (issuer_rule, issuer_line)
    motto_rule = _rule_cm(right.paragraphs[2], right_room)
    motto_line = liberation_width_pt("Độc lập - Tự do - Hạnh phúc", 13, True) / 28.3465
    assert motto_rule == pytest.approx(motto_line, abs=0.05)
    # the trích yếu's rule: 1/3–1/2 of its line
    body = doc.paragraphs
    i = next(k for k, p in enumerate(body) if p.text.startswith("Kết quả công tác khuyến công"))
    assert body[i - 1].text == "BÁO CÁO" and body[i].runs[0].font.size.pt == 14
    page = doc.sections[0]
    text_cm = page.page_width.cm - page.left_margin.cm - page.right_margin.cm
    title_line = min(liberation_width_pt(body[i].text, 14, True) / 28.3465, text_cm)
    title_rule = _rule_cm(body[i + 1], text_cm)
    assert title_line / 3 <= title_rule <= title_line / 2, (title_rule, title_line)
    # Nơi nhận (no "Như trên" without a "Kính gửi") and the signature block with the name line (box 7c)
    recipients, signer = doc.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- UBND tỉnh Điện Biên;", "- Lưu: VT, KC."]
    heading = next(r for r in recipients.paragraphs[0].runs if r.text)
    assert heading.font.bold and heading.font.italic
    assert [p.text for p in signer.paragraphs if p.text] == ["GIÁM ĐỐC", "[Họ và tên người ký]"]
    assert signer.paragraphs[-1].runs[0].font.bold
    everything = "\n".join(p.text for p in body) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Ký, ghi rõ họ tên" not in everything and ".txt" not in everything
    assert "Như trên" not in everything or "Kính gửi" in everything
    # black text everywhere: the illustrative marks are words, not red
    runs = [r for p in body for r in p.runs] + [
        r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert {str(r.font.color.rgb) for r in runs if r.font.color.type is not None} <= {"000000"}
    # the file's properties: the issuing body, today
    props = doc.core_properties
    assert props.author == ISSUER_DB and props.last_modified_by == ISSUER_DB
    assert props.created.date() == DAY and props.modified.date() == DAY
    assert "python-docx" not in f"{props.comments} {props.author} {props.last_modified_by} {props.keywords}"


def pdf_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, xMin, yMin, xMax, yMax) of every word on `page`, in points, in pdftotext's order."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(html.unescape(w), float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def phrase_box(words: list[tuple[str, float, float, float, float]], phrase: str) -> tuple[float, float, float, float]:
    """The box round the words of `phrase`, found consecutively on the page."""
    tokens = phrase.split()
    for i in range(len(words) - len(tokens) + 1):
        if [w[0] for w in words[i : i + len(tokens)]] == tokens:
            run = words[i : i + len(tokens)]
            return min(w[1] for w in run), min(w[2] for w in run), max(w[3] for w in run), max(w[4] for w in run)
    raise AssertionError(f"{phrase!r} not on the page")


def rules_on(png: Path, scale: float) -> list[tuple[float, float, float]]:
    """Horizontal rules drawn on a page image: (y, x0, x1) in points, from runs of dark pixels
    at least 30 pt long (letters never make one)."""
    import numpy as np
    from PIL import Image

    dark = np.asarray(Image.open(png).convert("L")) < 128
    found: list[tuple[float, float, float]] = []
    for y, row in enumerate(dark):
        xs = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        for x0, x1 in zip(xs[::2], xs[1::2], strict=True):
            if (x1 - x0) / scale >= 30 and not any(
                abs(f[0] - y / scale) < 2 and abs(f[1] - x0 / scale) < 2 for f in found
            ):
                found.append((y / scale, x0 / scale, x1 / scale))
    return found


def rule_under(rules: list[tuple[float, float, float]], box: tuple[float, float, float, float]) -> float:
    """Length of the rule just under the line `box`, centred with it."""
    x0, _, x1, y1 = box
    centre = (x0 + x1) / 2
    under = [r for r in rules if y1 - 1 <= r[0] <= y1 + 12 and abs((r[1] + r[2]) / 2 - centre) < 3]
    assert under, (box, rules)
    return under[0][2] - under[0][1]


@NEEDS_POPPLER
@pytest.mark.browser  # the charts' images and the PDF come from Chromium
def test_pdf_follows_decree_30_like_the_word_file(dien_bien_pdf: Path, tmp_path: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(dien_bien_pdf)], capture_output=True, check=True, text=True).stdout
    serif = [line for line in fonts.splitlines() if "LiberationSerif" in line]
    assert serif and all(" yes " in line for line in serif)  # Times New Roman's metrics, embedded
    words = pdf_words(dien_bien_pdf, 1)

    def size(phrase: str, bold: bool) -> float:  # the size a line is set in, from its printed width
        x0, _, x1, _ = phrase_box(words, phrase)
        return (x1 - x0) / liberation_width_pt(phrase, 1, bold)

    # the same sizes as in Word: issuing body 12, quốc hiệu 12 with tiêu ngữ 13
    assert size("SỞ CÔNG THƯƠNG", True) == pytest.approx(12, abs=0.1)
    assert size("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True) == pytest.approx(12, abs=0.1)
    assert size("Độc lập - Tự do - Hạnh phúc", True) == pytest.approx(13, abs=0.1)
    # rules of the right lengths, measured on the printed page
    subprocess.run(
        ["pdftoppm", "-r", "144", "-f", "1", "-l", "1", "-png", str(dien_bien_pdf), str(tmp_path / "p")], check=True
    )
    rules = rules_on(next(tmp_path.glob("p*.png")), 2.0)
    issuer = phrase_box(words, "SỞ CÔNG THƯƠNG")
    assert (issuer[2] - issuer[0]) / 3 <= rule_under(rules, issuer) <= (issuer[2] - issuer[0]) / 2
    motto = phrase_box(words, "Độc lập - Tự do - Hạnh phúc")
    assert rule_under(rules, motto) == pytest.approx(motto[2] - motto[0], abs=1.5)
    title = phrase_box(words, "Kết quả công tác khuyến công tỉnh Điện Biên giai đoạn 2007–2012")
    assert (title[2] - title[0]) / 3 <= rule_under(rules, title) <= (title[2] - title[0]) / 2
    # ký hiệu and the DỰ THẢO mark under it, above the title
    number = phrase_box(words, "/BC-SCT")
    draft = phrase_box(words, "DỰ THẢO")
    assert number[3] < draft[1] < phrase_box(words, "BÁO CÁO")[1]
    assert abs((draft[0] + draft[2]) / 2 - (issuer[0] + issuer[2]) / 2) < 3  # in the issuing body's column
    # page 1 is black on white: no coloured pixel (the illustrative notes are words)
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    assert int((np.abs(rgb[..., 0] - rgb[..., 1]) + np.abs(rgb[..., 1] - rgb[..., 2]) > 60).sum()) == 0
    # the last page: Nơi nhận, then the signer's title with the name line under it
    last = pdf_words(dien_bien_pdf, pdf_pages(dien_bien_pdf))
    signer = phrase_box(last, "GIÁM ĐỐC")
    name = phrase_box(last, "[Họ và tên người ký]")
    assert name[1] > signer[3] + 36  # room for the signature and seal
    assert abs((name[0] + name[2]) / 2 - (signer[0] + signer[2]) / 2) < 3
    flat = re.sub(r"\s+", " ", pdf_text(dien_bien_pdf))
    assert "Nơi nhận: - UBND tỉnh Điện Biên; - Lưu: VT, KC." in flat.replace("GIÁM ĐỐC ", "")
    assert "Như trên" not in flat and ".txt" not in flat and "Ký, ghi rõ" not in flat
