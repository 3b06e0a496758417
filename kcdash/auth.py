"""Who may import data: data stewards, signed in on the steward console (``make admin``).

Two ways to be a steward in a browser session:

- a username and password checked against PBKDF2 hashes from ``.streamlit/secrets.toml``
  (``[stewards]`` table, ``name = "pbkdf2_sha256$iterations$salt$hash"``) or from the environment
  (``KC_STEWARDS="name:hash,name2:hash"``); make a hash with ``python -m kcdash.auth hash``
  (at least `MIN_ITERATIONS` PBKDF2 rounds; a weaker hash never matches);
- OpenID Connect through ``st.login`` when an ``[auth]`` section is configured in secrets, for
  the e-mail addresses listed in ``steward_emails`` (secrets) or ``KC_STEWARD_EMAILS`` (env),
  verified by the provider (``email_verified``) and compared after NFKC normalisation; where every
  listed address is ASCII, an address with any other character never matches (a Kelvin sign or
  a long s must not pass for a K or an s). Signing in with the identity provider alone does not
  make anyone a steward.

A steward's rights are bound to the browser, not to Streamlit's session id (which every upload
URL, and so a proxy's access log, shows, and with which a websocket can resume the session): the
console sets a random HttpOnly, SameSite cookie (`CONSOLE_COOKIE`, kcdash/console.py); sign-in
records its digest, every run and every upload must come with the same cookie, and a session
resumed from a browser without it is signed out.

Guessing is slowed and then stopped by state every session and process shares (a small SQLite
file, `state_path`): each attempt is counted for the username and for the client address
*before* the password is checked, inside one write transaction, so parallel sessions cannot
each get a free guess. After n failures the next attempt for that key is refused until
``failure_delay(n)`` has passed (0.5 s, 1 s, 2 s … 30 s); after `LOCKOUT_AFTER` failures for a
username (`ADDRESS_LOCKOUT_AFTER` for an address) it is locked for `LOCKOUT_S`, the lockout is
recorded (`lockouts`, shown on the steward console and by ``python -m kcdash.auth lockouts``)
and ``python -m kcdash.auth unlock NAME`` lifts it. Failures are logged (the username, never the
password).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import hmac
import importlib.util
import ipaddress
import logging
import os
import secrets
import sqlite3
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import streamlit as st

from kcdash.safe import strip_controls

SESSION_KEY = "steward_user"
METHOD_KEY = "steward_method"
ATTEMPT_KEY = "steward_last_attempt"  # the last Attempt of this session, for the page's message
BINDING_KEY = "steward_browser"  # digest of the console cookie the steward signed in with
CONSOLE_COOKIE = "kc_console"  # set by kcdash.console.ConsoleCookie: random, HttpOnly, SameSite=Strict
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 guidance for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 100_000  # below this a stolen hash is cheap to crack: refused when made, never matched
DELAY_BASE_S = 0.5
DELAY_MAX_S = 30.0
LOCKOUT_AFTER = 10  # failures in a row for one username
ADDRESS_LOCKOUT_AFTER = 30  # failures in a row from one client address (an office may share one)
LOCKOUT_S = 15 * 60.0
FORGET_S = 24 * 3600.0  # a key with no failure for this long starts again from zero
STATE_ENV = "KC_AUTH_STATE"  # path of the shared sign-in state (default: <data folder>/.signin.sqlite3)
TRUST_PROXY_ENV = "KC_TRUST_PROXY"  # "1": behind our reverse proxy, the client address is X-Real-IP

log = logging.getLogger("kcdash.auth")
_clock = time.time  # tests replace this to move time forward without waiting
_REPO = Path(__file__).resolve().parent.parent


# ---- password hashes ------------------------------------------------------------------------
def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` (salt and hash in hex)."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str | None, *, min_iterations: int | None = None) -> bool:
    """True when `password` matches `encoded`; a malformed or too-cheap hash never matches."""
    floor = MIN_ITERATIONS if min_iterations is None else min_iterations
    try:
        algorithm, iterations_text, salt, expected = str(encoded).strip().split("$")
        iterations = int(iterations_text)
    except (ValueError, AttributeError):
        return False
    if algorithm != ALGORITHM or iterations < max(1, floor) or not salt:
        return False
    try:
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    except UnicodeEncodeError:  # a salt nobody made with hash_password
        return False
    return hmac.compare_digest(digest.hex(), expected.lower())


# a hash nobody's password matches, checked for unknown usernames so they take as long as known ones
_DUMMY_HASH = hash_password(secrets.token_hex(16), iterations=ITERATIONS)


def _secrets_get(key: str) -> Any:
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
    """Seconds before the next check is allowed, after `failures` failures: 0, 0.5, 1, 2, 4 … 30."""
    if failures <= 0:
        return 0.0
    return float(min(DELAY_MAX_S, DELAY_BASE_S * 2 ** (failures - 1)))


# ---- the shared attempt counter -------------------------------------------------------------
def state_path() -> Path:
    """The SQLite file holding sign-in failures and lockouts, shared by every process."""
    explicit = os.environ.get(STATE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("DATA_DIR") or str(_REPO / "data")
    if "://" in base:  # a data URI is read-only to us: keep the state beside the code
        return _REPO / ".signin.sqlite3"
    return Path(base) / ".signin.sqlite3"


_SCHEMA = """
create table if not exists attempts (
    key text primary key,          -- 'user:<name, case-folded>' or 'addr:<client address>'
    failures integer not null,     -- failures in a row (an attempt counts as one until it succeeds)
    last_failure real not null,    -- unix time
    next_allowed real not null,    -- no check before this time (the back-off)
    locked_until real not null     -- no check before this time (the lockout), 0 when none
);
create table if not exists lockouts (
    at real not null, key text not null, failures integer not null, until real not null
);
"""


@contextlib.contextmanager
def _transaction() -> Iterator[sqlite3.Connection]:
    """A write transaction on the shared state: one process or thread at a time (BEGIN IMMEDIATE)."""
    path = state_path()
    fresh = not path.exists()
    con = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    try:
        con.executescript(_SCHEMA)  # cheap when the tables exist; a deleted file is made again
        if fresh:
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)  # usernames and addresses of failed sign-ins: the service's only
        con.execute("begin immediate")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    finally:
        con.close()


Outcome = Literal["ok", "bad", "wait", "locked", "empty"]


@dataclass(frozen=True)
class Attempt:
    """What became of one sign-in attempt; `wait_s` is how long until the next may be checked."""

    outcome: Outcome
    wait_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def _keys(username: str, client: str | None) -> list[str]:
    keys = [f"user:{username.strip().casefold()}"]
    if client:
        keys.append(f"addr:{client}")
    return keys


def _limit(key: str) -> int:
    return ADDRESS_LOCKOUT_AFTER if key.startswith("addr:") else LOCKOUT_AFTER


def _reserve(keys: list[str], now: float) -> tuple[Attempt | None, dict[str, tuple[Any, ...] | None]]:
    """Count this attempt as a failure for every key before checking, or say why it must wait."""
    with _transaction() as con:
        con.execute("delete from attempts where last_failure < ? and locked_until < ?", (now - FORGET_S, now))
        rows: dict[str, tuple[Any, ...] | None] = {}
        for key in keys:
            rows[key] = con.execute(
                "select failures, last_failure, next_allowed, locked_until from attempts where key = ?", (key,)
            ).fetchone()
        locked = [r[3] - now for r in rows.values() if r is not None and r[3] > now]
        if locked:
            return Attempt("locked", max(locked)), rows
        waiting = [r[2] - now for r in rows.values() if r is not None and r[2] > now]
        if waiting:
            return Attempt("wait", max(waiting)), rows
        for key, row in rows.items():
            failures = (row[0] if row else 0) + 1
            con.execute(
                "insert into attempts (key, failures, last_failure, next_allowed, locked_until) "
                "values (?, ?, ?, ?, 0) on conflict (key) do update set "
                "failures = excluded.failures, last_failure = excluded.last_failure, "
                "next_allowed = excluded.next_allowed",
                (key, failures, now, now + failure_delay(failures)),
            )
        return None, rows


def _settle(keys: list[str], rows: dict[str, tuple[Any, ...] | None], ok: bool, now: float) -> None:
    """After the check: a success clears the username and gives the address back its count."""
    with _transaction() as con:
        if ok:
            for key in keys:
                row = rows.get(key)
                if key.startswith("user:") or row is None:
                    con.execute("delete from attempts where key = ?", (key,))
                else:  # another account's failures from this address still count
                    con.execute(
                        "update attempts set failures = ?, last_failure = ?, next_allowed = ? where key = ?",
                        (row[0], row[1], row[2], key),
                    )
            return
        for key in keys:
            found = con.execute("select failures from attempts where key = ?", (key,)).fetchone()
            if found is not None and found[0] >= _limit(key):
                until = now + LOCKOUT_S
                con.execute("update attempts set locked_until = ? where key = ?", (until, key))
                con.execute("insert into lockouts values (?, ?, ?, ?)", (now, key, found[0], until))
                log.warning("steward sign-in locked: key=%r failures=%d", strip_controls(key), found[0])


def attempt(username: str, password: str, client: str | None = None) -> Attempt:
    """One sign-in attempt against the shared counter (no Streamlit needed)."""
    username = (username or "").strip()
    if not username or not password:
        return Attempt("empty")
    keys = _keys(username, client)
    refused, rows = _reserve(keys, _clock())
    if refused is not None:
        log.warning(
            "steward sign-in refused (%s, %.1f s): user=%r client=%r",
            refused.outcome,
            refused.wait_s,
            strip_controls(username),
            client,
        )
        return refused
    ok = check_credentials(username, password)
    now = _clock()
    _settle(keys, rows, ok, now)
    if ok:
        log.info("steward sign-in: user=%r client=%r", strip_controls(username), client)
        return Attempt("ok")
    failures = {k: (r[0] if r else 0) + 1 for k, r in rows.items()}
    log.warning("failed steward sign-in: user=%r client=%r failures=%s", strip_controls(username), client, failures)
    return Attempt("bad", failure_delay(max(failures.values())))


def lockouts(limit: int = 50) -> list[dict[str, Any]]:
    """The most recent lockouts, newest first: when, which username or address, failures, until."""
    path = state_path()
    if not path.exists():
        return []
    with _transaction() as con:
        rows = con.execute(
            "select at, key, failures, until from lockouts order by at desc limit ?", (int(limit),)
        ).fetchall()
    return [{"at": r[0], "key": r[1], "failures": r[2], "until": r[3]} for r in rows]


def unlock(name: str) -> int:
    """Lift the lockout and failures of a username (or ``addr:<address>``); returns rows cleared."""
    key = name if name.startswith("addr:") else f"user:{name.strip().casefold()}"
    with _transaction() as con:
        return con.execute("delete from attempts where key = ?", (key,)).rowcount


def client_address() -> str | None:
    """The browser's address as the server sees it (None on localhost), or the proxy's X-Real-IP."""
    try:
        address = st.context.ip_address
        if address is None and os.environ.get(TRUST_PROXY_ENV) == "1":
            address = st.context.headers.get("X-Real-IP") or None
    except Exception:  # outside a browser session (tests, scripts)
        return None
    if not isinstance(address, str):
        return None
    try:  # only a well-formed address becomes a key (a header could hold anything)
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def sign_in(username: str, password: str) -> bool:
    """Check the credentials through the shared counter; on success mark this session a steward."""
    result = attempt(username, password, client_address())
    st.session_state[ATTEMPT_KEY] = result
    if result.ok:
        st.session_state[SESSION_KEY] = (username or "").strip()
        st.session_state[METHOD_KEY] = "password"
        st.session_state[BINDING_KEY] = browser_digest(console_cookie())
        register_session()
    return result.ok


# ---- OpenID Connect -------------------------------------------------------------------------
def oidc_configured() -> bool:
    """An ``[auth]`` section in secrets and Authlib installed (st.login needs it)."""
    return _secrets_get("auth") is not None and importlib.util.find_spec("authlib") is not None


def email_key(email: str) -> str:
    """How an e-mail address is compared: NFKC, then lower case (not casefold, which makes "ß" "ss")."""
    return unicodedata.normalize("NFKC", email.strip()).lower()


def steward_emails() -> set[str]:
    emails = set()
    listed = _secrets_get("steward_emails")
    if listed:
        emails |= {email_key(str(e)) for e in (listed if not isinstance(listed, str) else listed.split(","))}
    emails |= {email_key(e) for e in os.environ.get("KC_STEWARD_EMAILS", "").split(",") if e.strip()}
    return {e for e in emails if e}


def is_listed_steward(email: str, verified: object, listed: set[str]) -> bool:
    """True when the provider verified `email` and it is one of `listed` (already `email_key`s).

    Where every listed address is ASCII, so must the one signing in be: NFKC alone still maps a
    Kelvin sign to "k" and a long s to "s", so a look-alike address could pass for a steward's.
    """
    if verified is not True and str(verified).lower() != "true":
        return False
    if all(e.isascii() for e in listed) and not email.strip().isascii():
        return False
    return email_key(email) in listed


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


def oidc_verified() -> object:
    """The provider's ``email_verified`` claim for the signed-in user (None when absent)."""
    try:
        return st.user.get("email_verified")
    except Exception:  # outside a browser session
        return None


