"""Bounded load test: 20 viewers keep their pages under 3 s while a steward imports the largest
allowed file. Everything on 127.0.0.1, at most 2 minutes, every loop bounded.

The dashboard runs as `make run` runs it; the steward imports with `make import` (which runs the
importer at a lower CPU priority, as `make admin` runs the steward console). Twenty viewers, each
a websocket session as a browser opens it, have the dashboard open when the import starts, then
move from page to page, reading each for 5 to 15 s (seeded), for as long as the import runs;
every page view is timed from the request to the end of the script run, also for 15 s before the
import starts (the machine's own pace: when it cannot serve twenty viewers in 3 s without any
import, the test says so and skips, as nothing about the import can be measured). (Without reading time,

REPO = Path(__file__).resolve().parents[1]
twenty sessions asking at once measure the one Python process every Streamlit app runs in, about
0.3 s a page each, not the import.) Results: test-output/load/results.json.
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

import pytest
from st_client import Session, serve

from kcdash import store
from kcdash.importer import Limits

REPO = Path(__file__).resolve().parents[1]

VIEWERS = 20
PAGE_BUDGET_S = 3.0
TEST_BUDGET_S = 100.0  # the whole test, server start and stop included, stays under 2 minutes
PAGES = ("training", "budget", "clusters", "compare", "data_sources")
READING_S = (5.0, 15.0)  # how long a viewer looks at a page before the next
BEFORE_S = 15.0  # the viewers browse alone this long before the import starts
DISTRICTS = ("094", "095", "096", "097", "098", "099", "100", "101", "102")

pytestmark = pytest.mark.load


def _largest_allowed_file(path: Path) -> int:
    """An activities extract with as many rows as the import limit allows (header included)."""
    rows = Limits.from_env().max_rows - 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "Mã đề án,Tỉnh,Huyện,Năm,Nội dung khuyến công,Ngành nghề,Nguồn kinh phí,"
            "Kinh phí (triệu đồng),Số học viên,Việc làm mới,Tên đề án,Nguồn\n"
        )
        for i in range(rows):
            f.write(
                f"LT-{i:06d},11,{DISTRICTS[i % 9]},{2008 + i % 5},nd45_1,brocade_weaving,kcqg,"
                f"{i % 900 + 10}.5,{i % 40 + 1},{i % 30},Lớp dệt thổ cẩm số {i},Kiểm thử tải\n"
            )
    return rows


def test_twenty_viewers_stay_fast_while_the_largest_file_is_imported(bundled_copy, tmp_path):
    started = time.monotonic()
    extract = tmp_path / "largest extract.csv"
    rows = _largest_allowed_file(extract)
    env = {"DATA_DIR": str(bundled_copy), "KC_AUTH_STATE": str(tmp_path / "signin.sqlite3")}
    views: list[dict[str, object]] = []
    errors: list[str] = []
    opened: list[float] = []
    lock = threading.Lock()
    importing: subprocess.Popen[str] | None = None
    import_started = float("inf")
    deadline = started + TEST_BUDGET_S - 5
    with serve("app.py", env=env, log_name="load-viewer") as port:
        warm = Session(port)  # the data opened and the caches filled, as after any restart
        for page in PAGES:
            warm.rerun(page=page)
        warm.close()
        sessions = []
        for _ in range(VIEWERS):  # the viewers already there when the steward starts
            t0 = time.monotonic()
            sessions.append(Session(port))
            opened.append(round(time.monotonic() - t0, 3))

        def record(n: int, t0: float, page: str, seconds: float) -> None:
            with lock:
                phase = "import" if t0 >= import_started else "before"
                views.append({"viewer": n, "phase": phase, "at_s": round(t0 - started, 2), "page": page, "s": seconds})

        def viewer(n: int) -> None:
            rng = random.Random(n)
            session = sessions[n]
            try:
                for i in range(100):
                    pause = rng.uniform(*READING_S) if i else rng.uniform(0.0, READING_S[0])
                    done = importing is not None and importing.poll() is not None
                    if done or time.monotonic() + pause > deadline:
                        break
                    time.sleep(pause)
                    page = PAGES[(n + i) % len(PAGES)]
                    t0 = time.monotonic()
                    record(n, t0, page, round(session.rerun(page=page).seconds, 3))
            except Exception as e:  # a refused or dropped session is a failure too
                with lock:
                    errors.append(f"viewer {n}: {type(e).__name__}: {e}")
            finally:
                session.close()

        threads = [threading.Thread(target=viewer, args=(n,), daemon=True) for n in range(VIEWERS)]
        for th in threads:
            th.start()
        time.sleep(BEFORE_S)  # the viewers browse on their own first: the machine's own pace
        import_started = time.monotonic()
        importing = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.run-installed", "import", f"FILE={extract}"],
            cwd=REPO,
            env={**os.environ, "DATA_DIR": str(bundled_copy)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # make and the importer it starts are stopped together
        )
        try:
            output, _ = importing.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # a slow machine: stop it; the store keeps the old version
            os.killpg(importing.pid, signal.SIGKILL)
            output, _ = importing.communicate()
        import_s = time.monotonic() - import_started
        for th in threads:
            th.join(timeout=30)

    def stats(phase: str) -> dict[str, object]:
        times = sorted(float(v["s"]) for v in views if v["phase"] == phase)  # type: ignore[arg-type]
        if not times:
            return {"views": 0}
        return {
            "views": len(times),
            "median_s": round(statistics.median(times), 3),
            "p95_s": round(times[int(0.95 * (len(times) - 1))], 3),
            "max_s": round(times[-1], 3),
        }

    before, during = stats("before"), stats("import")
    summary = {
        "viewers": VIEWERS,
        "import_rows": rows,
        "import_file_mb": round(extract.stat().st_size / 1024 / 1024, 1),
        "import_seconds": round(import_s, 1),
        "import_returncode": importing.returncode,
        "opened_s": {"median": statistics.median(opened), "max": max(opened)},
        "before_import": before,
        "during_import": during,
        "errors": errors,
    }
    out = REPO / "test-output" / "load"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps({"summary": summary, "views": views}, indent=1), encoding="utf-8")
    print(json.dumps(summary))

    if importing.returncode == 0:
        assert f"Đã nhập {rows} hàng" in output
        assert store.current_version_id(str(bundled_copy)) == "2"
    else:  # not finished within the test's 2 minutes: killed, and nothing half-applied
        assert import_s >= deadline - import_started - 1, output[-2000:]
        assert store.current_version_id(str(bundled_copy)) in (None, "1")
    assert not errors
    assert int(during["views"]) >= VIEWERS  # type: ignore[call-overload]
    if float(before.get("max_s", 0)) >= PAGE_BUDGET_S:  # type: ignore[arg-type]
        # the machine cannot serve 20 viewers in 3 s even without an import (other work on it):
        # what the import does to them cannot be measured here; the numbers are in results.json
        pytest.skip(f"machine too busy: {before} before the import")
    assert float(during["max_s"]) < PAGE_BUDGET_S, summary  # type: ignore[arg-type]
