"""Few provinces or many: whether a page shows one column per province or the national layout,
and the names and colours of the rows that stand for several provinces."""

from __future__ import annotations

import pandas as pd

from kcdash import fmt
from kcdash.charts import OTHER_COLOR
from kcdash.i18n import lang_col, t
from kcdash.pagedata import ALL_CODE, FEW_PROVINCES, OTHER_CODE, is_many, together
from kcdash.ui.context import PageContext


def many(ctx: PageContext) -> bool:
    """True when more provinces are chosen than fit side by side: the page shows the national
    layout (totals, map, ranking, focus provinces) instead of one column per province."""
    return is_many(ctx.filters.provinces)


def together_names(ctx: PageContext, key: str = "scale.total_title") -> tuple[str, str]:
    """(vi, en) name of the row summing every chosen province (`key`: of the row averaging them,
    "scale.average_title")."""
    n = len(ctx.filters.provinces)
    return t(key, "vi", n=fmt.integer(n, "vi")), t(key, "en", n=fmt.integer(n, "en"))


def chosen_together(
    ctx: PageContext,
    df: pd.DataFrame,
    *,
    by: list[str],
    sums: list[str],
    with_focus: bool = False,
) -> pd.DataFrame:
    """The chosen provinces summed into one row per `by` group, named for their count in the
    frame's province names (`name_vi`/`name_en`, or `province_name_vi`/`province_name_en` in a
    frame of parts), by `pagedata.together`; then with `with_focus` the focus provinces' own rows."""
    prefix = "province_name" if "province_name_vi" in df.columns else "name"
    return together(
        df,
        by=by,
        sums=sums,
        names=together_names(ctx),
        name_cols=(f"{prefix}_vi", f"{prefix}_en"),
        focus=list(ctx.focus) if with_focus else None,
    )


def other_names(ctx: PageContext) -> tuple[str, str]:
    """(vi, en) name of the row that sums the chosen provinces outside the focus."""
    n = len(ctx.filters.provinces) - len(ctx.focus)
    return t("scale.other_provinces", "vi", n=n), t("scale.other_provinces", "en", n=n)


def chart_colors(ctx: PageContext) -> dict[str, str]:
    """Province colours plus grey for "all chosen" and "other provinces" rows (drawn first)."""
    return {ALL_CODE: OTHER_COLOR, **ctx.colors, OTHER_CODE: OTHER_COLOR}


def many_text(ctx: PageContext) -> str:
    """What the national layout shows and how to see provinces side by side (plain text)."""
    names = dict(zip(ctx.provinces["province_code"], ctx.provinces[lang_col("name", ctx.lang)], strict=True))
    return ctx.t(
        "scale.many_note",
        n=fmt.integer(len(ctx.filters.provinces), ctx.lang),
        focus=", ".join(names.get(c, c) for c in ctx.focus) or fmt.no_data(ctx.lang),
        few=FEW_PROVINCES,
    )