def oidc_steward() -> str | None:
    email = oidc_identity()
    if email and is_listed_steward(email, oidc_verified(), steward_emails()):
        return email
    return None


# ---- the session ----------------------------------------------------------------------------
# Browser sessions of this process with a steward signed in, with the digest of the console
# cookie of their browser: the upload guard (kcdash.console) accepts a file only for one of these
# session ids and only from a request carrying that cookie.
_steward_sessions: dict[str, tuple[str, str]] = {}
_sessions_lock = threading.Lock()


def browser_digest(cookie: str | None) -> str:
    """What is kept of the console cookie: its SHA-256 (the cookie itself is a bearer secret)."""
    return hashlib.sha256((cookie or "").encode("utf-8")).hexdigest()


def console_cookie() -> str | None:
    """The console cookie of the browser connected to this session now (None outside one)."""
    try:
        value = st.context.cookies.get(CONSOLE_COOKIE)
    except Exception:  # outside a browser session (tests, scripts)
        return None
    return value if isinstance(value, str) and value else None  # AppTest's stand-in client gives mocks


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def current_steward() -> str | None:
    """Name (or e-mail) of the steward signed in this session, else None.

    A password sign-in holds only in the browser it was made in: when the session is resumed by
    a connection without that browser's console cookie, the session is signed out.
    """
    name = st.session_state.get(SESSION_KEY)
    if name:
        signed_in_with = st.session_state.get(BINDING_KEY, browser_digest(None))
        if hmac.compare_digest(str(signed_in_with), browser_digest(console_cookie())):
            return str(name)
        log.warning("steward session resumed from another browser, signed out: user=%r", strip_controls(name))
        for key in (SESSION_KEY, METHOD_KEY, BINDING_KEY):
            st.session_state.pop(key, None)
    return oidc_steward()


