"""Step 8, the command line: the same pipeline as the upload page.

    python -m kcdash.importer FILE [--table activities|clusters] [--sheet NAME] [--data-dir DIR]
                                   [--lang vi|en] [--user NAME] [--check]
                                   [--map "Header=column"]... [--profile NAME [--save-profile]]
                                   [--province CODE] [--unit dong|nghin_dong|trieu_dong]
                                   [--accept-suggestions]
    python -m kcdash.importer --list | --rollback ID  [--data-dir DIR]

Every line printed from a file's content goes through :func:`kcdash.importer.text.printable`,
so an escape sequence in a cell cannot reach the terminal. Every failure, a full disk or a
refused rollback included, is a message in the chosen language and an exit status, never a
traceback; a failure changes nothing (the store switches versions only once one is complete).
"""

from __future__ import annotations

import argparse
import errno
import getpass
import logging
import os
import sys

from kcdash import i18n, store
from kcdash.db import data_dir
from kcdash.importer.columns import IMPORTABLE, UNITS
from kcdash.importer.commit import import_path
from kcdash.importer.pipeline import chosen_columns
from kcdash.importer.profiles import Choices, ProfileInvalid, ProfileNameTaken, load_profile, save_profile
from kcdash.importer.text import printable
from kcdash.schema import RECORD_TABLES, TABLES


def _out(text: str) -> None:
    print(printable(text))


def _err(text: str) -> None:
    print(printable(text), file=sys.stderr)


log = logging.getLogger("kcdash.importer")


def _busy(refusal: store.StoreBusy, lang: str) -> str:
    """Why the store did not take the version: another steward's commit beat ours on a shared
    catalog (nothing changed, try again), or another import holds the lock."""
    return i18n.t("imp.conflict" if isinstance(refusal, store.CommitConflict) else "imp.busy", lang)


def main(argv: list[str] | None = None) -> int:
    """The command line; every failure becomes a message (see the module docstring)."""
    lang = _lang_option(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv)
    except store.StoreError as e:
        _err(i18n.t("imp.cli_store_refused", lang, detail=str(e)))
        return 4
    except OSError as e:
        where = e.filename or ""
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            _err(i18n.t("imp.cli_disk_full", lang, path=where))
        else:
            _err(i18n.t("imp.cli_os_error", lang, error=e.strerror or str(e), path=where))
        return 5
    except Exception as e:  # a bug: the person still gets a sentence; the traceback goes to the debug log
        log.debug("import failed", exc_info=True)
        _err(i18n.t("imp.cli_unexpected", lang, error=type(e).__name__))
        return 6


