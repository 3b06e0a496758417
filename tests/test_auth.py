"""Steward access: password hashes, slowed and logged failures, and pages that refuse viewers."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from kcdash import auth

FAST = 1_000  # PBKDF2 iterations for tests (the real default is 600 000)


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(auth, "_sleep", waits.append)
    monkeypatch.setattr(auth, "_failures", {})
    monkeypatch.delenv("KC_STEWARDS", raising=False)
    monkeypatch.delenv("KC_STEWARD_EMAILS", raising=False)
    return waits


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


@pytest.mark.parametrize("bad", ["", "plain-text", "md5$1$a$b", "pbkdf2_sha256$x$a$b", "pbkdf2_sha256$0$a$b", None])
def test_malformed_hash_never_matches(bad):
    assert not auth.verify_password("", bad)


def test_stewards_from_env(steward_env):
    assert set(auth.load_stewards()) == {"lan"}
    assert auth.check_credentials("lan", "đúng-mật-khẩu")
    assert auth.check_credentials(" lan ", "đúng-mật-khẩu")
    assert not auth.check_credentials("lan", "sai")
    assert not auth.check_credentials("nobody", "đúng-mật-khẩu")


def test_hash_cli_prints_a_usable_line():
    out = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash", "--name", "lan", "--iterations", str(FAST)],
        input="mật-khẩu-mới\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout
    assert out.startswith('[stewards]\nlan = "pbkdf2_sha256$1000$')
    encoded = out.split('"')[1]
    assert auth.verify_password("mật-khẩu-mới", encoded)


def test_hash_cli_refuses_short_passwords():
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.auth", "hash"], input="short\n", capture_output=True, text=True, cwd=REPO
    )
    assert r.returncode == 1 and "8 characters" in r.stderr


def test_failure_delay_grows_and_is_capped():
    assert [auth.failure_delay(n) for n in range(6)] == [0, 0.5, 1, 2, 4, 8]
    assert auth.failure_delay(50) == auth.DELAY_MAX_S


SIGN_IN = """
from kcdash import auth
ok = auth.sign_in(USER, PASSWORD)
import streamlit as st
st.write(ok)
"""


def _attempt(user: str, password: str, session: AppTest | None = None) -> AppTest:
    at = session or AppTest.from_string(SIGN_IN.replace("USER", repr(user)).replace("PASSWORD", repr(password)))
    return at.run()


def test_failed_sign_ins_are_slowed_and_logged_without_the_password(steward_env, _no_waiting, caplog):
    caplog.set_level(logging.WARNING, logger="kcdash.auth")
    for _ in range(4):
        _attempt("lan", "sai-mật-khẩu")
    # each new session waits for the failures of the username so far: 0, 0.5, 1, 2
    assert _no_waiting == [0, 0.5, 1, 2]
    assert len([r for r in caplog.records if "failed steward sign-in" in r.getMessage()]) == 4
    assert "lan" in caplog.text and "sai-mật-khẩu" not in caplog.text
    at = _attempt("lan", "đúng-mật-khẩu")
    assert at.session_state[auth.SESSION_KEY] == "lan"
    assert _no_waiting[-1] == 4  # the right password also waits: guessing stays slow
    _attempt("lan", "sai")
    assert _no_waiting[-1] == 0  # success resets the count


def test_one_session_is_slowed_whatever_username_it_tries(steward_env, _no_waiting):
    at = AppTest.from_string(
        "from kcdash import auth\nimport streamlit as st\nst.write(auth.sign_in(st.session_state.u, 'x'))"
    )
    for name in ("a", "b", "c"):
        at.session_state["u"] = name
        at.run()
    assert _no_waiting == [0, 0.5, 1]


def test_is_steward_outside_streamlit_is_false():
    assert auth.is_steward() is False


def test_oidc_alone_does_not_make_a_steward(monkeypatch):
    monkeypatch.setattr(auth, "oidc_configured", lambda: True)
    monkeypatch.setattr(auth, "oidc_identity", lambda: "someone@example.org")
    assert auth.oidc_steward() is None
    monkeypatch.setenv("KC_STEWARD_EMAILS", "Someone@Example.org, other@x.vn")
    assert auth.oidc_steward() == "someone@example.org"


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


def test_sign_in_page_then_import_page(bundled_copy, monkeypatch, steward_env):
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
    at.button[0].click().run()
    assert at.session_state[auth.SESSION_KEY] == "lan"
    assert [s.value for s in at.success] == ["Đang đăng nhập: lan"]
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


def test_sign_out(steward_env):
    at = AppTest.from_file(str(REPO / "pages" / "sign_in.py"), default_timeout=30)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.run()
    at.button(key="sign_out").click().run()
    assert auth.SESSION_KEY not in at.session_state
    assert at.text_input(key="sign_in_user") is not None


def test_app_navigation_offers_sign_in_not_import_to_viewers(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/import_data.py")
    at.switch_page("pages/sign_in.py").run()
    assert [t.value for t in at.title] == ["Đăng nhập cán bộ quản lý dữ liệu"]


def test_app_navigation_offers_import_to_a_signed_in_steward(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Nhập dữ liệu"] and len(at.file_uploader) == 1