def is_steward() -> bool:
    """True once a steward has signed in during this browser session."""
    try:
        return current_steward() is not None
    except Exception:  # outside a Streamlit session (e.g. a bare import): nobody is signed in
        return False


def register_session() -> None:
    """Record whether this browser session may upload (a steward is signed in); call on every run."""
    sid = _session_id()
    if sid is None:
        return
    steward = current_steward() if is_steward() else None
    with _sessions_lock:
        if steward:
            _steward_sessions[sid] = (steward, browser_digest(console_cookie()))
        else:
            _steward_sessions.pop(sid, None)


def session_may_upload(session_id: str, cookie: str | None) -> bool:
    """True when a steward is signed in on browser session `session_id` of this process and the
    request carries the console cookie of the browser that session runs in."""
    with _sessions_lock:
        entry = _steward_sessions.get(session_id)
    return entry is not None and hmac.compare_digest(entry[1], browser_digest(cookie))


def forget_sessions(active: set[str]) -> None:
    """Drop sessions that have ended (the console calls this with the runtime's live ids)."""
    with _sessions_lock:
        for sid in [s for s in _steward_sessions if s not in active]:
            del _steward_sessions[sid]


def sign_out() -> None:
    for key in (SESSION_KEY, METHOD_KEY, BINDING_KEY):
        st.session_state.pop(key, None)
    sid = _session_id()
    if sid is not None:
        with _sessions_lock:
            _steward_sessions.pop(sid, None)
    if oidc_identity() is not None:
        st.logout()


