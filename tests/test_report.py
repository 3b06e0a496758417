"""The province report (issue 11): Word read back with python-docx, PDF read with poppler's
pdftotext/pdfinfo and rendered to PNG with pdftoppm. Reports and page images are written to
test-output/reports/ for people to look at.

Figures asserted are the published ones (Điện Biên 2007–2012: 3.530 workers with new jobs,
"gần 4 tỷ đồng"; Bạc Liêu 2008–2013: 6.788,9 = 2.768,9 + 4.020 triệu đồng), the "chưa có số
liệu" cells, the watermark rule and the page count.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kcdash.data import Filters
from kcdash.report import build, content, make_report, pdf_page_count, render
from kcdash.report.__main__ import main as cli_main
from kcdash.report.__main__ import parse_years
from kcdash.report.html_writer import render_html, scalable_svg

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


@pytest.fixture(scope="module")
def dien_bien_pdf() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "dien-bien-2007-2012.pdf"
    path.write_bytes(make_report(DIEN_BIEN, "vi", "all", "pdf", DAY))
    render_pages(path)
    return path


@pytest.fixture(scope="module")
def both_pdf() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "dien-bien-bac-lieu-2007-2013.pdf"
    path.write_bytes(make_report(BOTH, "vi", "all", "pdf", DAY))
    render_pages(path)
    return path


@pytest.fixture(scope="module")
def dien_bien_docx() -> bytes:
    OUT.mkdir(parents=True, exist_ok=True)
    data = make_report(DIEN_BIEN, "vi", "all", "docx", DAY)
    (OUT / "dien-bien-2007-2012.docx").write_bytes(data)
    return data


@pytest.fixture(scope="module")
def both_docx() -> bytes:
    OUT.mkdir(parents=True, exist_ok=True)
    data = make_report(BOTH, "vi", "all", "docx", DAY)
    (OUT / "dien-bien-bac-lieu-2007-2013.docx").write_bytes(data)
    return data


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
    assert [round(c.width.cm, 1) for c in doc.tables[0].columns] == [6.2, 10.3]
    assert sum(c.width.cm for c in doc.tables[1].columns) == pytest.approx(16.5, abs=0.05)
    assert 'instrText xml:space="preserve">PAGE' in doc.sections[0].header._element.xml  # page numbers


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
def test_pdf_of_two_provinces(both_pdf: Path) -> None:
    flat = re.sub(r"\s+", " ", pdf_text(both_pdf))
    assert "6.788,9 triệu đồng" in flat and "2.768,9 triệu đồng" in flat and "4.020 triệu đồng" in flat
    assert "SO SÁNH CÁC TỈNH" in flat
    assert "Điện Biên: 2007–2012; Bạc Liêu: 2008–2013" in flat
    assert 6 <= pdf_pages(both_pdf) <= 16


@NEEDS_POPPLER
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
