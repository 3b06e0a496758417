"""Attack tests, one or more per finding of the security review (docs/SECURITY.md says how to run them).

Each builds its own small attack (a file, a name, a request) and failed on the code as it was at
commit 71a57d3; finding 2 ("small file, big work") and NUL bytes in imported text are tested
with the importer (tests/test_import*.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fixture_data import OIDC_SECRETS
from fixture_data import copied_version as _version
from markdown_it import MarkdownIt
from st_client import Session, frames, serve
from streamlit.testing.v1 import AppTest

from kcdash import auth, lake, store

REPO = Path(__file__).resolve().parents[1]

MB = 1024 * 1024
PASSWORD = "đúng-mật-khẩu-dài"  # noqa: S105 - a test account's password


def _steward_env(iterations: int = 100_000) -> str:  # the minimum cost (auth.MIN_ITERATIONS)
    return f"lan:{auth.hash_password(PASSWORD, iterations=iterations)}"


# ---- 1. anonymous uploads ---------------------------------------------------------------------
@pytest.mark.server
def test_viewer_app_refuses_an_anonymous_upload(bundled_copy, tmp_path):
    # Regression: Streamlit's endpoint took 45 MB PUTs from any signed-out session of app.py.
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "s.sqlite3")}
    with serve("app.py", env=env) as port:
        for path in ("import_data", "sign_in"):  # typed into a fresh server's address bar
            probe = Session(port, path=path)
            kinds = {kind for kind, _ in probe.first.elements}
            assert "Tổng quan" in probe.first.texts() and not kinds & {"file_uploader", "text_input"}
            probe.close()
        viewer = Session(port)  # a visitor: no uploader on any page, no sign-in
        try:
            assert viewer.session_id
            assert viewer.put_file(b"a" * MB) == 413  # the dashboard's limit is 0 MB
            assert viewer.put_file(b"x" * 1000, chunked=True) == 413  # no Content-Length: counted while read
        finally:
            viewer.close()


@pytest.mark.server
def test_viewer_wrapper_refuses_every_upload(bundled_copy, tmp_path):
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "s.sqlite3")}
    with serve("viewer.py", env=env) as port:
        viewer = Session(port)
        try:
            assert viewer.put_file(b"a" * MB) == 403
            assert viewer.put_file(b"", chunked=True) == 403  # even the empty file app.py alone records
        finally:
            viewer.close()


@pytest.mark.server
def test_steward_console_takes_files_only_from_a_signed_in_steward(bundled_copy, tmp_path):
    env = {
        "DATA_DIR": str(bundled_copy),
        "KC_AUTH_STATE": str(tmp_path / "s.sqlite3"),
        "KC_STEWARDS": _steward_env(),
    }
    with serve("admin.py", "--server.maxUploadSize", "50", env=env) as port:
        visitor = Session(port)
        try:
            assert "Đăng nhập cán bộ quản lý dữ liệu" in visitor.first.texts()
            assert visitor.put_file(b"a" * MB) == 403
            assert visitor.put_file(b"", chunked=True) == 403
            user = visitor.first.widget_id("text_input", "sign_in_user")
            password = visitor.first.widget_id("text_input", "sign_in_password")
            submit = visitor.first.widget_id("button", "FormSubmitter:sign_in")
            visitor.rerun({user: "lan", password: "sai-mật-khẩu", submit: True})
            assert visitor.put_file(b"a" * MB) == 403  # a wrong password uploads nothing either
            time.sleep(auth.failure_delay(1))  # the back-off after that failure
            visitor.rerun({user: "lan", password: PASSWORD, submit: True})
            assert visitor.put_file(b"a" * MB) == 204  # the same session, now a steward
            assert visitor.put_file(b"a" * 51 * MB) == 413  # and still the console's own limit
        finally:
            visitor.close()


# ---- 3. formulas in downloads, control characters on the terminal ----------------------------
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULAS = ['=HYPERLINK("http://x.example","bấm")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def test_records_grid_shows_and_exports_no_live_formula(tmp_path, monkeypatch, make_fixture):
    # Regression: the records grid's own "Download as CSV" exported =HYPERLINK(…) raw.
    lines = textwrap.dedent(
        """\
        activity_id,province_code,district_code,year,activity_type_code,craft_code,fund_code,budget_million_vnd,trainees,new_jobs,title_vi,source,is_illustrative
        """
    )
    for i, title in enumerate(FORMULAS):
        quoted = '"' + title.replace('"', '""') + '"'
        lines += f"x{i},11,098,2008,nd45_1,tea_processing,kcdp,10.5,30,25,{quoted},test,true\n"
    folder = make_fixture(tmp_path / "data", activities=lines)
    monkeypatch.setenv("DATA_DIR", str(folder))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception
    grid = next(df for df in frames(at) if "Mã đề án" in df.columns)  # the records grid
    assert sorted(grid["Tên đề án"]) == sorted("'" + f for f in FORMULAS)
    assert sorted(grid["Kinh phí (triệu đồng)"]) == ["10,5"] * 3  # numbers are left alone


def test_no_grid_on_any_page_shows_a_live_formula(tmp_path, monkeypatch, make_fixture, fixture_csvs):
    """Every table on every page (its toolbar exports what it shows): a cluster name and a record
    title from a file that start like a formula are shown neutralised, and numbers stay numbers."""
    clusters = fixture_csvs["clusters"].replace("Cụm Tuần Giáo", "=SUM(1+1)*cmd|' /C calc'!A0", 1)
    clusters = clusters.replace("Cụm Hồng Dân", "-Cụm Hồng Dân", 1)
    activities = fixture_csvs["activities"].splitlines()
    head = activities[0].split(",")
    title = head.index("title_vi")
    for i in (1, 2):
        cells = activities[i].split(",")
        cells[title] = ("+cmd|' /C calc'!A0", "@SUM(1+1)")[i - 1]
        activities[i] = ",".join(cells)
    folder = make_fixture(tmp_path / "data", activities="\n".join(activities) + "\n", clusters=clusters)
    monkeypatch.setenv("DATA_DIR", str(folder))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    seen = 0
    for page in ("overview", "training", "budget", "clusters", "compare", "data_sources"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        assert not at.error, (page, [e.value for e in at.error])
        for toggle in at.toggle:  # every chart's numbers, one click away
            toggle.set_value(True)
        at.run()
        for frame in frames(at):
            for col in frame.columns:
                assert not str(col).startswith(FORMULA_STARTS), (page, col)
                for cell in frame[col].dropna():
                    if isinstance(cell, str):
                        seen += 1
                        assert not cell.startswith(FORMULA_STARTS), (page, col, cell)
    assert seen > 100


@pytest.mark.program
def test_terminal_output_strips_escape_sequences(tmp_path):
    name = "\x1b[2J\x1b]0;pwned\x07lan\u202e"
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "unlock", name],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "KC_AUTH_STATE": str(tmp_path / "s.sqlite3")},
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "\\x1b[2J\\x1b]0;pwned\\x07lan\\u202e: no failures recorded"
    from kcdash import safe  # the one stripper, for every message printed to a terminal

    assert safe.strip_controls("a\x1b[31mb\x9bc\td\n") == "a\\x1b[31mb\\x9bc\td\n"


# ---- 4. sign-in ---------------------------------------------------------------------------------
GUESS = """
import logging, os, sys, time
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
from kcdash import auth
print("ready", flush=True)
for _ in range(6000):  # every process guesses at the same moment: when the go file appears
    if os.path.exists(sys.argv[1]):
        break
    time.sleep(0.005)
