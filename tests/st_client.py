"""A bare Streamlit client for the attack and load tests: start an app, open browser sessions over
the websocket as the frontend does (XSRF cookie, protobuf messages), fill widgets, time a page,
and send files to the upload endpoint the way an attacker would, without a browser."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = str(Path(sys.executable).with_name("streamlit"))
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(script: str, *flags: str, env: dict[str, str] | None = None, log_name: str = "") -> Iterator[int]:
    """`streamlit run <script>` on a free local port with the repo's .streamlit config; yields the port."""
    port = free_port()
    out = REPO / "test-output"
    out.mkdir(exist_ok=True)
    log = out / f"{log_name or Path(script).stem}-{port}.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen(
            [STREAMLIT, "run", script, "--server.address", "127.0.0.1", "--server.port", str(port), *flags],
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{script} did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
            yield port
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


def visitor_cookies(port: int) -> dict[str, str]:
    """The cookies any visitor's browser gets before it opens the websocket (from the health
    check, as the frontend does): the XSRF cookie, and the console's own on the steward console."""
    cookies = {}
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    if "_streamlit_xsrf" not in cookies:
        raise AssertionError("no XSRF cookie")
    return cookies


def xsrf_token(port: int) -> str:
    """The XSRF cookie any visitor gets."""
    return visitor_cookies(port)["_streamlit_xsrf"]


@dataclass
class Run:
    """What one script run sent: elements by kind, the final status, the time it took."""

    elements: list[tuple[str, Any]] = field(default_factory=list)
    status: int = -1
    seconds: float = 0.0

    def widget_id(self, kind: str, key: str) -> str:
        for k, el in self.elements:
            if k == kind and (getattr(el, k).id.endswith("-" + key) or f"-{key}-" in getattr(el, k).id):
                return str(getattr(el, k).id)
        raise AssertionError(f"no {kind} {key!r} in {[k for k, _ in self.elements]}")

    def texts(self) -> list[str]:
        out = []
        for k, el in self.elements:
            if k in ("markdown", "alert", "heading"):
                out.append(str(getattr(el, k).body))
        return out


