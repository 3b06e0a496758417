"""What pages call: one function per question, each running one query and returning a DataFrame.

Results are cached per (data version, snapshot shown, query, parameters) in a bounded LRU, so a
filter a user has seen before re-renders without touching DuckDB, and an import or rollback (a new
data version) starts a fresh cache. Returned frames are copies: callers may change them freely.

Which snapshot a call reads: the latest, unless a viewer opened an older one by a link
(``snapshot=12``): `showing(n)` around a call, or, for the whole of a page's run, the lookup the
page layer registers (`set_session_lookup`: the session's choice, read in fragments too).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd

from kcdash import lake
from kcdash.accents import without_marks
from kcdash.db import Database, data_dir, get_database, load_sql, param_names
from kcdash.schema import STAGES

CACHE_ENTRIES = 512


@dataclass(frozen=True)
class Filters:
    """The shared filter scope. Empty tuples mean "no restriction" for that dimension."""

    provinces: tuple[str, ...] = ()
    year_from: int = 2007
    year_to: int = 2013
    crafts: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()
    funds: tuple[str, ...] = ()

    def params(self) -> dict[str, object]:
        return {
            "provinces": list(self.provinces),
            "year_from": int(self.year_from),
            "year_to": int(self.year_to),
            "crafts": list(self.crafts),
            "districts": list(self.districts),
            "activity_types": list(self.activity_types),
            "funds": list(self.funds),
        }

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class _Cache:
    entries: OrderedDict[tuple[object, ...], pd.DataFrame] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hits: int = 0
    misses: int = 0


_cache = _Cache()


def _key(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


_explicit: ContextVar[tuple[int | None] | None] = ContextVar("kcdash_snapshot", default=None)
_session_lookup: list[Callable[[], int | None]] = []


def set_session_lookup(lookup: Callable[[], int | None]) -> None:
    """Where the snapshot a viewer chose is kept (the page layer's session): read by every call
    that `showing` does not name one for. Registered once; a later call replaces it."""
    _session_lookup[:] = [lookup]


@contextlib.contextmanager
def showing(snapshot: int | None) -> Iterator[None]:
    """Calls inside read snapshot `snapshot` (None: the latest), whatever the session chose: for
    work done outside a page's run (a download or report made when its button is clicked)."""
    token = _explicit.set((snapshot,))
    try:
        yield
    finally:
        _explicit.reset(token)


def shown_snapshot() -> int | None:
    """The snapshot calls read now: the one `showing` names, else the session's, else the latest (None)."""
    named = _explicit.get()
    if named is not None:
        return named[0]
    return _session_lookup[0]() if _session_lookup else None


def database() -> Database:
    """The Database of the snapshot shown (`shown_snapshot`): the latest one, or an older one kept
    open beside it (`kcdash.db.get_database`)."""
    snapshot = shown_snapshot()
    return get_database() if snapshot is None else get_database(snapshot=snapshot)


def cache_token() -> tuple[str, int | None]:
    """What a cache of data results is keyed by: the data's state and the snapshot shown."""
    return database().token, shown_snapshot()


UnknownSnapshot = lake.UnknownSnapshot
DamagedFile = lake.DamagedFile
"""What opening or querying the data raises when a file of it is missing or damaged (its path first)."""


def resolve_snapshot(*, number: int | None = None, on: date | None = None) -> int:
    """The number of snapshot `number`, or of the last one made on or before day `on`; raises
    UnknownSnapshot when there is none (also when the data has no lake yet)."""
    try:
        return lake.resolve(lake.location(data_dir()), number=number, on=on).id
    except UnknownSnapshot:
        raise
    except lake.LakeError as e:
        raise UnknownSnapshot(str(number if number is not None else on)) from e


def latest_version_id() -> str:
    """The id of the latest data version (a snapshot's number as text once the data has a lake)."""
    return str(get_database().version.get("id") or "")


def run(name: str, db: Database | None = None, /, **params: object) -> pd.DataFrame:
    """Run `queries/<name>.sql` through the cache.

    The key holds only the parameters the SQL uses, so a filter a query does not depend on (a
    craft for the cluster queries) reuses its cached result.
    """
    snapshot = None if db is not None else shown_snapshot()
    db = db or database()
    used = param_names(load_sql(name))
    params = {k: v for k, v in params.items() if k in used}
    if params.get("provinces") and db.province_codes <= set(params["provinces"]):  # type: ignore[call-overload]
        # every province (the national view) asked as the queries spell "no province chosen": the
        # same rows (every activity's province is in the provinces table, checked at import), one
        # planning of a 63-item list fewer in every query
        params["provinces"] = []
    key = (db.token, snapshot, name, tuple(sorted((k, _key(v)) for k, v in params.items())))
    with _cache.lock:
        hit = _cache.entries.get(key)
        if hit is not None:
            _cache.entries.move_to_end(key)
            _cache.hits += 1
            return hit.copy()
    df = db.query(name, **params)
    with _cache.lock:
        _cache.misses += 1
        _cache.entries[key] = df
        while len(_cache.entries) > CACHE_ENTRIES:
            _cache.entries.popitem(last=False)
    return df.copy()


PROVINCE_ROWS = (
    "cluster_list_status",
    "option_districts",
    "published_figures",
    "reconciliation",
    "sources",
    "targets_by_province",
)
"""Queries whose rows each belong to one province (`province_code`) and whose only parameter is
the chosen provinces: `province_rows` runs them once for every province and cuts the rows here."""


def province_rows(name: str, provinces: tuple[str, ...] | list[str], db: Database | None = None) -> pd.DataFrame:
    """The rows of `name` (one of PROVINCE_ROWS) for the chosen provinces (every one when none is
    chosen), in the query's order: the query runs once for all provinces, through the cache, and
    choosing a province only cuts its result. The same rows as the query run with the provinces;
    no DuckDB planning (bench/NOTES.md) on a
    province change."""
    if name not in PROVINCE_ROWS:
        raise ValueError(f"{name} is not a per-province query")
    every = run(name, db, provinces=[])
    if not provinces:
        return every
    return every[every["province_code"].isin(list(provinces))].reset_index(drop=True)


def clear_cache() -> None:
    with _cache.lock:
        _cache.entries.clear()


def data_version(db: Database | None = None) -> dict[str, Any]:
    return dict((db or database()).version)


# ---- filter options -------------------------------------------------------------------------
def provinces() -> pd.DataFrame:
    return run("option_provinces")


def year_bounds() -> tuple[int, int]:
    row = run("option_years").iloc[0]
    return int(row["year_min"]), int(row["year_max"])


def crafts(province_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    return run("option_crafts", provinces=list(province_codes))


def districts(province_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    return province_rows("option_districts", province_codes)


def activity_types() -> pd.DataFrame:
    return run("option_activity_types")


def funds() -> pd.DataFrame:
    return run("option_funds")


# ---- measures -------------------------------------------------------------------------------
def _of_filters(name: str) -> Callable[[Filters], pd.DataFrame]:
    """The question `queries/<name>.sql` answers for a filter scope, as a function of the filters."""

    def rows(f: Filters) -> pd.DataFrame:
        return run(name, **f.params())

    rows.__doc__ = f"The rows of queries/{name}.sql for the filter scope `f`."
    return rows


kpis = _of_filters("kpis_by_province")
totals_by_year = _of_filters("totals_by_province_year")
_trainees_by_district_and_craft = _of_filters("trainees_by_district_and_craft")
_PROVINCE = ["province_code", "province_name_vi", "province_name_en"]
_TRAINED = ["activity_count", "trainees", "new_jobs"]


def _trained_part(f: Filters, by_craft: bool) -> pd.DataFrame:
    """One half of `queries/trainees_by_district_and_craft.sql` (both come from one pass over the
    cube and one cached result): the rows per craft or per district, with that key's columns only."""
    rows = _trainees_by_district_and_craft(f)
    key = "craft" if by_craft else "district"
    columns = [*_PROVINCE, f"{key}_code", f"{key}_name_vi", f"{key}_name_en", *_TRAINED]
    return rows.loc[rows["by_craft"] == by_craft, columns].reset_index(drop=True)


def trainees_by_craft(f: Filters) -> pd.DataFrame:
    """Trainees and new jobs per province and craft (craft_code missing: activities with no craft),
    most trainees first."""
    return _trained_part(f, by_craft=True)


def trainees_by_district(f: Filters) -> pd.DataFrame:
    """Trainees and new jobs per province and district (district_code missing: province-wide
    activities), by province, then most trainees first."""
    return _trained_part(f, by_craft=False)


budget_by_year_fund = _of_filters("budget_by_year_fund")
budget_by_fund = _of_filters("budget_by_fund")
budget_by_activity_type = _of_filters("budget_by_activity_type")
cost_per_trainee_by_year = _of_filters("cost_per_trainee_by_year")


def cluster_progress(f: Filters, stage: str = "established") -> pd.DataFrame:
    _check_stage(stage)
    return run("cluster_progress", **f.params(), stage=stage)


def cluster_districts(f: Filters, as_of_year: int | None = None) -> pd.DataFrame:
    return run("cluster_districts", **f.params(), as_of_year=int(as_of_year or f.year_to))


def districts_without_cluster(f: Filters, stage: str = "established", as_of_year: int | None = None) -> pd.DataFrame:
    _check_stage(stage)
    return run("districts_without_cluster", **f.params(), stage=stage, as_of_year=int(as_of_year or f.year_to))


def targets(f: Filters) -> pd.DataFrame:
    return province_rows("targets_by_province", f.provinces)


def published_figures(f: Filters) -> pd.DataFrame:
    return province_rows("published_figures", f.provinces)


def reconciliation(f: Filters) -> pd.DataFrame:
    return province_rows("reconciliation", f.provinces)


def activity_type_map() -> pd.DataFrame:
    return run("activity_type_map")


RECORD_SORTS = ("year", "budget", "trainees", "new_jobs")
"""Orders of the records table: by year (then id), or largest budget, trainees, new jobs first."""
SEARCH_MAX_CHARS = 100
"""A records search longer than this is cut (the box allows no more; a hand-made link may)."""


def fold_search(text: str | None) -> str:
    """A search text as the records query compares it: lower case, accents and tone marks
    removed, đ as d, spaces squeezed, at most SEARCH_MAX_CHARS ("Mây tre ĐAN" -> "may tre dan"),
    so a search typed without Vietnamese marks finds the titles written with them."""
    return re.sub(r"\s+", " ", without_marks((text or "")[:SEARCH_MAX_CHARS].lower())).strip()


def records(f: Filters, limit: int = 100, offset: int = 0, *, sort: str = "year", search: str = "") -> pd.DataFrame:
    """One page of the records in scope, in the order `sort` names, those matching `search`."""
    order = sort if sort in RECORD_SORTS else "year"
    return run(
        "activity_records", **f.params(), limit=int(limit), offset=int(offset), sort=order, search=fold_search(search)
    )


def records_count(f: Filters, search: str = "") -> tuple[int, int]:
    """(records, illustrative records) in scope, or among those matching `search`."""
    folded = fold_search(search)
    if folded:
        row = run("activity_records_search_count", **f.params(), search=folded).iloc[0]
    else:
        row = run("activity_records_count", **f.params()).iloc[0]
    return int(row["record_count"]), int(row["illustrative_count"])


def sources(province_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The source documents (title to cite, issuing body, place, period, file)."""
    return province_rows("sources", province_codes)


def cluster_list_status(f: Filters) -> pd.DataFrame:
    """Per chosen province: cluster records held, illustrative, sourced (none = list missing)."""
    return province_rows("cluster_list_status", f.provinces)


def district_kinds(province_codes: tuple[str, ...], year: int) -> pd.DataFrame:
    """Districts that existed in `year`, with the kind each had that year."""
    return run("district_kinds_by_year", provinces=list(province_codes), as_of_year=int(year))


SOURCE_DIRS_ENV = "KC_SOURCES_DIR"
"""Folder of the source reports' text files (default: data/sources/, then ../shared/seeds/)."""


def source_document(source_file: str) -> dict[str, object] | None:
    """A report kept with the figures read from it: file name, media type, the file's bytes and
    its text; None when the source has no kept document."""
    import base64

    rows = run("source_document", source_file=str(source_file or ""))
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {
        "file_name": str(row["file_name"]),
        "media_type": str(row["media_type"]),
        "content": base64.b64decode(str(row["content_base64"])),
        "text": str(row["text"]),
    }


def source_text(source_file: str) -> str | None:
    """The full text of a source report kept as `source_file`, or None when it is not found. Only
    a plain file name is accepted (no folder part), looked up in the known source folders."""
    import os
    import re
    from pathlib import Path

    name = str(source_file or "")
    kept = source_document(name)
    if kept is not None:  # a report read on the steward console: its text is in the data version
        return str(kept["text"])
    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.txt", name):
        return None
    repo = Path(__file__).resolve().parent.parent
    folders = [
        os.environ.get(SOURCE_DIRS_ENV) or "",
        str(repo / "data" / "sources"),
        str(repo.parent / "shared" / "seeds"),
    ]
    for folder in folders:
        path = Path(folder) / name if folder else None
        if path is not None and path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _check_stage(stage: str) -> None:
    if stage not in STAGES:  # the stage comes from a widget: allow-list it
        raise ValueError(f"unknown stage {stage!r}")
