"""Steward access: password hashes, slowed and logged failures, and pages that refuse viewers."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcdash import auth

REPO = Path(__file__).resolve().parents[1]

FAST = 1_000  # PBKDF2 iterations for tests (the real default is 600 000)


@pytest.fixture(autouse=True)
def clock(monkeypatch, tmp_path):
    """A private shared-state file, cheap hashes allowed, and a clock the test moves by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    monkeypatch.setattr(auth, "MIN_ITERATIONS", FAST)
    monkeypatch.setattr(auth, "_steward_sessions", {})  # AppTest gives every session the same id
    monkeypatch.setenv("KC_AUTH_STATE", str(tmp_path / "signin.sqlite3"))
    monkeypatch.delenv("KC_STEWARDS", raising=False)
    monkeypatch.delenv("KC_STEWARD_EMAILS", raising=False)
    return now


@pytest.fixture
def steward_env(monkeypatch):
    monkeypatch.setenv("KC_STEWARDS", f"lan:{auth.hash_password('đúng-mật-khẩu', iterations=FAST)}")


def test_hash_round_trip_and_format():
    encoded = auth.hash_password("mật khẩu dài", iterations=FAST, salt="abc123")
    algorithm, iterations, salt, digest = encoded.split("$")
    assert (algorithm, iterations, salt, len(digest)) == ("pbkdf2_sha256", "1000", "abc123", 64)
    assert auth.verify_password("mật khẩu dài", encoded)
    assert not auth.verify_password("mật khẩu dai", encoded)
    assert auth.hash_password("x" * 8, iterations=FAST) != auth.hash_password("x" * 8, iterations=FAST)  # salted


@pytest.mark.parametrize(
    "bad", ["", "plain-text", "md5$1$a$b", "pbkdf2_sha256$x$a$b", "pbkdf2_sha256$0$a$b", "pbkdf2_sha256$999$a$b", None]
)
def test_malformed_or_cheap_hash_never_matches(bad):
    assert not auth.verify_password("", bad)


def test_a_hash_below_the_minimum_cost_never_matches(monkeypatch):
    cheap = auth.hash_password("mật khẩu dài", iterations=FAST)
    monkeypatch.setattr(auth, "MIN_ITERATIONS", 100_000)
    assert not auth.verify_password("mật khẩu dài", cheap)
    assert auth.verify_password("mật khẩu dài", cheap, min_iterations=FAST)


def test_stewards_from_env(steward_env):
    assert set(auth.load_stewards()) == {"lan"}
    assert auth.check_credentials("lan", "đúng-mật-khẩu")
    assert auth.check_credentials(" lan ", "đúng-mật-khẩu")
    assert not auth.check_credentials("lan", "sai")
    assert not auth.check_credentials("nobody", "đúng-mật-khẩu")


@pytest.mark.program
def test_hash_cli_prints_a_usable_line():
    out = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash", "--name", "lan", "--iterations", "100000"],
        input="mật-khẩu-mới\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout
    assert out.startswith('[stewards]\nlan = "pbkdf2_sha256$100000$')
    encoded = out.split('"')[1]
    assert auth.verify_password("mật-khẩu-mới", encoded)


@pytest.mark.program
def test_hash_cli_refuses_short_passwords_and_odd_names():
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash"], input="short\n", capture_output=True, text=True, cwd=REPO
    )
    assert r.returncode == 1 and "8 characters" in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash", "--name", 'x = "y"\n[auth]'],
        input="mật-khẩu-mới\n",
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 2 and r.stdout == ""  # a name must not write TOML of its own


def test_failure_delay_grows_and_is_capped():
    assert [auth.failure_delay(n) for n in range(6)] == [0, 0.5, 1, 2, 4, 8]
    assert auth.failure_delay(50) == auth.DELAY_MAX_S


def _outcomes(*attempts) -> list[tuple[str, float]]:
    return [(a.outcome, a.wait_s) for a in attempts]


