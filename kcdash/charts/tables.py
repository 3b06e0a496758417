"""Charts drawn as HTML tables: the provinces' ranking and a frame in a scrolling region."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from kcdash.charts.base import (
    OKABE_ITO,
)
from kcdash.i18n import lang_col, t
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

# ---- any number of provinces ------------------------------------------------------

OTHER_COLOR = "#8C8C8C"
"""Grey of "other provinces" and of provinces outside the focus: mid-grey reads on light and dark."""


RANK_CLASS = "kc-rank"
"""CSS class of the HTML ranking (its style: kcdash/assets/rank.css)."""


def ranking_html(
    df: pd.DataFrame,
    lang: str,
    colors: dict[str, str],
    *,
    value: str,
    title: str,
    value_title: str,
    focus: list[str],
    formatter: Callable[[object, str], str],
    mark: str = "",
) -> str:
    """Every province as one row of a table, largest on top: rank, name, a bar as long as its
    share of the largest value, the value as text. Focus provinces are bold with a bar in their own
    colour, the others grey; a province without a value says "no data" and has no bar.

    HTML, not a Plotly figure: a 63-bar Plotly chart cost the browser several times this table's
    drawing on every filter change (its labels are measured one by one; bench/NOTES.md), and
    a screen reader reads it as the table it is. `mark`: the illustrative mark, written under the
    title, so a screenshot keeps it. `df`: one row per province in ranking order (pagedata.ranking).
    """
    name = lang_col("name", lang)
    focus_set = set(focus)
    numbers = (
        pd.to_numeric(df[value], errors="coerce").astype("float64") if not df.empty else pd.Series(dtype="float64")
    )
    top = float(numbers.abs().max()) if numbers.notna().any() else 0.0
    rows = []
    for rank, code, province, number in zip(
        range(1, len(df) + 1), df["province_code"].astype(str), df[name].astype(str), numbers, strict=True
    ):
        is_focus = code in focus_set
        label = f"<b>{_esc(province)}</b>" if is_focus else _esc(province)
        if pd.isna(number):
            shown, bar = t("common.no_data", lang), ""
        else:
            shown = formatter(number, lang)
            width = 0.0 if top == 0 else max(0.0, 100 * float(number) / top)
            color = colors.get(code, OKABE_ITO[0]) if is_focus else OTHER_COLOR
            bar = f'<span style="width:{width:.1f}%;background:{_esc(color)}"></span>'
        row_class = ' class="focus"' if is_focus else ""
        rows.append(
            f'<tr{row_class}><td>{rank}</td><th scope="row">{label}</th>'
            f'<td class="bar" aria-hidden="true">{bar}</td><td class="num">{_esc(shown)}</td></tr>'
        )
    mark_line = f'<p class="mark">{_esc(mark)}</p>' if mark else ""
    head = (
        f'<thead><tr><th scope="col">{_esc(t("col.rank", lang))}</th><th scope="col">{_esc(t("col.province", lang))}</th>'
        f'<td aria-hidden="true"></td><th scope="col" class="num">{_esc(value_title)}</th></tr></thead>'
    )
    body = "".join(rows) if rows else f'<tr><td colspan="4">{_esc(t("common.no_data", lang))}</td></tr>'
    return (
        f'<div class="{RANK_CLASS}"><p class="title">{_esc(title)}</p>{mark_line}'
        f"<table>{head}<tbody>{body}</tbody></table></div>"
    )


TABLE_CLASS = "kc-table"
"""The class of `table_html`'s scrolling region (its look: kcdash/assets/table.css)."""

_NUMBER_CELL = re.compile(r"^[-−+]?\d[\d.,\u00a0 ]*%?(\s+[^\d\s(][^\d(]*)?(\s*\(.*\))?$")
"""A formatted number as the tables show it: "3.530", "-12,5%", "6.788,9 triệu đồng",
"1,11 triệu đồng (minh họa)"; not "11-2007-005" or "3 lớp học nghề năm 2009"."""


def _numeric_column(values: list[Any]) -> bool:
    """Right-aligned: a column of formatted numbers; a cell without a digit ("chưa có số liệu",
    "—", "") does not stop it being one, a name or a title does."""
    texts = [str(v) for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
    numbers = [bool(_NUMBER_CELL.match(v.strip())) for v in texts]
    return any(numbers) and all(n or not any(ch.isdigit() for ch in v) for n, v in zip(numbers, texts, strict=True))


def table_html(shown: pd.DataFrame, label: str, *, max_height_px: int | None = None) -> str:
    """A frame of display text (kcdash.ui.tables.display_frame) as an HTML table in a scrolling region:
    the region is one keyboard stop named `label` (arrow keys scroll it), the header row and the
    first column stay in view while it scrolls, columns of numbers are right-aligned, and every
    cell's whole text is there for a screen reader and for the browser's find. Every header and
    cell is escaped: a name or title from the data is shown as the text it is. `max_height_px`
    caps the region's height (else the stylesheet's).

    HTML, not the scrolling grid: the grid rebuilds a hidden copy of its cells for screen readers
    a while after its data changed, the last thing a filter change waited for on the records
    and comparison pages (measured in Chromium, bench/NOTES.md); this table is drawn at once."""

    def esc(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        return html.escape(str(value), quote=True)

    # a column at a time, as Python lists: walking the rows of a wide frame of Arrow text was
    # slower for the 63-province comparison table
    columns = [shown.iloc[:, i].tolist() for i in range(shown.shape[1])]
    num = [' class="num"' if _numeric_column(values) else "" for values in columns]
    head = "".join(f'<th scope="col"{n}>{esc(c)}</th>' for c, n in zip(shown.columns, num, strict=True))
    rows = []
    for values in zip(*columns, strict=True):
        first, *rest = (esc(v) for v in values)
        cells = "".join(f"<td{n}>{v}</td>" for v, n in zip(rest, num[1:], strict=True))
        rows.append(f'<tr><th scope="row"{num[0]}>{first}</th>{cells}</tr>')
    height = f' style="max-height:{int(max_height_px)}px"' if max_height_px else ""
    return (
        f'<div class="{TABLE_CLASS}" role="region" tabindex="0" aria-label="{esc(label)}"{height}>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
