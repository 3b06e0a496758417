"""Write a report from the command line (what `make report` runs).

    python -m kcdash.report --prov 11 --years 2007-2012 --lang vi --format pdf --out report.pdf
    python -m kcdash.report --prov 11,95 --years 2007-2013 --format docx --out so-sanh.docx
    python -m kcdash.report --from-env   # PROV, YEARS, REPORT_LANG, FORMAT, OUT, MODE from make
    python -m kcdash.report --issuer "TRUNG TÂM KHUYẾN CÔNG" --issuer-abbr TTKC --signer-title "GIÁM ĐỐC"

No province means every province in the data; no years means the data's whole range. One
province's report is issued by its Sở Công Thương (ký hiệu BC-SCT) unless --issuer names the
body; a report of several provinces is a summary with no letterhead unless --issuer names one.
DATA_DIR chooses the data folder, as for `make run`.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from kcdash import data
from kcdash.cli_env import apply_env
from kcdash.data import Filters
from kcdash.i18n import t
from kcdash.report import FORMATS, MODES, build, pdf_page_count, render
from kcdash.report.model import Issuer

ENV = {
    "prov": "PROV",
    "years": "YEARS",
    "lang": "REPORT_LANG",
    "format": "FORMAT",
    "out": "OUT",
    "mode": "MODE",
    "issuer": "ISSUER",
    "issuer_parent": "ISSUER_PARENT",
    "issuer_abbr": "ISSUER_ABBR",
    "signer_title": "SIGNER_TITLE",
    "place": "PLACE",
}


def parse_years(text: str, bounds: tuple[int, int], lang: str = "vi") -> tuple[int, int]:
    """ "2007-2012", "2007–2012", "2012" or "" (the data's range) -> (first, last)."""
    text = (text or "").strip()
    if not text:
        return bounds
    match = re.fullmatch(r"(\d{4})(?:\s*[-–:]\s*(\d{4}))?", text)
    if not match:
        raise ValueError(t("report.bad_years", lang, value=text))
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise ValueError(t("report.bad_years_order", lang, value=text))
    return first, last


def parse_provinces(
    text: str, known: list[str], lang: str = "vi", with_data: list[str] | None = None
) -> tuple[str, ...]:
    """The codes asked for, in display order; an unknown code is refused, naming the codes that
    have data (`with_data`, default every known code) rather than all 63."""
    codes = [c for c in re.split(r"[,\s]+", (text or "").strip()) if c]
    unknown = [c for c in codes if c not in known]
    if unknown:
        offer = with_data if with_data is not None else known
        raise ValueError(t("report.bad_prov", lang, codes=", ".join(unknown), known=", ".join(offer[:20])))
    return tuple(c for c in known if c in codes)  # display order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.report", description=__doc__.splitlines()[0])
    parser.add_argument("--prov", default="", help="province codes, comma separated (default: all)")
    parser.add_argument("--years", default="", help="e.g. 2007-2012 (default: the data's range)")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--format", default="pdf", choices=list(FORMATS))
    parser.add_argument("--mode", default="all", choices=list(MODES))
    parser.add_argument("--out", default="", help="output file (default: the report's name in the current folder)")
    parser.add_argument("--issuer", default="", help="the issuing body, e.g. SỞ CÔNG THƯƠNG (default: see above)")
    parser.add_argument("--issuer-parent", default="", help="its parent body, e.g. UBND TỈNH ĐIỆN BIÊN")
    parser.add_argument("--issuer-abbr", default="", help="its abbreviation in the ký hiệu, e.g. SCT (BC-SCT)")
    parser.add_argument("--signer-title", default="", help="e.g. GIÁM ĐỐC")
    parser.add_argument("--place", default="", help="the place on the place-date line")
    parser.add_argument("--from-env", action="store_true", help="read the options from " + ", ".join(ENV.values()))
    args = parser.parse_args(argv)
    if args.from_env:
        apply_env(args, ENV)
    lang = "en" if args.lang == "en" else "vi"
    try:
        if args.format not in FORMATS:
            raise ValueError(f"FORMAT={args.format!r}: one of {', '.join(FORMATS)}")
        if args.mode not in MODES:
            raise ValueError(f"MODE={args.mode!r}: one of {', '.join(MODES)}")
        opened = time.perf_counter()
        every = data.provinces()  # opens the data (once per version)
        known = [str(c) for c in every["province_code"]]
        open_seconds = f"{time.perf_counter() - opened:.1f}"
        with_data = [str(c) for c in every.loc[every["has_data"], "province_code"]]
        provinces = parse_provinces(args.prov, known, lang, with_data)
        year_from, year_to = parse_years(args.years, data.year_bounds(), lang)
        started = time.perf_counter()
        issuer = None
        if args.issuer.strip():
            issuer = Issuer(
                name=args.issuer.strip(),
                abbr=args.issuer_abbr.strip() or t("report.issuer_abbr_province", lang),
                parent=args.issuer_parent.strip(),
                signer_title=args.signer_title.strip(),
                place=args.place.strip(),
            )
        f = Filters(provinces=provinces, year_from=year_from, year_to=year_to)
        report = build(f, lang, args.mode, issuer=issuer)
        payload = render(report, args.format)
        out = Path(args.out or f"{report.file_stem}.{args.format}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(payload)
        seconds = f"{time.perf_counter() - started:.1f}"
    except (ValueError, RuntimeError, OSError) as err:
        print(t("report.error", lang, error=err), file=sys.stderr)
        return 2
    if args.format == "pdf":
        pages = pdf_page_count(payload)
        print(t("report.cli_written", lang, path=out, pages=pages, seconds=seconds, open_seconds=open_seconds))
    else:
        print(t("report.cli_written_docx", lang, path=out, seconds=seconds, open_seconds=open_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