def _lang_option(argv: list[str]) -> str:
    """The --lang given (before the parser runs: a failure may come from the parser's own work)."""
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[i + 1 : i + 2] == ["en"]):
            return "en"
    return "vi"


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.importer", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("file", nargs="?", help="CSV, .xlsx or Parquet file to import")
    parser.add_argument("--table", choices=IMPORTABLE, help="which table the file holds (default: detect)")
    parser.add_argument("--sheet", help="Excel sheet name (default: the first sheet)")
    parser.add_argument("--data-dir", default=None, help="data folder (default: $DATA_DIR or data/)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--user", default=None, help="who imports (default: the login name)")
    parser.add_argument("--check", action="store_true", help="check and report only; change nothing")
    parser.add_argument(
        "--map", action="append", default=[], metavar="HEADER=COLUMN", help='"Header=column" ("Header=-": skip it)'
    )
    parser.add_argument("--profile", help="use the saved mapping profile NAME (and save into it with --save-profile)")
    parser.add_argument("--save-profile", action="store_true", help="save this file's choices as --profile NAME")
    parser.add_argument("--province", help="province code for a file without a province column")
    parser.add_argument("--unit", choices=tuple(UNITS), help="unit of the budget column when its header names none")
    parser.add_argument(
        "--accept-suggestions", action="store_true", help="apply every suggested value (each one is listed)"
    )
    parser.add_argument("--list", action="store_true", help="list the data versions")
    parser.add_argument("--rollback", metavar="ID", help="make an earlier version active again")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for another import")
    args = parser.parse_args(argv)
    base = args.data_dir or data_dir()
    lang = args.lang
    user = args.user or os.environ.get("KC_USER") or _login()

    if args.list:
        _print_versions(base)
        return 0
    if args.rollback:
        try:
            manifest = store.rollback(base, args.rollback, user=user, timeout=args.timeout)
        except store.UnknownVersion:
            _err(i18n.t("imp.unknown_version", lang, version=args.rollback))
            return 2
        except store.StoreBusy as e:
            _err(_busy(e, lang))
            return 3
        _out(i18n.t("imp.cli_rolled_back", lang, version=manifest.get("restores", args.rollback)))
        return 0
    if not args.file:
        parser.error("FILE is required (or --list / --rollback ID)")
    if not os.path.isfile(args.file):
        _err(f"{args.file}: {i18n.t('val.file_missing', lang)}")
        return 2

    choices = Choices()
    if args.profile:
        try:
            choices = load_profile(base, args.profile)
        except KeyError:
            if not args.save_profile:
                _err(i18n.t("import.profile_missing", lang, name=args.profile))
                return 2
        except ProfileInvalid as e:
            problem = i18n.t(e.rule, lang, **e.params)
            _err(i18n.t("import.profile_invalid", lang, name=args.profile, problem=problem))
            return 2
        except ValueError:
            _err(i18n.t("import.profile_unreadable", lang, name=args.profile))
            return 2
    try:
        mapped = chosen_columns(args.map)
    except ValueError as e:
        _err(i18n.t("import.map_bad_option", lang, option=str(e)))
        return 2
    known = {c for t in IMPORTABLE for c in TABLES[t].column_names}
    bad = sorted(c for c in mapped.values() if c and c not in known)
    if bad:
        _err(i18n.t("import.map_unknown_column", lang, column=bad[0], columns=", ".join(sorted(known))))
        return 2
    given = Choices(
        columns=mapped,
        units={"budget_million_vnd": args.unit} if args.unit else {},
        province=args.province,
        accept_suggestions=args.accept_suggestions,
    )
    choices = choices.merged(given)
    try:
        result = import_path(
            args.file,
            table=args.table,
            sheet=args.sheet,
            base=base,
            user=user,
            timeout=args.timeout,
            dry_run=args.check,
            choices=choices,
        )
    except store.StoreBusy as e:
        _err(_busy(e, lang))
        return 3
    for line in result.mapping_lines(lang):
        _out(line)
    for note in result.notes:
        _out("· " + note.text(lang))
    if args.profile and args.save_profile and result.table:
        try:
            save_profile(base, args.profile, choices, table=result.table, user=user)
        except ProfileNameTaken as e:
            _err(i18n.t("import.profile_name_taken", lang, name=e.name, existing=e.existing))
            return 2
        except ValueError:
            _err(i18n.t("import.page_profile_bad_name", lang))
            return 2
        _out(i18n.t("import.profile_saved", lang, name=args.profile))
    if not result.ok:
        _err(i18n.t("imp.rejected", lang, n=len(result.problems)))
        for p in result.problems:
            _err(p.message(lang))
        return 1
    if result.plan is not None:
        _out(result.plan.text(lang))
    rows = 0 if result.records is None else len(result.records)
    if args.check:
        _out(i18n.t("imp.cli_checked", lang, rows=rows))
    else:
        _out(i18n.t("imp.cli_accepted", lang, rows=rows, file=result.file_name, version=result.version))
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


def _print_versions(base: str) -> None:
    versions = store.list_versions(base)
    if not versions:
        _out("bundled (active)" if store.current_version_id(base) is None else "-")
        return
    for v in versions:
        mark = "*" if v.get("active") else " "
        rows = ", ".join(f"{k}={n}" for k, n in (v.get("rows") or {}).items() if k in RECORD_TABLES)
        _out(
            f"{mark} {v['id']:>4}  {v.get('created_at', '')}  {v.get('action', ''):8}  "
            f"{v.get('created_by', '')}  {v.get('source_file', '')}  {rows}"
        )
    if store.current_version_id(base) is None:
        _out("* bundled (active)")
