"""Attack tests, second pass: one test per thing an attacker still got through after the first
hardening (docs/SECURITY.md, "The attack tests"), then the smaller findings beside them.

Each builds its attack itself (a file, a link, a websocket message) in a temporary folder; each
of the ten failed on the code before this pass.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixture_data import OIDC_SECRETS
from markdown_it import MarkdownIt
from st_client import Session, serve
from streamlit.testing.v1 import AppTest

from kcdash import auth, fmt, i18n, importer, lake, store
from kcdash.importer import cli
from kcdash.report.queue import Busy, RenderQueue

REPO = Path(__file__).resolve().parents[1]
DATA = str(REPO / "data")
GB = 1024**3
PASSWORD = "đúng-mật-khẩu-dài"  # noqa: S105 - a test account's password


def _steward_env() -> str:
    return f"lan:{auth.hash_password(PASSWORD, iterations=auth.MIN_ITERATIONS)}"


# ---- 1. report renders are bounded ----------------------------------------------------------
def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


@pytest.mark.browser
def test_four_report_requests_from_one_viewer_stay_under_2_5_gb(bundled_copy, tmp_path):
    # Regression: each deferred "Xuất báo cáo" request started a ~1 GB Chromium render; four
    # requests sent at once over one websocket took the server and its children to 4.3 GB.
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "s.sqlite3")}
    with serve("viewer.py", env=env, log_name="report-queue") as port:
        import psutil

        server = next(
            p.pid
            for p in psutil.process_iter(["cmdline"])
            if "viewer.py" in " ".join(p.info["cmdline"] or []) and str(port) in " ".join(p.info["cmdline"] or [])
        )
        viewer = Session(port)
        try:
            pdf = next(
                el.download_button.deferred_file_id
                for kind, el in viewer.first.elements
                if kind == "download_button"
                and el.download_button.deferred_file_id
                and "PDF" in el.download_button.label
            )
            peak = [_tree_rss(server)]
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.2):
                    peak[0] = max(peak[0], _tree_rss(server))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            started = time.monotonic()
            replies = viewer.request_files([pdf] * 4)
            seconds = time.monotonic() - started
            again = viewer.request_files([pdf])  # the same report once more: from the cache
            stop.set()
            sampler.join(5)
        finally:
            viewer.close()
    served = [r for r in replies if r.WhichOneof("payload") == "deferred_file" and r.deferred_file.url]
    told = [r.error_msg for r in replies if r.error_msg]
    out = REPO / "test-output" / "attacks"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report_memory.json").write_text(
        json.dumps({"peak_gb": round(peak[0] / GB, 2), "seconds": round(seconds, 1), "served": len(served)})
    )
    log = REPO / "test-output" / f"report-queue-{port}.log"
    why = f"replies {told}; server log:\n{log.read_text(errors='replace')[-4000:] if log.exists() else '(none)'}"
    assert len(replies) == 4, why  # every request answered ...
    assert len(served) == 1, why  # ... one rendered ...
    assert told == [i18n.t("report.busy_session", "vi")] * 3  # ... three told, in Vietnamese, to wait
    assert again and again[0].deferred_file.url
    assert peak[0] < 2.5 * GB, f"server and children peaked at {peak[0] / GB:.2f} GB"


def test_identical_report_requests_share_one_render_and_a_viewer_waits_its_turn():
    queue = RenderQueue(renders=1, pending=3)
    started, release = threading.Event(), threading.Event()
    calls = []

    def render() -> bytes:
        calls.append(1)
        started.set()
        release.wait(10)
        return b"%PDF report"

    results: dict[str, bytes] = {}
    first = threading.Thread(target=lambda: results.setdefault("a", queue.get("k", "viewer-a", render)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.setdefault("b", queue.get("k", "viewer-b", render)))
    second.start()
    with pytest.raises(Busy) as same_viewer:  # viewer a asks again while its report is made
        queue.get("k", "viewer-a", render)
    assert same_viewer.value.reason == "session"
    # a third viewer's other report fills the server's room (three requests in progress)
    third = threading.Thread(target=lambda: results.setdefault("c", queue.get("other", "viewer-c", render)))
    third.start()
    deadline = time.monotonic() + 10
    while queue.in_progress() < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(Busy) as full:
        queue.get("k2", "viewer-d", render)
    assert full.value.reason == "server"
    release.set()
    for t in (first, second, third):
        t.join(10)
    assert results == {"a": b"%PDF report", "b": b"%PDF report", "c": b"%PDF report"}
    assert len(calls) == 2  # "k" rendered once for viewers a and b, "other" once
    assert queue.get("k", "viewer-a", render) == b"%PDF report" and len(calls) == 2  # from the cache


# ---- 2. no links from text ------------------------------------------------------------------
ADDRESSES = "Dang nhap lai tai https://evil.example/login www.evil.example admin@evil.example HTTP://x.example"
# the patterns of GFM literal autolinks as Streamlit's Markdown renderer (remark-gfm) applies them
# to text once escapes are resolved (static/js/StreamlitMarkdown.*.js)
_GFM_URL = re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+", re.ASCII)
_GFM_EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII)


def _linked(markdown: str) -> list[str]:
    """What Streamlit would make a link of in `markdown` (as rendered text, escapes resolved)."""
    html = MarkdownIt("commonmark").render(markdown)
    text = re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return [m.group() for m in (*_GFM_URL.finditer(text), *_GFM_EMAIL.finditer(text))]


def _visible(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def test_addresses_from_the_url_files_and_data_are_never_links(bundled_copy, monkeypatch):
    # Regression: Markdown escapes kept links out, but Streamlit's renderer still made links of
    # web and e-mail addresses in a search, a file name (every chart's source line) and a cluster name.
    def write(dest: Path) -> dict[str, int]:  # the bundled tables, one cluster renamed, as an import writes them
        for p in bundled_copy.iterdir():
            if p.is_file() and p.suffix in (".csv", ".parquet") and not p.name.startswith("_"):
                shutil.copy(p, dest / p.name)
        clusters = pq.read_table(dest / "clusters.parquet")
        names = clusters.column("name_vi").to_pylist()
        names[0] = "Cụm www.evil.example admin@evil.example"
        pq.write_table(clusters.set_column(1, "name_vi", pa.array(names)), dest / "clusters.parquet")
        return {}

    with store.locked(str(bundled_copy)):  # a version labelled with an uploaded file's name
        label = "so_lieu https://evil.example/a.xlsx"
        store.commit_version(str(bundled_copy), write, {"label_vi": label, "label_en": label})
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["q"] = ADDRESSES  # a link with a search in it
    at.run()
    assert not at.exception
    # the version's label (an uploaded file's name) in the source line under the overview's charts
    labels = [c.value for c in at.caption if "evil.example/a.xlsx" in _visible(c.value)]
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception
    search = [e.value for e in at.info if "evil.example/login" in _visible(e.value)]
    at.switch_page("pages/clusters.py").run()
    assert not at.exception
    cells = [
        str(v) for table in at.table for v in table.value.to_numpy().ravel() if "admin@evil.example" in _visible(str(v))
    ]
    assert search and labels and cells, (search, labels, cells)  # every place shows the text ...
    assert "https://evil.example/login www.evil.example admin@evil.example" in _visible(search[0])
    for shown in [*search, *labels, *cells]:
        assert _linked(shown) == [], shown  # ... and none makes a link of it


# ---- 3. a steward's session id grants nothing -----------------------------------------------
@pytest.mark.server
def test_a_resumed_steward_session_grants_nothing(bundled_copy, tmp_path):
    # Regression: a websocket asking to resume the steward's session id (shown in every upload
    # URL, so in the proxy's log) was signed in and could upload.
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "s.sqlite3"), "KC_STEWARDS": _steward_env()}
    with serve("admin.py", "--server.maxUploadSize", "50", env=env) as port:
        steward = Session(port)
        attacker = None
        try:
            user = steward.first.widget_id("text_input", "sign_in_user")
            password = steward.first.widget_id("text_input", "sign_in_password")
            submit = steward.first.widget_id("button", "FormSubmitter:sign_in")
            steward.rerun({user: "lan", password: PASSWORD, submit: True})
            assert steward.put_file(b"a,b\n") == 204  # the steward's own browser uploads
            attacker = Session(port)
            assert attacker.put_file(b"a,b\n", session_id=steward.session_id) == 403  # the id alone
            attacker.close()
            attacker = Session(port, resume=steward.session_id)
            kinds = {kind for kind, _ in attacker.first.elements}
            assert "Đăng nhập cán bộ quản lý dữ liệu" in attacker.first.texts()  # asked to sign in
            assert "file_uploader" not in kinds
            assert attacker.put_file(b"a,b\n", session_id=steward.session_id) == 403
        finally:
            steward.close()
            if attacker is not None:
                attacker.close()


# ---- 4. xlsx: every part found through content types and relationships ------------------------
def test_shared_strings_under_another_name_are_counted(monkeypatch):
    # Regression: the scan looked at xl/sharedStrings.xml and *.xml only; openpyxl found the
    # strings in xl/strings.bin through [Content_Types].xml and read them for minutes.
    from xlsx_parts import CONTENT_TYPES, HEADER_ROW, ROOT_RELS, SHEET_HEAD, SHEET_TAIL, WORKBOOK, WORKBOOK_RELS

    monkeypatch.setenv("KC_IMPORT_MAX_SHARED_STRINGS_MB", "1")
    strings = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>" + b"A" * (3 * 1024 * 1024) + b"</t></si></sst>"
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.replace("/xl/sharedStrings.xml", "/xl/strings.bin"))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace("sharedStrings.xml", "strings.bin"))
        zf.writestr("xl/strings.bin", strings)
        zf.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + HEADER_ROW + SHEET_TAIL)
    result = importer.check(bio.getvalue(), "doi_ten.xlsx", base=DATA)
    assert [p.rule for p in result.problems] == ["imp_limit_shared_strings"]
    assert result.problems[0].message("vi").endswith("vượt quá giới hạn 1.0 MB (KC_IMPORT_MAX_SHARED_STRINGS_MB)")


# ---- 5. Parquet: sizes from the footer before any read ----------------------------------------
def test_a_parquet_cell_of_many_megabytes_is_refused_from_its_footer():
    # Regression: a 16 KB Parquet file with one 400 MB cell took 2.56 GB and ended in DuckDB's
    # out-of-memory traceback: the limits counted cells, not bytes.
    buf = io.BytesIO()
    pq.write_table(pa.table({"Mã đề án": ["X1"], "Tên đề án": ["A" * (40 * 1024 * 1024)]}), buf, compression="zstd")
    content = buf.getvalue()
    assert len(content) < 100_000
    started = time.monotonic()
    result = importer.check(content, "o_lon.parquet", base=DATA)
    assert time.monotonic() - started < 10
    assert [p.rule for p in result.problems] == ["imp_limit_parquet_column"]
    assert result.problems[0].message("vi") == (
        "Tệp o_lon.parquet: cột “Tên đề án” của tệp Parquet khi giải nén là 40.0 MB, "
        "quá giới hạn 16 KB một ô (KC_IMPORT_MAX_CELL_KB)"
    )


# ---- 6. OpenID Connect identities -------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "verified", "steward"),
    [
        ("\u212aate@x.vn", True, False),  # Kelvin sign for K
        ("roß@x.vn", True, False),
        ("ro\u017f\u017f@x.vn", True, False),  # long s
        ("ｋａｔｅ@x.vn", True, False),  # full-width letters
        ("kate@x.vn", False, False),  # the provider has not verified it
        ("kate@x.vn", None, False),
        ("Kate@X.vn", True, True),
    ],
)
def test_openid_connect_identities_are_compared_strictly(bundled_copy, monkeypatch, email, verified, steward):
    # Regression: e-mails were compared after casefold (Kelvin sign, ß and ſ matched kate@, ross@)
    # and email_verified was never checked.
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    monkeypatch.setenv("KC_STEWARD_EMAILS", "kate@x.vn, ross@x.vn")
    at = AppTest.from_file(str(REPO / "steward.py"), default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email": email, **({} if verified is None else {"email_verified": verified})}
    at.run()
    assert not at.exception
    assert ("console_sign_out" in [b.key for b in at.button]) is steward
    assert (len(at.file_uploader) == 0) or steward


# ---- 7. CSV: no formula whatever the separator ------------------------------------------------
CSV_ATTACKS = [
    "x;=1+1;=cmd|' /C calc'!A0",
    "a,@SUM(1+1)",
    "b\t+1+2",
    'q";=2',
    "dòng 1\n-3+4",
    'c; =HYPERLINK("http://x")',
    "Cụm Hồng Dân - Bạc Liêu",
]
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _formula_cells(text: str, delimiter: str) -> list[str]:
    """Cells a spreadsheet splitting at `delimiter` would read as formulas: with quoting as Excel
    reads it, and as a naive split that ignores quotes."""
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
    cells += [c for line in text.splitlines() for c in line.split(delimiter)]
    out = []
    for cell in cells:
        stripped = cell.strip().strip('"').strip()
        if stripped.startswith(_FORMULA_START):
            try:
                float(stripped)
            except ValueError:
                out.append(cell)
    return out


def test_a_csv_download_has_no_formula_under_any_separator():
    # Regression: only a cell's start was neutralised, so "x;=1+1;=cmd|…" was written unquoted
    # and Excel with ";" as its list separator read two formulas.
    import pandas as pd

    frame = pd.DataFrame({"Tên": CSV_ATTACKS, "Kinh phí": [-2.5, 1, 2, 3, 4, 5, 6]})
    text = fmt.to_csv_bytes(frame).decode("utf-8-sig")
    for delimiter in (",", ";", "\t"):
        assert _formula_cells(text, delimiter) == [], delimiter
    back = pd.read_csv(io.StringIO(text))
    assert back["Tên"].tolist()[-1] == "Cụm Hồng Dân - Bạc Liêu"  # ordinary text is left as it was
    assert back["Tên"].tolist()[0] == "x;'=1+1;'=cmd|' /C calc'!A0"
    assert back["Kinh phí"].tolist()[0] == -2.5  # numbers stay numbers


# ---- 8. control characters --------------------------------------------------------------------
def test_control_characters_are_refused_at_import_and_dropped_from_the_word_report(
    tmp_path, monkeypatch, make_fixture, fixture_csvs
):
    # Regression: a cluster name with \x01\x0b\x1b was accepted, then the Word report failed
    # ("All strings must be XML compatible").
    head, row = (line.split(",") for line in fixture_csvs["clusters"].splitlines()[:2])
    row[1] = "Cụm\x01\x0b\x1b Tuần Giáo"
    buf = io.BytesIO()
    pq.write_table(pa.table({h: [v] for h, v in zip(head, row, strict=True)}), buf)
    result = importer.check(buf.getvalue(), "ccn.parquet", table="clusters", base=DATA)
    assert result.records is None
    assert result.problems[0].message("vi") == (
        "Tệp ccn.parquet, hàng 1: ô ở cột B chứa ký tự không in được (U+0001); hãy xóa ký tự đó trong tệp rồi xuất lại"
    )
    # data that reached the folder some other way still makes a Word report, without them
    folder = make_fixture(
        tmp_path / "data", clusters=fixture_csvs["clusters"].replace("Cụm Tuần Giáo", "Cụm\x01\x0b\x1b Tuần Giáo")
    )
    monkeypatch.setenv("DATA_DIR", str(folder))
    from docx import Document

    from kcdash.data import Filters
    from kcdash.report import build
    from kcdash.report.docx_writer import render_docx

    report = build(Filters(provinces=("11",), year_from=2007, year_to=2013), "vi")
    doc = Document(io.BytesIO(render_docx(report)))
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any("Cụm Tuần Giáo" in x for x in texts)
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", x) for x in texts)


# ---- 9. text length ---------------------------------------------------------------------------
def test_a_title_over_1000_characters_is_refused_with_its_row():
    # Regression: 22 rows with 1 MB titles were accepted and sent 22 MB per view of the records page.
    head = "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\n"
    rows = "X1,11,2012,nd45_1,kcqg,Lớp ngắn\n" + "X2,11,2012,nd45_1,kcqg," + "Dài " * 251 + "\n"
    result = importer.check((head + rows).encode(), "dai.csv", base=DATA)
    assert result.records is None
    [problem] = result.problems
    assert (problem.rule, problem.row) == ("too_long", 3)
    assert problem.message("vi").startswith("Tệp dai.csv, hàng 3, cột “Tên đề án”, giá trị “Dài Dài")
    assert problem.message("vi").endswith("…”: dài quá giới hạn 1000 ký tự của cột này")
    assert problem.message("en").endswith("is longer than the limit of 1000 characters for this column")
    ok = importer.check((head + "X1,11,2012,nd45_1,kcqg," + "a" * 1000 + "\n").encode(), "vua.csv", base=DATA)
    assert not [p for p in ok.problems if p.rule == "too_long"]


# ---- 10. profiles -----------------------------------------------------------------------------
@pytest.mark.program
def test_profiles_are_checked_like_map_and_names_that_fold_alike_are_refused(bundled_copy):
    # Regression: a hand-edited profile naming an unknown column or unit ended in a KeyError
    # traceback; "SO..CONG//THUONG" silently overwrote "Sở Công Thương".
    base = str(bundled_copy)
    importer.save_profile(base, "Sở Công Thương", importer.Choices(columns={"de an": "title_vi"}), table="activities")
    with pytest.raises(importer.ProfileNameTaken) as taken:
        importer.save_profile(base, "SO..CONG//THUONG", importer.Choices(), table="activities")
    assert taken.value.existing == "Sở Công Thương"
    assert importer.load_profile(base, "Sở Công Thương").columns == {"de an": "title_vi"}  # not overwritten
    path = bundled_copy / "import_profiles" / "so_cong_thuong.json"
    csv_file = (
        REPO
        / "tests"
        / "import_corpus"
        / "accepted"
        / next(p.name for p in (REPO / "tests" / "import_corpus" / "accepted").iterdir() if p.suffix == ".csv")
    )
    for edit, shown in (
        ({"columns": {"de an": "khong_co"}}, "Không có cột “khong_co” trong mẫu dữ liệu"),
        (
            {"units": {"budget_million_vnd": "ty_dong"}},
            "Không có đơn vị “ty_dong”; các đơn vị: dong, nghin_dong, trieu_dong",
        ),
    ):
        path.write_text(json.dumps({"name": "Sở Công Thương", **edit}, ensure_ascii=False), encoding="utf-8")
        r = check_with_profile(base, "Sở Công Thương", csv_file)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert r.stderr.strip().startswith(f"Hồ sơ ánh xạ “Sở Công Thương” không dùng được: {shown}"), r.stderr
    path.write_text(json.dumps({"name": "Sở Công Thương", "columns": {}}, ensure_ascii=False), encoding="utf-8")
    r = check_with_profile(base, "SO..CONG//THUONG", csv_file, "--save-profile")
    assert r.returncode == 2 and "Đã có hồ sơ ánh xạ “Sở Công Thương”" in r.stderr, r.stderr


def check_with_profile(base: str, profile: str, csv_file: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`python -m kcdash.importer --check` of csv_file with the named mapping profile, as a steward runs it."""
    args = ["--data-dir", base, "--check", "--profile", profile, *flags, str(csv_file)]
    return subprocess.run(
        [sys.executable, "-m", "kcdash.importer", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


# ---- also seen: the command line, CURRENT, websocket origins ----------------------------------
def test_a_full_disk_is_a_message_and_changes_nothing(bundled_copy, monkeypatch, capsys):
    before = store.current_version_id(str(bundled_copy))

    def full(*_args, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(bundled_copy / "lake"))

    monkeypatch.setattr(lake, "commit", full)  # every snapshot is written by it, the bundled data's first too
    corpus = REPO / "tests" / "import_corpus" / "accepted"
    csv_file = next(p for p in corpus.iterdir() if p.suffix == ".csv")
    code = cli.main(["--data-dir", str(bundled_copy), str(csv_file)])
    err = capsys.readouterr().err
    assert code == 5 and "Traceback" not in err
    assert err.strip() == (
        f"Hết chỗ trên đĩa khi ghi {bundled_copy / 'lake'}. Không có gì thay đổi: phiên bản đang dùng vẫn giữ "
        "nguyên. Hãy giải phóng dung lượng rồi thử lại."
    )
    assert store.current_version_id(str(bundled_copy)) == before


def test_a_refused_rollback_is_a_message(bundled_copy, capsys):
    from fixture_data import copied_version as _version

    first = _version(bundled_copy, "một")
    _version(bundled_copy, "hai")
    (damaged,) = lake.files(store.lake_of(str(bundled_copy)), int(first))["activities"]
    Path(damaged).write_bytes(Path(damaged).read_bytes()[:-100])
    code = cli.main(["--data-dir", str(bundled_copy), "--rollback", first, "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 4 and "Traceback" not in err
    assert err.startswith("Not done: the data version store refused (") and err.rstrip().endswith(
        "The data in use is unchanged."
    )


@pytest.mark.server
def test_a_websocket_from_another_port_of_the_same_host_is_refused(bundled_copy, tmp_path):
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "s.sqlite3")}
    with serve("viewer.py", env=env) as port:
        with pytest.raises(Exception, match="403"):
            Session(port, origin=f"http://127.0.0.1:{port + 1}", first=False)
        ok = Session(port)  # the dashboard's own page
        try:
            assert "Tổng quan" in ok.first.texts()
        finally:
            ok.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200  # plain requests are not affected
