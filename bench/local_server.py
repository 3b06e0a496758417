"""One of the project's Streamlit apps on a free 127.0.0.1 port, for a test or the benchmark.

Started in a process group of its own, waited for through its health endpoint (bounded), and
stopped with every child afterwards (bounded too). Two ways to start one:

- `make_target("run")` or `make_target("admin")`: the dashboard or the steward console exactly as
  a person starts them (`make run PORT=…`: the Makefile's flags, nice level and set-up);
- `streamlit_script("viewer.py", *flags)`: `streamlit run` on a script with extra flags.

    with serve(make_target("run"), env={**os.environ, "DATA_DIR": folder}) as server:
        ...  # server.url, server.port, server.log
"""

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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = str(Path(sys.executable).with_name("streamlit"))
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0
POLL_S = 0.05
PORT_VARIABLE = {"run": "PORT", "admin": "ADMIN_PORT"}
"""make target -> the variable that names its port"""
ERROR_LINE = re.compile(r"Traceback|Exception|Error", re.IGNORECASE)

Command = Callable[[int], list[str]]
"""The command line that starts an app on the given port."""


def make_target(target: str) -> Command:
    """`make run PORT=…` or `make admin ADMIN_PORT=…`."""
    variable = PORT_VARIABLE[target]
    return lambda port: ["make", "--no-print-directory", target, f"{variable}={port}"]


def streamlit_script(script: str, *flags: str) -> Command:
    """`streamlit run <script>` on 127.0.0.1 with the repository's .streamlit config and `flags`."""
    return lambda port: [STREAMLIT, "run", script, "--server.address", "127.0.0.1", "--server.port", str(port), *flags]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    started: float
    """time.time() when the process was launched"""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """The launched process and all its children (make, streamlit)."""
        import psutil

        try:
            root = psutil.Process(self.proc.pid)
            return [root.pid] + [c.pid for c in root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mb(self) -> float:
        """Resident memory of the server's processes, MB."""
        import psutil

        total = 0
        for pid in self.pids():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += psutil.Process(pid).memory_info().rss
        return total / 2**20

    def log_errors(self) -> list[str]:
        return [line for line in self.log.read_text(errors="replace").splitlines() if ERROR_LINE.search(line)]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310 (http, ours)
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def serve(
    command: Command,
    *,
    env: Mapping[str, str] | None = None,
    log_dir: Path = REPO / "test-output",
    log_name: str = "server",
    start_timeout_s: float = START_TIMEOUT_S,
) -> Iterator[Server]:
    """Start `command` on a free port with `env` (default: this process's environment), its output
    in `log_dir/<log_name>-<port>.log`; yield once it answers, stop its process group afterwards."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{log_name}-{port}.log"
    with log.open("wb") as out:
        started = time.time()
        proc = subprocess.Popen(
            command(port),
            cwd=REPO,
            env=dict(os.environ if env is None else env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, proc, log, started)
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _healthy(server.url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{log_name} did not start; see {log}:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(POLL_S)
        yield server
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
            return
        except subprocess.TimeoutExpired:
            continue