def test_each_failure_doubles_the_wait_before_the_next_check(steward_env, clock):
    first = auth.attempt("lan", "sai-1")
    refused = auth.attempt("lan", "đúng-mật-khẩu")  # even the right password waits its turn
    assert _outcomes(first, refused) == [("bad", 0.5), ("wait", 0.5)]
    clock[0] += 0.5
    assert _outcomes(auth.attempt("LAN", "sai-2")) == [("bad", 1.0)]  # the username, case-folded
    clock[0] += 0.9
    assert _outcomes(auth.attempt("lan", "đúng-mật-khẩu")) == [("wait", pytest.approx(0.1))]
    clock[0] += 0.1
    assert auth.attempt("lan", "đúng-mật-khẩu").ok
    assert _outcomes(auth.attempt("lan", "sai-3")) == [("bad", 0.5)]  # success started the count again


def test_one_address_is_slowed_whatever_username_it_tries(steward_env, clock):
    assert auth.attempt("a", "x", "203.0.113.9").outcome == "bad"
    assert _outcomes(auth.attempt("b", "x", "203.0.113.9")) == [("wait", 0.5)]
    assert auth.attempt("c", "x", "198.51.100.4").outcome == "bad"  # another address is not slowed
    clock[0] += 0.5
    assert auth.attempt("lan", "đúng-mật-khẩu", "203.0.113.9").ok
    # signing in to one's own account does not wipe the failures against others: 2nd failure, 1 s
    assert _outcomes(auth.attempt("d", "x", "203.0.113.9")) == [("bad", 1.0)]


def test_an_address_is_locked_after_many_failures_over_many_names(steward_env, clock, monkeypatch):
    monkeypatch.setattr(auth, "ADDRESS_LOCKOUT_AFTER", 3)
    for name in ("a", "b", "c"):
        assert auth.attempt(name, "x", "203.0.113.9").outcome == "bad"
        clock[0] += auth.DELAY_MAX_S
    assert auth.attempt("lan", "đúng-mật-khẩu", "203.0.113.9").outcome == "locked"
    assert auth.attempt("lan", "đúng-mật-khẩu", "198.51.100.4").ok  # the steward, from elsewhere
    assert [r["key"] for r in auth.lockouts()] == ["addr:203.0.113.9"]


def test_failed_and_refused_sign_ins_are_logged_without_the_password(steward_env, caplog):
    caplog.set_level(logging.INFO, logger="kcdash.auth")
    auth.attempt("lan", "sai-mật-khẩu")
    auth.attempt("lan", "sai-mật-khẩu-2")
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("failed steward sign-in: user='lan'") for m in messages)
    assert any(m.startswith("steward sign-in refused (wait, 0.5 s): user='lan'") for m in messages)
    assert "sai-mật-khẩu" not in caplog.text


def test_is_steward_outside_streamlit_is_false():
    assert auth.is_steward() is False


def test_oidc_alone_does_not_make_a_steward(monkeypatch):
    monkeypatch.setattr(auth, "oidc_configured", lambda: True)
    monkeypatch.setattr(auth, "oidc_identity", lambda: "someone@example.org")
    monkeypatch.setattr(auth, "oidc_verified", lambda: True)
    assert auth.oidc_steward() is None
    monkeypatch.setenv("KC_STEWARD_EMAILS", "Someone@Example.org, other@x.vn")
    assert auth.oidc_steward() == "someone@example.org"
    monkeypatch.setattr(auth, "oidc_verified", lambda: False)  # the provider has not verified it
    assert auth.oidc_steward() is None


# ---- pages ----------------------------------------------------------------------------------
def test_import_page_refuses_a_viewer(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "pages" / "import_data.py"), default_timeout=30).run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Trang này chỉ dành cho cán bộ quản lý dữ liệu. Hãy đăng nhập trước."]
    assert len(at.file_uploader) == 0 and len(at.button) == 0 and len(at.dataframe) == 0


