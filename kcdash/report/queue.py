"""Report renders, bounded per server and per viewer: each one starts a Chromium of about 1 GB.

Any viewer may ask for a report (the download is a deferred file, and a websocket client can ask
for it again and again without clicking), so what one render costs is multiplied by nothing but
these limits (docs/SECURITY.md, "Reports"):

- at most `RENDERS` renders at a time in the process (``KC_REPORT_RENDERS``, 1); others wait;
- at most `PENDING` requests in progress or waiting in the process (``KC_REPORT_PENDING``, 3):
  each holds one of the server's worker threads while it waits;
- one request at a time per viewer session;
- identical requests (same parameters, same data version) share one render, and the last few
  reports are kept (`CACHE_ENTRIES`, `CACHE_BYTES`), so asking again costs nothing.

A request over a limit is not queued: `Busy` is raised at once and the viewer is told to wait.
No Streamlit here (kcdash/report/ui.py is the button and its message).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Literal


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


RENDERS = _env_int("KC_REPORT_RENDERS", 1)
PENDING = _env_int("KC_REPORT_PENDING", 3)
CACHE_ENTRIES = 8
CACHE_BYTES = 64 * 1024 * 1024

Reason = Literal["session", "server"]


class Busy(Exception):
    """Not rendered now: this viewer already waits for a report ("session"), or the server has as
    many waiting as it takes ("server")."""

    def __init__(self, reason: Reason):
        self.reason = reason
        super().__init__(reason)


@dataclass
class _Job:
    done: threading.Event = field(default_factory=threading.Event)
    result: bytes | None = None
    error: BaseException | None = None


class RenderQueue:
    """Renders by key: cached, shared between identical requests, bounded (see the module)."""

    def __init__(
        self,
        renders: int = RENDERS,
        pending: int = PENDING,
        cache_entries: int = CACHE_ENTRIES,
        cache_bytes: int = CACHE_BYTES,
    ):
        self._slots = threading.BoundedSemaphore(renders)
        self._max_pending = pending
        self._cache_entries = cache_entries
        self._cache_bytes = cache_bytes
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._jobs: dict[Hashable, _Job] = {}
        self._sessions: set[str] = set()
        self._pending = 0
        self.renders_done = 0  # for tests and the log: how many times `make` ran

    def get(self, key: Hashable, session: str, make: Callable[[], bytes]) -> bytes:
        """The bytes for `key`: from the cache, from a render in progress, or rendered now;
        `Busy` at once when `session` already waits or the server has no room."""
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            if session in self._sessions:
                raise Busy("session")
            if self._pending >= self._max_pending:
                raise Busy("server")
            job = self._jobs.get(key)
            owner = job is None
            if job is None:
                job = self._jobs[key] = _Job()
            self._pending += 1
            self._sessions.add(session)
        try:
            if owner:
                self._render(key, job, make)
            else:
                job.done.wait()
            if job.error is not None:
                raise job.error
            assert job.result is not None  # noqa: S101 - set whenever error is not
            return job.result
        finally:
            with self._lock:
                self._pending -= 1
                self._sessions.discard(session)

    def _render(self, key: Hashable, job: _Job, make: Callable[[], bytes]) -> None:
        try:
            with self._slots:
                job.result = make()
                self.renders_done += 1
        except BaseException as err:  # handed to every request waiting for this job
            job.error = err
        finally:
            with self._lock:
                del self._jobs[key]
                if job.result is not None:
                    self._keep(key, job.result)
            job.done.set()

    def _keep(self, key: Hashable, data: bytes) -> None:
        if len(data) > self._cache_bytes:
            return
        self._cache[key] = data
        while len(self._cache) > self._cache_entries or sum(map(len, self._cache.values())) > self._cache_bytes:
            self._cache.popitem(last=False)

    def in_progress(self) -> int:
        with self._lock:
            return self._pending


QUEUE = RenderQueue()
"""The process's one queue: every report the dashboard renders goes through it."""