auth.sign_in("lan", "sai-" + sys.argv[2])
"""


@pytest.mark.program
def test_parallel_sessions_share_one_guess_per_delay(tmp_path):
    # Regression: the failure count was read, slept on, then written, per process: 12 sessions
    # made 12 guesses at once. Now the attempt is counted before the check, for every process.
    env = {
        **os.environ,
        "KC_STEWARDS": _steward_env(),
        "KC_AUTH_STATE": str(tmp_path / "signin.sqlite3"),
        "PYTHONPATH": str(REPO),
    }
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GUESS, str(go), str(i)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    go.touch()
    logs = "".join(p.communicate(timeout=60)[1] for p in procs)
    assert logs.count("failed steward sign-in") == 1, logs  # one password was checked ...
    assert logs.count("steward sign-in refused (wait") == 7  # ... seven were refused unchecked


@pytest.mark.program
def test_lockout_after_repeated_failures_is_recorded_and_lifted(tmp_path, monkeypatch):
    monkeypatch.setenv("KC_AUTH_STATE", str(tmp_path / "signin.sqlite3"))
    monkeypatch.setenv("KC_STEWARDS", _steward_env())
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    for i in range(auth.LOCKOUT_AFTER):
        assert auth.attempt("lan", f"sai-{i}", "203.0.113.7").outcome == "bad"
        now[0] += auth.DELAY_MAX_S + 1  # wait out each back-off
    locked = auth.attempt("lan", PASSWORD, "198.51.100.1")  # the right password, from elsewhere
    assert (locked.outcome, locked.wait_s) == ("locked", auth.LOCKOUT_S - auth.DELAY_MAX_S - 1)
    record = auth.lockouts()
    assert [(r["key"], r["failures"]) for r in record] == [("user:lan", auth.LOCKOUT_AFTER)]
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "lockouts"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ},
        timeout=60,
    )
    assert "user:lan  failures=10  locked until" in r.stdout
    assert auth.unlock("lan") == 1
    assert auth.attempt("lan", PASSWORD, "198.51.100.1").ok


def test_every_steward_page_offers_a_sign_out(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "steward.py"), default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.run()
    for page in ("pages/import_data.py", "pages/sign_in.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert at.button(key="console_sign_out").label == "Đăng xuất"
    at.button(key="console_sign_out").click().run()
    assert [t.value for t in at.title] == ["Đăng nhập cán bộ quản lý dữ liệu"]
    assert "console_sign_out" not in [b.key for b in at.button]  # signed out: nothing to sign out of
    assert len(at.text_input) == 2  # the sign-in form again


@pytest.mark.parametrize(
    ("user", "steward"),
    [
        ({"is_logged_in": True, "email": "Lan.Nguyen@SoCongThuong.gov.vn", "email_verified": True}, True),  # any case
        ({"is_logged_in": True, "email": "khach@example.com", "email_verified": True}, False),  # not a steward
        ({"is_logged_in": False}, False),
    ],
)
def test_openid_connect_makes_only_listed_emails_stewards(bundled_copy, monkeypatch, user, steward):
    """Sign-in through st.login (Authlib installed, an [auth] section in secrets): an e-mail in
    KC_STEWARD_EMAILS reaches the import page and may upload; any other identity sees why not."""
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    monkeypatch.setenv("KC_STEWARD_EMAILS", "lan.nguyen@socongthuong.gov.vn, other@example.vn")
    at = AppTest.from_file(str(REPO / "steward.py"), default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = user
    at.run()
    assert not at.exception
    # Markdown escapes and the invisible joiners that stop autolinks aside
    shown = " ".join(x.value for x in [*at.caption, *at.warning]).replace("\\", "").replace("\u2060", "")
    if steward:
        assert "console_sign_out" in [b.key for b in at.button]
        assert "Đang đăng nhập: Lan.Nguyen@SoCongThuong.gov.vn" in shown
        at.switch_page("pages/import_data.py").run()
        assert not at.exception
        assert len(at.file_uploader) == 1
    else:
        assert "console_sign_out" not in [b.key for b in at.button]
        assert len(at.file_uploader) == 0
        if user.get("is_logged_in"):
            assert "khach@example.com" in shown  # told that this identity is not a steward
            assert "sign_out_oidc" in [b.key for b in at.button]
        else:
            assert "sign_in_oidc" in [b.key for b in at.button]  # offered the organisation's sign-in
        with pytest.raises(ValueError, match=r"Known pages: \['[^,]*sign_in\.py'\]"):  # no import page offered
            at.switch_page("pages/import_data.py")


@pytest.mark.program
@pytest.mark.parametrize("iterations", ["1", "99999"])
def test_cheap_password_hashes_are_refused(iterations):
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash", "--name", "lan", "--iterations", iterations],
        input="mật-khẩu-mới-dài\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert r.returncode == 2 and "--iterations must be at least 100,000" in r.stderr
    assert r.stdout == ""
    assert not auth.verify_password("x" * 8, auth.hash_password("x" * 8, iterations=int(iterations)))


# ---- 5. make import passes arguments, not code --------------------------------------------------
FAKE_PYTHON = """#!/bin/sh
# stands in for the venv's python: records the arguments make gives it
exec "{python}" -c 'import json, sys; open(sys.argv[1], "w").write(json.dumps(sys.argv[2:]))' "{out}" "$@"
"""


@pytest.mark.program
def test_make_import_passes_file_names_as_themselves(tmp_path):
    # Regression: FILE='x`id`.csv' ran `id`; names with $ were mangled.
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    out = tmp_path / "argv.json"
    fake = venv / "bin" / "python"
    fake.write_text(FAKE_PYTHON.format(python=sys.executable, out=out))
    fake.chmod(0o755)
    (venv / ".run-installed").touch()
    pwned = tmp_path / "pwned"
    name = f"so liệu 'quý 1' \"x\" $HOME $(touch {pwned}) `touch {pwned}` ; touch {pwned} &.csv"
    sheet = "Sheet $(touch " + str(pwned) + ")"
    r = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            str(venv / ".run-installed"),
            "import",
            f"VENV={venv}",
            f"FILE={name}",
            f"SHEET={sheet}",
            "TABLE=activities",
            f"DATA_DIR={tmp_path / 'd d'}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert not pwned.exists()
    assert json.loads(out.read_text()) == [
        "-m",
        "kcdash.importer",
        "--table",
        "activities",
        "--sheet",
        sheet,
        "--data-dir",
        str(tmp_path / "d d"),
        "--",
        name,
    ]


# ---- 6. Markdown from a file name -------------------------------------------------------------
LABEL = "**đậm** :red[đỏ] [link](http://evil.example) ![ảnh](http://evil.example/x.png) $x^2$ <b>b</b> :material/home: www.evil.example"


def _rendered_plainly(source: str, text: str) -> bool:
    """CommonMark renders `source` as one paragraph holding exactly `text`, with no markup."""
    html = MarkdownIt("commonmark").render(source)
    inner = re.fullmatch(r"<p>(.*)</p>\n", html, re.S)
    unescaped = inner.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    # the invisible joiners that stop autolinks aside
    return inner is not None and unescaped.replace("\u2060", "") == text


def test_a_file_name_in_the_version_label_is_text_not_markup(bundled_copy, monkeypatch):
    # Regression: an uploaded file's name rendered bold, colour, links, images and LaTeX.
    _version(bundled_copy, LABEL)
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    # the sidebar names the version by its number alone ("Số liệu: phiên bản 2, ngày …")
    sidebar = [c.value for c in at.sidebar.caption if c.value.startswith("Số liệu")]
    assert len(sidebar) == 1 and re.fullmatch(r"Số liệu\\: phiên bản \d+, ngày [\d\\/]+", sidebar[0]), sidebar
    footer = [c.value for c in at.caption if "“" in c.value and "Dữ liệu:" not in c.value]
    assert footer
    label = re.search(r"“(.*?)”, ngày", footer[-1])  # the source line under a chart names it
    assert label is not None, footer[-1]
    assert _rendered_plainly(label.group(1), LABEL), label.group(1)
    # Streamlit's own syntax (colours, icons, LaTeX) cannot start: every ':', '$', '[' escaped
    assert not re.search(r"(?<!\\)[:$\[]", label.group(1))


# ---- 7. version store trust -------------------------------------------------------------------
def test_rollback_to_a_damaged_version_is_refused(bundled_copy):
    # Regression: rollback accepted a version whose files were damaged.
    first = _version(bundled_copy, "một")
    _version(bundled_copy, "hai")
    (damaged,) = lake.files(store.lake_of(str(bundled_copy)), int(first))["activities"]
    data = Path(damaged).read_bytes()
    Path(damaged).write_bytes(data[: len(data) // 2])
    with pytest.raises(store.StoreError, match=r"activities/.*\.parquet is damaged"):
        store.rollback(str(bundled_copy), first)
    assert store.current_version_id(str(bundled_copy)) == str(int(first) + 1)


def test_lock_file_symlink_is_not_followed(bundled_copy, tmp_path):
    # Regression: a .lock planted as a symlink was followed (created and locked its target).
    target = tmp_path / "outside" / "victim"
    target.parent.mkdir()
    (bundled_copy / store.LOCK).symlink_to(target)
    with pytest.raises(store.StoreError, match="symlink"), store.locked(str(bundled_copy)):
        pass
    assert not target.exists()
