"""The steward console's upload guard: Streamlit accepts a file only from a signed-in steward.

Streamlit's upload endpoint (``PUT /_stcore/upload_file/<session id>/<file id>``) checks only
that the session id belongs to a live browser session and that the XSRF cookie and header agree;
it does not ask whether that session shows an uploader, let alone whether anyone signed in. So
any visitor of any Streamlit app may send files of up to ``server.maxUploadSize`` each, held in
memory until the session ends (docs/SECURITY.md). This ASGI middleware, in front of the steward
console (admin.py), answers 403 to every upload request whose session has no steward signed in
(`kcdash.auth.session_may_upload`), before a byte of the body is read; `NoUploads`, in front of
the public dashboard (viewer.py), answers 403 to every upload request.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from kcdash import auth

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)(?:/|$)")


class StewardUploadsOnly:
    """ASGI middleware: uploads (and deletions of uploads) only from steward sessions."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and scope.get("method") != "OPTIONS":
            found = UPLOAD_PATH.search(str(scope.get("path", "")))
            if found is not None and not auth.session_may_upload(found.group(1)):
                await _forbidden(send)
                return
        await self.app(scope, receive, send)


class NoUploads:
    """ASGI middleware for the public dashboard (viewer.py): no upload request reaches Streamlit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and UPLOAD_PATH.search(str(scope.get("path", ""))):
            await _forbidden(send, b"This dashboard accepts no files.")
            return
        await self.app(scope, receive, send)


async def _forbidden(send: Send, body: bytes = b"Sign in as a data steward to upload files.") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
