"""Who may import data: data stewards, signed in on pages/sign_in.py.

Two ways to be a steward in a browser session:

- a username and password checked against PBKDF2 hashes from ``.streamlit/secrets.toml``
  (``[stewards]`` table, ``name = "pbkdf2_sha256$iterations$salt$hash"``) or from the environment
  (``KC_STEWARDS="name:hash,name2:hash"``); make a hash with ``python -m kcdash.auth hash``;
- OpenID Connect through ``st.login`` when an ``[auth]`` section is configured in secrets, for
  the e-mail addresses listed in ``steward_emails`` (secrets) or ``KC_STEWARD_EMAILS`` (env).
  Signing in with the identity provider alone does not make anyone a steward.

Failed sign-ins are logged (the username, never the password) and slowed down: each failure
for the same username or browser session doubles the wait before the next check.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import importlib.util
import logging
import os
import secrets
import sys
import threading
import time

import streamlit as st

SESSION_KEY = "steward_user"
METHOD_KEY = "steward_method"
FAILURES_KEY = "steward_failures"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 guidance for PBKDF2-HMAC-SHA256
DELAY_BASE_S = 0.5
DELAY_MAX_S = 30.0

log = logging.getLogger("kcdash.auth")
_sleep = time.sleep  # tests replace this to check the delay without waiting
_failures: dict[str, int] = {}  # failures per username across sessions (this process)
_failures_lock = threading.Lock()


# ---- password hashes ------------------------------------------------------------------------
def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` (salt and hash in hex)."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded`; a malformed hash never matches."""
    try:
        algorithm, iterations_text, salt, expected = encoded.strip().split("$")
        iterations = int(iterations_text)
    except (ValueError, AttributeError):
        return False
    if algorithm != ALGORITHM or iterations < 1 or not salt:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return hmac.compare_digest(digest.hex(), expected.lower())


# a hash nobody's password matches, checked for unknown usernames so they take as long as known ones
_DUMMY_HASH = hash_password(secrets.token_hex(16), iterations=ITERATIONS)


def _secrets_get(key: str):
    """A value from st.secrets, or None when there is no secrets file or no such key."""
    try:
        if key in st.secrets:
            return st.secrets[key]
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning empty
        return None
    return None


def load_stewards() -> dict[str, str]:
    """Username -> password hash, from secrets ``[stewards]`` and env ``KC_STEWARDS``."""
    stewards: dict[str, str] = {}
    table = _secrets_get("stewards")
    if table is not None:
        for name, encoded in dict(table).items():
            stewards[str(name).strip()] = str(encoded).strip()
    for item in os.environ.get("KC_STEWARDS", "").split(","):
        name, sep, encoded = item.strip().partition(":")
        if sep and name.strip() and encoded.strip():
            stewards[name.strip()] = encoded.strip()
    return stewards


def check_credentials(username: str, password: str) -> bool:
    """Constant-work check of a username and password against the configured stewards."""
    encoded = load_stewards().get(username.strip())
    ok = verify_password(password, encoded or _DUMMY_HASH)
    return ok and encoded is not None


def failure_delay(failures: int) -> float:
    """Seconds to wait before checking, after `failures` earlier failures: 0, 0.5, 1, 2, 4 … 30."""
    if failures <= 0:
        return 0.0
    return min(DELAY_MAX_S, DELAY_BASE_S * 2 ** (failures - 1))


def sign_in(username: str, password: str) -> bool:
    """Check the credentials (after the growing delay); on success mark this session a steward."""
    username = (username or "").strip()
    key = username.casefold()
    with _failures_lock:
        user_failures = _failures.get(key, 0)
    session_failures = int(st.session_state.get(FAILURES_KEY, 0))
    _sleep(failure_delay(max(user_failures, session_failures)))
    if username and password and check_credentials(username, password):
        with _failures_lock:
            _failures.pop(key, None)
        st.session_state[FAILURES_KEY] = 0
        st.session_state[SESSION_KEY] = username
        st.session_state[METHOD_KEY] = "password"
        log.info("steward sign-in: user=%r", username)
        return True
    with _failures_lock:
        _failures[key] = user_failures + 1
    st.session_state[FAILURES_KEY] = session_failures + 1
    log.warning(
        "failed steward sign-in: user=%r failures(user)=%d failures(session)=%d",
        username,
        user_failures + 1,
        session_failures + 1,
    )
    return False


# ---- OpenID Connect -------------------------------------------------------------------------
def oidc_configured() -> bool:
    """An ``[auth]`` section in secrets and Authlib installed (st.login needs it)."""
    return _secrets_get("auth") is not None and importlib.util.find_spec("authlib") is not None


def steward_emails() -> set[str]:
    emails = set()
    listed = _secrets_get("steward_emails")
    if listed:
        emails |= {str(e).strip().casefold() for e in (listed if not isinstance(listed, str) else listed.split(","))}
    emails |= {e.strip().casefold() for e in os.environ.get("KC_STEWARD_EMAILS", "").split(",") if e.strip()}
    return emails


def oidc_identity() -> str | None:
    """E-mail of the user signed in through st.login, if any (steward or not)."""
    if not oidc_configured():
        return None
    try:
        if not st.user.get("is_logged_in"):
            return None
        email = st.user.get("email")
    except Exception:
        return None
    return str(email) if email else None


def oidc_steward() -> str | None:
    email = oidc_identity()
    if email and email.strip().casefold() in steward_emails():
        return email
    return None


# ---- the session ----------------------------------------------------------------------------
def current_steward() -> str | None:
    """Name (or e-mail) of the steward signed in this session, else None."""
    name = st.session_state.get(SESSION_KEY)
    if name:
        return str(name)
    return oidc_steward()


def is_steward() -> bool:
    """True once a steward has signed in during this browser session."""
    try:
        return current_steward() is not None
    except Exception:  # outside a Streamlit session (e.g. a bare import): nobody is signed in
        return False


def sign_out() -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(METHOD_KEY, None)
    if oidc_identity() is not None:
        st.logout()


# ---- command line: python -m kcdash.auth hash -----------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.auth", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    h = sub.add_parser("hash", help="print a password hash for [stewards] in .streamlit/secrets.toml")
    h.add_argument("--name", default="steward", help="username to show in the printed line")
    h.add_argument("--iterations", type=int, default=ITERATIONS)
    args = parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            print("The two passwords differ.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 8:
        print("Use at least 8 characters.", file=sys.stderr)
        return 1
    encoded = hash_password(password, iterations=args.iterations)
    print(f'[stewards]\n{args.name} = "{encoded}"')
    print(f"# or in the environment: KC_STEWARDS={args.name}:{encoded}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