def test_import_page_refuses_a_viewer_in_english(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "pages" / "import_data.py"), default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    assert [w.value for w in at.warning] == ["This page is for data stewards only. Please sign in first."]
    assert len(at.file_uploader) == 0


def test_sign_in_page_then_import_page(bundled_copy, monkeypatch, steward_env, clock):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30).run()
    assert not at.exception
    at.text_input(key="sign_in_user").input("lan")
    at.text_input(key="sign_in_password").input("sai")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    assert auth.SESSION_KEY not in at.session_state
    at.text_input(key="sign_in_user").input("lan")
    at.text_input(key="sign_in_password").input("đúng-mật-khẩu")
    at.button[0].click().run()  # at once: the back-off refuses to check
    assert [e.value for e in at.error] == ["Có lần đăng nhập sai gần đây. Hãy thử lại sau 1 giây."]
    clock[0] += 0.5
    at.button[0].click().run()
    assert at.session_state[auth.SESSION_KEY] == "lan"
    assert [s.value for s in at.success] == ["Đang đăng nhập: lan"]
    assert [s.value for s in at.caption][-1] == "Chưa có lần khóa nào."  # the lockout record
    # the same session now gets the import page's content
    page = AppTest.from_file(str(REPO / "pages" / "import_data.py"), default_timeout=30)
    page.session_state[auth.SESSION_KEY] = at.session_state[auth.SESSION_KEY]
    page.run()
    assert not page.exception and not page.warning
    assert len(page.file_uploader) == 1


def test_sign_in_page_says_when_no_steward_is_configured():
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30).run()
    assert any("Chưa cấu hình tài khoản" in i.value for i in at.info)


def test_stewards_from_secrets():
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30)
    at.secrets["stewards"] = {"hoa": auth.hash_password("mật-khẩu-của-hoa", iterations=FAST)}
    at.run()
    assert not at.info  # configured: no hint
    at.text_input(key="sign_in_user").input("hoa")
    at.text_input(key="sign_in_password").input("mật-khẩu-của-hoa")
    at.button[0].click().run()
    assert at.session_state[auth.SESSION_KEY] == "hoa"


def test_locked_sign_in_says_how_long_in_english(monkeypatch, steward_env, clock):
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    for i in range(auth.LOCKOUT_AFTER + 1):
        at.text_input(key="sign_in_user").input("lan")
        at.text_input(key="sign_in_password").input(f"sai-{i}")
        at.button[0].click().run()
        clock[0] += auth.DELAY_MAX_S
    assert [e.value for e in at.error] == [
        "Sign-in is locked after too many failures (15 min left). Another data steward can lift it: "
        "python -m kcdash.auth unlock NAME."
    ]


def test_sign_out(steward_env):
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.run()
    at.button(key="sign_out").click().run()
    assert auth.SESSION_KEY not in at.session_state
    assert at.text_input(key="sign_in_user") is not None


@pytest.mark.parametrize("steward", [None, "lan"])
def test_the_viewers_app_offers_neither_sign_in_nor_import(bundled_copy, monkeypatch, steward):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if steward:  # even a session that somehow holds a steward's name
        at.session_state[auth.SESSION_KEY] = steward
    at.run()
    assert not at.exception
    for page in ("pages/import_data.py", "pages/sign_in.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    assert len(at.file_uploader) == 0


def test_steward_console_offers_sign_in_then_import(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "steward.py"), default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Đăng nhập cán bộ quản lý dữ liệu"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/import_data.py")
    assert not auth._steward_sessions  # this session may not upload
    at.session_state[auth.SESSION_KEY] = "lan"
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Nhập dữ liệu"] and len(at.file_uploader) == 1
    assert [name for name, _browser in auth._steward_sessions.values()] == ["lan"]  # the upload guard lets it through
    at.button(key="console_sign_out").click().run()
    assert not auth._steward_sessions  # its uploads are refused again
    assert [t.value for t in at.title] == ["Đăng nhập cán bộ quản lý dữ liệu"]
