"""The overview's key figures at a glance: the cards of the chosen (or focus) provinces as one
compact HTML table, a row per measure, a column per province. Pure: no Streamlit.

Each cell leads with the published figure in bold with its period; the records' sum stands under
it, smaller, with its MINH HỌA / ILLUSTRATIVE badge; "chưa có số liệu" is said in small type, not
as a headline. The quote, the report's title, the reconciliation and the cell's notes are one
click away in a details element (keyboard- and screen-reader-reachable without script), so the
table stays a screen tall while every word the cards said is still on the page.

`kcdash.cards` makes the cards; `kcdash.ui.cards.key_figures` draws this table.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from kcdash.cards import Card, ProvinceCards
from kcdash.i18n import t

CSS_FILE = Path(__file__).resolve().parent / "assets" / "glance.css"
CELL_CLASS = "kc-g-cell"
FIGURE_CLASS = "kc-fig"  # every figure the table leads with or sums (tests count them in view)
VISIBLE_LINES = ("trainees", "new_jobs", "budget_million_vnd", "budget_per_trainee_million_vnd")
"""Measures whose further published figures (a fund's share of the budget) stand in the cell;
the cluster card's further lines are quotes (the goal, the one sourced cluster): behind details."""


@functools.cache
def css() -> str:
    """The table's stylesheet (kcdash/assets/glance.css), read once."""
    return CSS_FILE.read_text(encoding="utf-8")


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _swatch(color: str) -> str:
    if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        return ""
    return f'<span class="kc-g-swatch" aria-hidden="true" style="background:{color}"></span>'


def _shown(card: Card, line: str, lang: str) -> bool:
    """A further line stands in the cell when it gives a figure (a fund's share of a published
    budget); a line saying the report gives none, and the cluster card's quotes, go behind details."""
    return card.published and card.measure in VISIBLE_LINES and t("common.not_reported", lang) not in line


def _details(card: Card, lang: str) -> list[str]:
    """What the cell keeps one click away, in the cards' own words."""
    out = []
    if not card.published:
        out.append(card.headline_label)
    if card.quote:
        out.append(f"“{card.quote}”")
    if card.source:
        out.append(card.source)
    out += [line for line in card.lines if not _shown(card, line, lang)]
    if card.records is not None:
        if card.records.reconciliation:
            out.append(card.records.reconciliation)
        out.append(t("overview.records_help", lang))
    elif card.records_note:
        out.append(card.records_note)
    out += card.warnings
    return [line for line in out if line]


def cell_html(card: Card, province: str, lang: str) -> str:
    """One measure of one province: figure, records' sum, and the rest behind a details element."""
    parts = []
    if card.published:
        parts.append(f'<div class="kc-g-label">{_esc(card.headline_label)}</div>')
        parts.append(f'<div class="kc-g-head"><strong class="{FIGURE_CLASS}">{_esc(card.headline)}</strong></div>')
        parts += [f'<div class="kc-g-line">{_esc(line)}</div>' for line in card.lines if _shown(card, line, lang)]
    else:
        parts.append(f'<div class="kc-g-none">{_esc(card.headline)}</div>')
    if card.records is not None:
        badge = (
            f'<span class="kc-badge">{_esc(t("mark.illustrative", lang))}</span> ' if card.records.illustrative else ""
        )
        parts.append(
            f'<div class="kc-g-rec">{badge}{_esc(card.records.label)}: '
            f'<b class="{FIGURE_CLASS} kc-fig-rec">{_esc(card.records.value)}</b></div>'
        )
    details = _details(card, lang)
    if details:
        label = t("glance.details_label", lang, measure=card.title, province=province)
        items = "".join(f"<li>{_esc(line)}</li>" for line in details)
        parts.append(
            f'<details class="kc-g-more"><summary aria-label="{_esc(label)}">{_esc(t("glance.details", lang))}'
            f"</summary><ul>{items}</ul></details>"
        )
    return f'<td class="{CELL_CLASS}" data-measure="{_esc(card.measure)}">{"".join(parts)}</td>'


def table_html(provinces: list[ProvinceCards], colors: dict[str, str], lang: str) -> str:
    """The key figures of `provinces` side by side: a row per measure, a column per province."""
    if not provinces:
        return ""
    title = t("glance.title", lang)
    head = "".join(f'<th scope="col">{_swatch(colors.get(p.province_code, ""))}{_esc(p.name)}</th>' for p in provinces)
    rows = []
    for i, first in enumerate(provinces[0].cards):
        cells = "".join(cell_html(p.cards[i], p.name, lang) for p in provinces if i < len(p.cards))
        rows.append(f'<tr><th scope="row">{_esc(first.title)}</th>{cells}</tr>')
    return (
        f"<style>{css()}</style>"
        f'<div class="kc-glance" role="region" tabindex="0" aria-label="{_esc(title)}">'
        f'<table><caption class="kc-g-caption">{_esc(title)}</caption>'
        f'<thead><tr><th scope="col">{_esc(t("col.measure", lang))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