class Session:
    """One browser session: a websocket with the XSRF token, as Streamlit's frontend opens it."""

    def __init__(
        self, port: int, query: str = "", path: str = "", *, resume: str = "", origin: str = "", first: bool = True
    ) -> None:
        """`resume`: a session id to ask Streamlit to resume (as a reconnecting frontend does);
        `origin`: the page the websocket claims to come from (default: the app's own)."""
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = visitor_cookies(port)
        self.xsrf = self.cookies["_streamlit_xsrf"]
        self.cookie_header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws: ClientConnection = connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit", self.xsrf, *([resume] if resume else [])],  # type: ignore[list-item]
            additional_headers={"Origin": origin or self.base, "Cookie": self.cookie_header},
            open_timeout=20,
            max_size=None,
        )
        self.backend_replies: list[Any] = []
        self.session_id = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path ("" for the default page) -> page script hash
        self.first = self.rerun(query=query, path=path) if first else Run()

    def rerun(
        self,
        widgets: dict[str, Any] | None = None,
        *,
        query: str = "",
        page: str | None = None,
        path: str = "",
        timeout: float = 60,
    ) -> Run:
        """Ask for a run (with widget values, or of another `page`: its URL path) until it has finished; timed."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = self.pages[page] if page is not None else self.page_hash
        msg.rerun_script.page_name = path  # the URL path a browser opens (/import_data: "import_data")
        for wid, value in (widgets or {}).items():
            w = msg.rerun_script.widget_states.widgets.add()
            w.id = wid
            if value is True:
                w.trigger_value = True
            else:
                w.string_value = str(value)
        run = Run()
        t0 = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            fm = ForwardMsg()
            fm.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.pages.update({p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages})
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "backend_operation_response":
                self.backend_replies.append(fm.backend_operation_response)
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                run.elements.append((str(el.WhichOneof("type")), el))
            elif kind == "script_finished" and fm.script_finished != FINISHED_EARLY_FOR_RERUN:
                run.status = fm.script_finished
                run.seconds = time.perf_counter() - t0
                return run
        raise TimeoutError(f"no script_finished within {timeout} s")

    def put_file(
        self,
        data: bytes,
        *,
        name: str = "x.csv",
        file_id: str = "attack",
        chunked: bool = False,
        session_id: str = "",
    ) -> int:
        """PUT a file to the upload endpoint for this session (or the one named); the HTTP status."""
        boundary = "kcboundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "X-Xsrftoken": self.xsrf,
            "Cookie": self.cookie_header,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            path = f"/_stcore/upload_file/{session_id or self.session_id}/{file_id}"
            head = [f"PUT {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close"]
            head += [f"{k}: {v}" for k, v in headers.items()]
            if chunked:  # no Content-Length: the server can only count while it reads
                head.append("Transfer-Encoding: chunked")
                payload = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
            else:
                head.append(f"Content-Length: {len(body)}")
                payload = body
            s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                s.sendall(payload)  # a refusal may come before the body is read: the status line is there
            reply = b""
            while b"\r\n" not in reply:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
        return int(reply.split(b" ", 2)[1])

    def request_files(self, file_ids: list[str], timeout: float = 240) -> list[Any]:
        """Ask for deferred downloads all at once, as a frontend's button clicks do (the
        backend operation ``deferred_file``); every reply (a URL or an error), in arrival order."""
        for i, file_id in enumerate(file_ids):
            msg = BackMsg()
            msg.backend_operation_request.request_id = f"r{i}"
            msg.backend_operation_request.session_id = self.session_id
            msg.backend_operation_request.deferred_file.file_id = file_id
            self.ws.send(msg.SerializeToString())
        replies = [r for r in self.backend_replies if r.request_id in {f"r{i}" for i in range(len(file_ids))}]
        deadline = time.monotonic() + timeout
        while len(replies) < len(file_ids) and time.monotonic() < deadline:
            fm = ForwardMsg()
            try:
                fm.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            except TimeoutError:
                break
            if fm.WhichOneof("type") == "backend_operation_response":
                replies.append(fm.backend_operation_response)
        return replies

    def close(self) -> None:
        self.ws.close()


def frames(at: Any) -> list[Any]:
    """Every table an AppTest run drew, as DataFrames of the text a reader sees, in the page's
    order: the scrolling grids (st.dataframe), Streamlit's tables and the HTML tables
    (kcdash.ui.tables.frame_view draws a frame as one of the three)."""
    from streamlit.testing.v1.element_tree import Dataframe, Html, Table

    def read(e: Any) -> Any:
        if isinstance(e, Dataframe):
            return e.value
        if isinstance(e, Html):
            return html_table(e.proto.body)
        plain = e.value.rename(columns=_unescape)  # a st.table's cells are escaped Markdown
        return plain.map(lambda v: _unescape(v) if isinstance(v, str) else v)

    def is_table(e: Any) -> bool:
        return isinstance(e, Dataframe | Table) or (isinstance(e, Html) and 'class="kc-table"' in e.proto.body)

    return [read(e) for part in (at.main, at.sidebar) for e in part if is_table(e)]


def html_table(markup: str) -> Any:
    """The header and cells of the first <table> in `markup`, as a DataFrame of their text (entities
    decoded, as a browser shows them)."""
    from html.parser import HTMLParser

    import pandas as pd

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    reader = Reader()
    reader.feed(markup)
    head, *body = reader.rows
    return pd.DataFrame(body, columns=head)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def tile_maps(at: Any) -> list[dict[str, Any]]:
    """The data of every tile map an AppTest run drew (kcdash.tilemap.tile_map, sent to the
    browser component kcdash.tile_map), in the page's order."""
    import json

    return [
        json.loads(e.proto.json)
        for e in at.get("bidi_component")
        if getattr(e.proto, "component_name", "") == "kcdash.tile_map"
    ]