# ---- command line: python -m kcdash.auth hash | lockouts | unlock NAME ----------------------
def _hash_command(name: str, iterations: int) -> int:
    if iterations < MIN_ITERATIONS:
        print(f"--iterations must be at least {MIN_ITERATIONS:,} (PBKDF2-HMAC-SHA256).", file=sys.stderr)
        return 2
    if not name or any(not (c.isalnum() or c in "_.-") for c in name) or len(name) > 100:
        print("--name: letters, digits, '_', '.' and '-' only.", file=sys.stderr)
        return 2
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
    encoded = hash_password(password, iterations=iterations)
    print(f'[stewards]\n{name} = "{encoded}"')
    print(f"# or in the environment: KC_STEWARDS={name}:{encoded}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.auth", description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    h = sub.add_parser("hash", help="print a password hash for [stewards] in .streamlit/secrets.toml")
    h.add_argument("--name", default="steward", help="username to show in the printed line")
    h.add_argument("--iterations", type=int, default=ITERATIONS, help=f"PBKDF2 rounds, at least {MIN_ITERATIONS:,}")
    sub.add_parser("lockouts", help="the most recent sign-in lockouts")
    u = sub.add_parser("unlock", help="lift a username's lockout (or addr:<address>)")
    u.add_argument("name")
    args = parser.parse_args(argv)
    if args.command == "hash":
        return _hash_command(args.name, args.iterations)
    if args.command == "lockouts":
        for row in lockouts():
            at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row["at"]))
            until = time.strftime("%H:%M:%S", time.localtime(row["until"]))
            print(strip_controls(f"{at}  {row['key']}  failures={row['failures']}  locked until {until}"))
        return 0
    cleared = unlock(args.name)
    print(strip_controls(f"{args.name}: {'unlocked' if cleared else 'no failures recorded'}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
