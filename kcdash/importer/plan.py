"""Step 6, plan: what committing the checked file would do to the active data.

An import replaces, in the active data, every record sharing ``SCOPE``'s values with a row of
the file (activities: its provinces × years; clusters: its provinces) and keeps the rest. SQL
here is built only from schema identifiers through :func:`kcdash.validate.quote_ident`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kcdash import i18n
from kcdash.schema import Table
from kcdash.validate import Problem, quote_ident

SCOPE: dict[str, tuple[str, ...]] = {
    "activities": ("province_code", "year"),
    "clusters": ("province_code",),
}
FILE_PROBLEM_LIMIT = 200  # importer-made row problems of one rule, as kcdash.validate caps its own


def years_text(years: list[int]) -> str:
    """2012, 2013, 2015 -> "2012–2013, 2015"."""
    ordered = sorted(set(years))
    parts: list[str] = []
    start: int | None = None
    prev: int | None = None
    for y in [*ordered, None]:
        if start is None:
            start = prev = y
        elif y is not None and prev is not None and y == prev + 1:
            prev = y
        else:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = prev = y
    return ", ".join(parts)


@dataclass
class Plan:
    """What committing the file would do to the active data."""

    table: str
    scope: list[tuple[str, list[int]]]  # (province code, years) the file covers; years empty for clusters
    province_names: dict[str, tuple[str, str]]
    replaced: int  # active records inside the scope (all removed)
    incoming: int  # rows of the file (all added)
    same_id: int  # incoming rows whose id was among the replaced
    kept: int  # active records outside the scope (untouched)

    @property
    def new(self) -> int:
        return self.incoming - self.same_id

    @property
    def dropped(self) -> int:
        return self.replaced - self.same_id

    @property
    def total(self) -> int:
        return self.kept + self.incoming

    def scope_text(self, lang: str = "vi") -> str:
        parts = []
        for prov, years in self.scope:
            names = self.province_names.get(prov, (prov, prov))
            name = names[1] if lang == "en" else names[0]
            parts.append(f"{name} {years_text(years)}".strip())
        return "; ".join(parts)

    def text(self, lang: str = "vi") -> str:
        return i18n.t(
            "imp.plan",
            lang,
            table=self.table,
            scope=self.scope_text(lang),
            replaced=self.replaced,
            incoming=self.incoming,
            same_id=self.same_id,
            new=self.new,
            dropped=self.dropped,
            kept=self.kept,
            total=self.total,
        )


def in_scope(tdef: Table, alias: str) -> str:
    """SQL: the record `alias` shares the scope values of a row of `incoming`."""
    cond = " and ".join(f"s.{quote_ident(c)} = {alias}.{quote_ident(c)}" for c in SCOPE[tdef.name])
    return f"exists (select 1 from incoming as s where {cond})"


def collisions(cur: Any, tdef: Table, name: str) -> list[Problem]:
    """Ids of the file already used by active records the file does not replace."""
    key = tdef.key[0]
    scope_cols = ", ".join(f"a.{quote_ident(c)}" for c in SCOPE[tdef.name])
    sql = (
        f"select i._row, i.{quote_ident(key)}, {scope_cols} from incoming as i join {quote_ident(tdef.name)} as a "
        f"on a.{quote_ident(key)} = i.{quote_ident(key)} where not {in_scope(tdef, 'a')} order by i._row "
        f"limit {FILE_PROBLEM_LIMIT}"
    )
    names = dict(cur.execute("select province_code, name_vi from provinces").fetchall())
    out = []
    for row, value, province, *rest in cur.execute(sql).fetchall():
        where = " ".join([names.get(province, province), *(str(s) for s in rest)])
        out.append(Problem(name, int(row), key, value, "imp_id_exists", {"scope": where}, tdef.name))
    return out


def make_plan(cur: Any, tdef: Table) -> Plan:
    t = quote_ident(tdef.name)
    key = quote_ident(tdef.key[0])
    replaced = cur.execute(f"select count(*) from {t} as a where {in_scope(tdef, 'a')}").fetchone()[0]
    kept = cur.execute(f"select count(*) from {t} as a where not {in_scope(tdef, 'a')}").fetchone()[0]
    incoming = cur.execute("select count(*) from incoming").fetchone()[0]
    same = cur.execute(
        f"select count(*) from incoming as i where exists (select 1 from {t} as a where a.{key} = i.{key} "
        f"and {in_scope(tdef, 'a')})"
    ).fetchone()[0]
    scope_cols = SCOPE[tdef.name]
    scope: dict[str, list[int]] = {}
    for values in cur.execute(
        "select distinct " + ", ".join(quote_ident(c) for c in scope_cols) + " from incoming order by all"
    ).fetchall():
        years = scope.setdefault(values[0], [])
        if len(values) > 1:
            years.append(int(values[1]))
    names = dict(cur.execute("select province_code, [name_vi, name_en] from provinces").fetchall())
    return Plan(
        table=tdef.name,
        scope=sorted(scope.items()),
        province_names={k: (v[0], v[1]) for k, v in names.items()},
        replaced=int(replaced),
        incoming=int(incoming),
        same_id=int(same),
        kept=int(kept),
    )
