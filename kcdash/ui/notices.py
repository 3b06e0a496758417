"""What a page says about its records: the status line's content, the notice when nothing is
shown, the published totals offered in published mode, and the one-line sources under charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kcdash import cards, fmt, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import status_line
from kcdash.ui.context import PageContext, page_illustrative, set_page_illustrative


def illustrative_banner(
    ctx: PageContext,
    illustrative_count: int,
    record_count: int | None = None,
    *,
    key: str = "banner.illustrative",
    notes: list[str] | tuple[str, ...] = (),
) -> None:
    """Say plainly that records are modelled, whenever the page shows any illustrative row (in
    published mode none is shown, so the page says that instead), in the page's status line under
    its title (kcdash.ui.status_line), with the reform and province notes and the page's `notes`."""
    set_page_illustrative(illustrative_count)
    status_line.draw(
        lang=ctx.lang,
        provinces=ctx.provinces,
        published_only=ctx.published_only,
        illustrative=int(illustrative_count or 0),
        total=int(record_count if record_count is not None else illustrative_count or 0),
        banner_key=key,
        notes=notes,
    )


def empty_scope(ctx: PageContext, record_count: int) -> bool:
    """True (and a message shown) when the page has no records to show: the filters select none,
    or the data mode is "published" and the records are illustrative (then the page says that no
    record-level data is published and offers the published totals instead)."""
    if ctx.published_only and page_illustrative():
        published_only_notice(ctx)
        return True
    if record_count == 0:
        st.info(ctx.t("empty.no_records"), icon=":material/search_off:")
        return True
    return False


def published_only_notice(ctx: PageContext, *, totals: bool = True) -> None:
    """Published mode over illustrative records: say so, and offer the published totals."""
    st.info(
        "**" + md_escape(ctx.t("mode.records_hidden_title")) + "** — " + md_escape(ctx.t("mode.records_hidden")),
        icon=":material/visibility_off:",
    )
    if totals:
        published_totals(ctx)


def published_totals(ctx: PageContext) -> None:
    """The trainee, job and budget figures the reports published for the chosen provinces, each
    in its own words with period and report title (no record sums)."""
    published = pagedata.published_summary(ctx.filters)
    sources = pagedata.sources(ctx.filters.provinces)
    rows = published[published["metric"].isin(cards.CARD_METRICS)]
    st.markdown("**" + md_escape(ctx.t("mode.published_totals")) + "**")
    if rows.empty:
        st.caption(ctx.t("mode.no_published_totals"))
        return
    lines = []
    for _, r in rows.iterrows():
        head = r[lang_col("province_name", ctx.lang)] + " · " + r[lang_col("label", ctx.lang)]
        period = cards.period_text(r, ctx.lang)
        value = cards.published_value(r, ctx.lang)
        lines.append(
            f"- **{md_escape(head)}** ({md_escape(period)}): {md_escape(value)} — "
            + md_escape(cards.cite(r["source_file"], sources, ctx.lang))
        )
    st.markdown("\n".join(lines))


def records_notices(ctx: PageContext, kpis: pd.DataFrame) -> str:
    """A page drawn from the records (`kpis`: one row per province): the illustrative banner, the
    page stopped when it has no records to show (`empty_scope`), and its charts' source line."""
    record_count = int(kpis["activity_count"].sum())
    illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
    if empty_scope(ctx, record_count):
        st.stop()
    return records_source(ctx, kpis)


def records_source(ctx: PageContext, kpis: pd.DataFrame) -> str:
    """One-line source of charts built from activity records."""
    total = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    return ctx.t(
        "source.records",
        n=fmt.integer(total, ctx.lang),
        illustrative=fmt.integer(illustrative, ctx.lang),
        dataset=version_label(ctx),
    )


def version_label(ctx: PageContext) -> str:
    """ "Dataset <label> of <date>": the data version the page's figures come from."""
    v = ctx.version or {}
    label = md_escape(v.get(lang_col("label", ctx.lang)) or v.get("id") or "")  # may name an uploaded file
    return ctx.t("source.dataset", label=label, date=fmt.date(v.get("created_at"), ctx.lang))


def sources_line(ctx: PageContext) -> str:
    """Markdown: "Nguồn: [title] (period); [title] (period)" for the chosen provinces' reports."""
    sources = pagedata.sources(ctx.filters.provinces)
    titles = [
        f"{r[lang_col('cited_title', ctx.lang)]} ({r['period_label']})"
        if r["period_label"]
        else str(r[lang_col("cited_title", ctx.lang)])
        for _, r in sources.iterrows()
    ]
    return ":material/description: " + md_escape(ctx.t("published.source", file="; ".join(titles))) if titles else ""
