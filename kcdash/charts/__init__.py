"""Chart builders: pure functions `(DataFrame, lang, ...) -> plotly Figure`, no Streamlit calls.

Conventions every builder follows, so tests can check them on `fig.data` / `fig.layout`:
- one colour per province, taken from provinces.color_hex (a colour-blind-safe Okabe–Ito
  palette in the bundled data), passed in as `colors`; funds use funds.color_hex;
- `layout.separators` follows the language (",." Vietnamese, ".," English) and every trace has
  an explicit hovertemplate, so hovers and axes read 3.530 / 6.788,9 in Vietnamese;
- transparent backgrounds and no hard-coded text colour, so the Streamlit theme (light or
  dark) decides the text colour;
- every text comes from the message catalogue; missing values are left as gaps, never 0.

One module per job: `base` (the shared look, traces, layout), `training`, `budget`, `clusters`,
`compare` (the figures of each page), `tables` (the ranking and scrolling tables as HTML),
`margins` (margins worked out on the server), `watermark` (the illustrative mark). Numbers are
written as the measures' registry says (`kcdash.measures`). Everything is read from here.
"""

from __future__ import annotations

from kcdash.charts.base import (
    FONT,
    GRID,
    OKABE_ITO,
    TEMPLATE,
    Traces,
    _groups,
    category_label,
    empty_figure,
    new_figure,
    province_colors,
    set_layout,
    wrap_title,
)
from kcdash.charts.budget import budget_by_activity, budget_by_year_fund, budget_per_trainee_by_year, fund_share
from kcdash.charts.clusters import cluster_progress
from kcdash.charts.compare import indexed_trend, measure_by_year, per_district
from kcdash.charts.margins import LEGEND_BELOW_TURNED, fit_margins
from kcdash.charts.tables import OTHER_COLOR, RANK_CLASS, TABLE_CLASS, ranking_html, table_html
from kcdash.charts.training import (
    jobs_per_trainee_by_year,
    province_lines,
    ranked_bars,
    trainees_by_craft,
    trainees_by_district,
    trainees_jobs_by_year,
)
from kcdash.charts.watermark import WATERMARK_NAME, has_watermark, watermark

__all__ = [
    "FONT",
    "GRID",
    "LEGEND_BELOW_TURNED",
    "OKABE_ITO",
    "OTHER_COLOR",
    "RANK_CLASS",
    "TABLE_CLASS",
    "TEMPLATE",
    "WATERMARK_NAME",
    "Traces",
    "_groups",
    "budget_by_activity",
    "budget_by_year_fund",
    "budget_per_trainee_by_year",
    "category_label",
    "cluster_progress",
    "empty_figure",
    "fit_margins",
    "fund_share",
    "has_watermark",
    "indexed_trend",
    "jobs_per_trainee_by_year",
    "measure_by_year",
    "new_figure",
    "per_district",
    "province_colors",
    "province_lines",
    "ranked_bars",
    "ranking_html",
    "set_layout",
    "table_html",
    "trainees_by_craft",
    "trainees_by_district",
    "trainees_jobs_by_year",
    "watermark",
    "wrap_title",
]
