"""ASGI middleware in front of the two apps: who may upload, which browser a session belongs to,
which pages may open a websocket.

Streamlit's upload endpoint (``PUT /_stcore/upload_file/<session id>/<file id>``) checks only
that the session id belongs to a live browser session and that the XSRF cookie and header agree;
it does not ask whether that session shows an uploader, let alone whether anyone signed in. So
any visitor of any Streamlit app may send files of up to ``server.maxUploadSize`` each, held in
memory until the session ends (docs/SECURITY.md). This ASGI middleware, in front of the steward
console (admin.py), answers 403 to every upload request whose session has no steward signed in
(`kcdash.auth.session_may_upload`), before a byte of the body is read; `NoUploads`, in front of
the public dashboard (viewer.py), answers 403 to every upload request.

`ConsoleCookie` gives each browser of the steward console a random HttpOnly, SameSite=Strict
cookie: a steward's sign-in is bound to it (kcdash.auth), so the session id alone, which a
proxy's access log shows in every upload URL, grants nothing. `SameOrigin`, in front of both
apps, refuses a websocket opened by a page of another origin (Streamlit compares host names
only, so another port of the same host passed), allowing the configured ones
(``KC_ALLOWED_ORIGINS``, e.g. ``https://khuyencong.example.vn``) or else the request's own host.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from kcdash import auth

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)(?:/|$)")


class _Middleware:
    """An ASGI middleware: wraps the app it passes the requests it lets through to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app


class StewardUploadsOnly(_Middleware):
    """ASGI middleware: uploads (and deletions of uploads) only from steward sessions."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and scope.get("method") != "OPTIONS":
            found = UPLOAD_PATH.search(str(scope.get("path", "")))
            cookie = _cookies(scope).get(auth.CONSOLE_COOKIE)
            if found is not None and not auth.session_may_upload(found.group(1), cookie):
                await _forbidden(send)
                return
        await self.app(scope, receive, send)


class NoUploads(_Middleware):
    """ASGI middleware for the public dashboard (viewer.py): no upload request reaches Streamlit."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and UPLOAD_PATH.search(str(scope.get("path", ""))):
            await _forbidden(send, b"This dashboard accepts no files.")
            return
        await self.app(scope, receive, send)


class ConsoleCookie(_Middleware):
    """ASGI middleware: every browser of the console gets its own random cookie on its first page."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or _cookies(scope).get(auth.CONSOLE_COOKIE):
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https" or _header(scope, b"x-forwarded-proto") == "https"
        cookie = f"{auth.CONSOLE_COOKIE}={secrets.token_urlsafe(32)}; Path=/; HttpOnly; SameSite=Strict"
        header = (b"set-cookie", (cookie + ("; Secure" if secure else "")).encode("ascii"))

        async def send_with_cookie(message: Message) -> None:
            if message.get("type") == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SameOrigin(_Middleware):
    """ASGI middleware: a websocket only from a page of the configured origin (or the host's own)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "websocket":
            origin = _header(scope, b"origin")
            if origin is not None and not origin_allowed(origin, _header(scope, b"host") or ""):
                await send({"type": "websocket.close", "code": 1008})
                return
        await self.app(scope, receive, send)


def origin_allowed(origin: str, host: str) -> bool:
    """`origin` (scheme://host[:port]) is one of KC_ALLOWED_ORIGINS, or, with none configured,
    names exactly the host (and port) the request was sent to."""
    configured = [
        o.strip().rstrip("/").lower() for o in os.environ.get("KC_ALLOWED_ORIGINS", "").split(",") if o.strip()
    ]
    origin = origin.strip().rstrip("/").lower()
    if configured:
        return origin in configured
    _scheme, sep, netloc = origin.partition("://")
    return bool(sep) and netloc == host.strip().lower()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _cookies(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        if key.lower() == b"cookie":
            for part in bytes(value).decode("latin-1").split(";"):
                name, sep, val = part.strip().partition("=")
                if sep:
                    out.setdefault(name, val)
    return out


async def _forbidden(send: Send, body: bytes = b"Sign in as a data steward to upload files.") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
