"""The typed parts `kcdash.pagedata` hands to the pages and the report: one frozen dataclass per
page or section, its fields named and typed, read as attributes (never by string keys).

Frozen: a page cannot swap a part for another. eq=False where a part is a frame: a frame has no
single truth value, so such page data compare (and hash) by identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class DataVersion:
    """The active data version (kcdash.data.data_version): its id, labels, when and by whom it
    was written, and its row counts (None where the version does not say)."""

    id: str | None
    label_vi: str | None
    label_en: str | None
    created_at: str | None
    created_by: str | None
    activities_rows: int | None
    clusters_rows: int | None

    def label(self, lang: str) -> str:
        """The version's label in `lang`, else its id ("" when it has neither)."""
        return (self.label_en if lang == "en" else self.label_vi) or self.id or ""

    def as_dict(self) -> dict[str, object]:
        """The version as the dictionary the page context carries."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True, eq=False)
class FilterOptions:
    """Options of the shared filters that do not depend on another filter."""

    provinces: pd.DataFrame
    year_min: int
    year_max: int
    crafts: pd.DataFrame
    districts: pd.DataFrame
    activity_types: pd.DataFrame
    funds: pd.DataFrame
    version: DataVersion


@dataclass(frozen=True, eq=False)
class FilterLabels:
    """Per shared filter: code -> the name shown in one language. Made once per data version and
    kept (kcdash.pagedata.filter_labels): read-only, so no page changes what the next one reads."""

    provinces: Mapping[str, str]
    crafts: Mapping[str, str]
    activity_types: Mapping[str, str]
    funds: Mapping[str, str]
    districts: Mapping[str, str]


@dataclass(frozen=True, eq=False)
class Overview:
    """Tổng quan: headline numbers per province beside the published figures."""

    kpis: pd.DataFrame
    by_year: pd.DataFrame  # the trend beside the key figures
    budget_by_fund: pd.DataFrame
    published: pd.DataFrame
    reconciliation: pd.DataFrame
    clusters_now: pd.DataFrame
    targets: pd.DataFrame
    funds: pd.DataFrame


@dataclass(frozen=True, eq=False)
class TrainingYears:
    """What the training page reads before its sections: headline numbers and the years."""

    kpis: pd.DataFrame
    by_year: pd.DataFrame  # with jobs_per_trainee_pct


@dataclass(frozen=True, eq=False)
class TrainingParts:
    """The training page's "by craft and district" section."""

    by_craft: pd.DataFrame
    by_district: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Training:
    """Đào tạo nghề & việc làm: every part of the training page."""

    kpis: pd.DataFrame
    by_year: pd.DataFrame
    by_craft: pd.DataFrame
    by_district: pd.DataFrame


@dataclass(frozen=True, eq=False)
class BudgetYears:
    """What the budget page reads before its sections, and its years section."""

    kpis: pd.DataFrame
    by_year_fund: pd.DataFrame
    by_fund: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Budget:
    """Kinh phí: every part of the budget page."""

    kpis: pd.DataFrame
    by_year_fund: pd.DataFrame
    by_fund: pd.DataFrame
    per_trainee: pd.DataFrame
    by_activity: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Clusters:
    """Cụm công nghiệp: progress, the district table, districts without, goals, cluster lists."""

    progress: pd.DataFrame
    districts: pd.DataFrame
    without: pd.DataFrame
    targets: pd.DataFrame
    lists: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Compare:
    """So sánh: the chosen provinces on aligned measures, published figures, trends."""

    kpis: pd.DataFrame
    aligned: pd.DataFrame
    cluster_counts: pd.DataFrame
    by_year: pd.DataFrame
    published: pd.DataFrame
    periods: pd.DataFrame
    funds: pd.DataFrame


@dataclass(frozen=True, eq=False)
class DataSources:
    """Dữ liệu & nguồn: one page of records, their count, the reference tables, the version."""

    records: pd.DataFrame
    record_count: int
    illustrative_count: int
    published: pd.DataFrame
    reconciliation: pd.DataFrame
    activity_types: pd.DataFrame
    activity_type_map: pd.DataFrame
    funds: pd.DataFrame
    version: DataVersion


@dataclass(frozen=True, eq=False)
class ProvinceCardFrames:
    """What the per-province cards read (kcdash.cards.build)."""

    kpis: pd.DataFrame  # with records_from_year, records_to_year
    cluster_counts: pd.DataFrame
    published: pd.DataFrame
    reconciliation: pd.DataFrame
    targets: pd.DataFrame
    sources: pd.DataFrame
    funds: pd.DataFrame


@dataclass(frozen=True)
class SourceDocument:
    """A report a steward read figures from, as uploaded: its file, media type, bytes and text."""

    file_name: str
    media_type: str
    content: bytes
    text: str
