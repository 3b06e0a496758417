"""`make figures FILE=report.docx [FORMAT=json] [ACCEPT=all|1,3] [PROVINCE=42] [TITLE=…]`:
the proposals of a report as a table or JSON, and with ACCEPT, a new data version of them.

Every failure is a message in the user's language (REPORT_LANG / --lang), never a traceback;
the exit code is 2 for a file that cannot be read or a refused commit, 0 otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence

from kcdash import store
from kcdash.cli_env import apply_env
from kcdash.db import data_dir, get_database
from kcdash.figures import gazetteer
from kcdash.figures.commit import SourceInfo, commit
from kcdash.figures.propose import Proposal, Reading, propose
from kcdash.figures.read import DocumentError, read_document
from kcdash.i18n import t
from kcdash.safe import strip_controls as terminal_text

ENV = {"file": "FILE", "format": "FORMAT", "accept": "ACCEPT", "province": "PROVINCE", "title": "TITLE",
       "issuer": "ISSUER", "date": "DATE", "url": "URL", "lang": "REPORT_LANG", "user": "STEWARD"}  # fmt: skip


def parse_accept(text: str, reading: Reading) -> list[Proposal]:
    """'all', or proposal numbers separated by commas or spaces ('1,3 5')."""
    text = text.strip().lower()
    if text == "all":
        return list(reading.proposals)
    numbers = set()
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            raise ValueError(part)
        numbers.add(int(part))
    unknown = numbers - {p.number for p in reading.proposals}
    if unknown:
        raise ValueError(", ".join(str(n) for n in sorted(unknown)))
    return [p for p in reading.proposals if p.number in numbers]


def json_row(p: Proposal) -> dict[str, object]:
    """A proposal for JSON: the value a JSON number written with exactly its digits (6788.9)."""
    row = p.as_dict()
    row["value"] = int(p.value) if p.value == p.value.to_integral() else float(p.value)
    return row


def table_text(reading: Reading, lang: str) -> str:
    """The proposals as an aligned plain-text table, one line each, then the checks of totals."""
    head = [
        t(f"fig.col_{c}", lang)
        for c in (
            "number",
            "metric",
            "value",
            "unit",
            "fund",
            "qualifier",
            "status",
            "period",
            "province",
            "district",
            "flags",
            "quote",
        )
    ]
    rows = [head]
    for p in reading.proposals:
        period = "" if p.period_to_year is None else (
            str(p.period_to_year) if p.period_from_year == p.period_to_year else f"{p.period_from_year}-{p.period_to_year}"
        )  # fmt: skip
        if p.period_part:
            period += f" ({p.period_part})"
        d = p.as_dict()
        rows.append([str(p.number), p.metric, str(d["value"]), p.unit, p.fund_code or "", p.qualifier, p.status,
                     period, p.province_code or "?", p.district_code or "", "; ".join(t(f"fig.flag_{f}", lang) for f in p.flags),
                     terminal_text(p.quote if len(p.quote) <= 90 else p.quote[:87] + "…")])  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1] for r in rows]
    for c in reading.checks:
        key = "fig.check_ok" if c.adds_up else "fig.check_bad"
        lines.append(t(key, lang, total=c.total, parts=", ".join(str(n) for n in c.parts), sum=str(c.parts_sum)))
    if reading.province_code is None:
        lines.append(t("fig.cli_no_province", lang))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.figures", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="")
    parser.add_argument("--format", default="table", choices=["table", "json"])
    parser.add_argument("--accept", default="", help="'all' or proposal numbers: commit them as a new data version")
    parser.add_argument("--province", default="", help="GSO code of the province (default: read from the text)")
    parser.add_argument("--title", default="", help="the document's title")
    parser.add_argument("--issuer", default="", help="the issuing body")
    parser.add_argument("--date", default="", help="the document's date, YYYY-MM-DD")
    parser.add_argument("--url", default="", help="the document's web address")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--user", default="", help="who accepts (kept in the version's history)")
    parser.add_argument("--data-dir", default="")
    parser.add_argument(
        "--from-env", action="store_true", help="read FILE, FORMAT, ACCEPT, PROVINCE, TITLE, … from the environment"
    )
    args = parser.parse_args(argv)
    if args.from_env:
        apply_env(args, ENV)
    lang = "en" if args.lang == "en" else "vi"
    if not args.file:
        print(t("fig.cli_usage", lang), file=sys.stderr)
        return 2
    if args.format not in ("table", "json"):
        print(t("fig.cli_bad_format", lang, value=terminal_text(args.format)), file=sys.stderr)
        return 2
    base = args.data_dir or data_dir()
    try:
        with open(args.file, "rb") as f:
            content = f.read()
    except OSError as err:
        print(
            t(
                "fig.cli_cannot_open",
                lang,
                name=terminal_text(args.file),
                reason=terminal_text(err.strerror or str(err)),
            ),
            file=sys.stderr,
        )
        return 2
    try:
        doc = read_document(content, args.file)
    except DocumentError as err:
        print(t(f"fig.err_{err.code}", lang, **err.params), file=sys.stderr)
        return 2
    try:
        db = get_database(base)
        places = gazetteer.from_database(db)
        known = {p.code for p in places.provinces}
        if args.province and args.province not in known:
            print(t("fig.cli_bad_province", lang, code=terminal_text(args.province)), file=sys.stderr)
            return 2
        date = datetime.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(t("fig.cli_bad_date", lang, value=terminal_text(args.date)), file=sys.stderr)
        return 2
    reading = propose(doc.text, places, province_code=args.province or None, document_date=date)
    if args.format == "json":
        print(json.dumps([json_row(p) for p in reading.proposals], ensure_ascii=False, indent=2))
    else:
        print(t("fig.cli_read", lang, name=terminal_text(doc.file_name), n=len(reading.proposals)))
        print(table_text(reading, lang))
    if not args.accept:
        return 0
    try:
        accepted = parse_accept(args.accept, reading)
    except ValueError as err:
        print(t("fig.cli_bad_accept", lang, value=terminal_text(str(err))), file=sys.stderr)
        return 2
    info = SourceInfo(title=args.title, issuing_body=args.issuer, date_published=date, url=args.url)
    try:
        result = commit(doc, accepted, info, base=base, user=args.user, lang=lang)
    except store.StoreBusy:
        print(t("fig.cli_busy", lang), file=sys.stderr)
        return 2
    except OSError as err:
        print(t("fig.cli_write_failed", lang, reason=terminal_text(err.strerror or str(err))), file=sys.stderr)
        return 2
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 2
    print(
        t("fig.cli_committed", lang, n=result.figures, version=result.version),
        file=sys.stderr if args.format == "json" else sys.stdout,
    )
    return 0
