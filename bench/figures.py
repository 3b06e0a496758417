"""Figures from a long report: a 50-page report read and its figures proposed, as .txt, .docx and
a PDF with a text layer (target: under 10 s each on this machine).

The report is the test corpus's documents one after another (`tests/figures_corpus/src`, markup
stripped), repeated until it fills 50 A4 pages at about 3,000 characters a page; the PDF is that
text printed by headless Chromium, so its page count is measured, not assumed.
"""

from __future__ import annotations

import html
import io
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "tests" / "figures_corpus" / "src"
PAGES = 50
CHARS_PER_PAGE = 3000
TARGET_S = 10.0


def report_text(pages: int = PAGES) -> str:
    parts = []
    for path in sorted(SRC.glob("*.txt")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            line = re.sub(r"^(#+|@|\|)\s*", "", line).replace("{NBSP}", " ").replace("**", "").strip()
            if line:
                parts.append(line)
    body, out = "\n".join(parts), []
    while sum(len(p) for p in out) < pages * CHARS_PER_PAGE:
        out.append(body)
    return "\n".join(out)


def as_docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def as_pdf(text: str, chromium: str) -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    page = f'<!doctype html><html lang="vi"><meta charset="utf-8"><style>@page{{size:A4;margin:2cm}} body{{font:12pt "Liberation Serif",serif}}</style><body>{body}</body></html>'
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "r.html", Path(tmp) / "r.pdf"
        src.write_text(page, encoding="utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
             f"--print-to-pdf={out}", src.as_uri()],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return out.read_bytes()


def stage(chromium: str, runs: int = 3) -> dict:
    """Seconds to read each file and propose its figures (median of `runs`), pages, proposals."""
    from kcdash.db import Database
    from kcdash.figures import gazetteer
    from kcdash.figures.propose import propose
    from kcdash.figures.read import read_document

    places = gazetteer.from_database(Database(str(REPO / "data")))
    text = report_text()
    files = {"txt": text.encode("utf-8"), "docx": as_docx(text)}
    if Path(chromium).exists():
        files["pdf"] = as_pdf(text, chromium)
    out: dict = {"pages_target": PAGES, "target_s": TARGET_S, "formats": {}}
    for kind, content in files.items():
        times, found, pages = [], 0, 0
        for _ in range(runs):
            t0 = time.perf_counter()
            doc = read_document(content, f"bao-cao-50-trang.{kind}", max_bytes=len(content) + 1)
            reading = propose(doc.text, places)
            times.append(time.perf_counter() - t0)
            found, pages = len(reading.proposals), doc.pages
        out["formats"][kind] = {
            "seconds": round(statistics.median(times), 2),
            "bytes": len(content),
            "characters": len(doc.text),
            "pdf_pages": pages or None,
            "proposals": found,
        }
    return out


def text_of(result: dict) -> str:
    lines = [f"### A {result['pages_target']}-page report read and its figures proposed (target under {result['target_s']:.0f} s)", "",
             "| file | pages | characters | proposals | seconds |", "|---|---:|---:|---:|---:|"]  # fmt: skip
    for kind, r in result["formats"].items():
        pages = r["pdf_pages"] or f"≈{r['characters'] // CHARS_PER_PAGE}"
        lines.append(f"| .{kind} | {pages} | {r['characters']:,} | {r['proposals']} | {r['seconds']:.2f} |")
    return "\n".join(lines)


def missed(result: dict) -> list[str]:
    return [
        f"figures: the {kind} report took {r['seconds']:.1f} s (target {result['target_s']:.0f} s)"
        for kind, r in result["formats"].items()
        if r["seconds"] >= result["target_s"]
    ]
