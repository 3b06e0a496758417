"""Step 4, values: the names officials write, reconciled with the codes of the reference lists.

Names are compared folded (see :func:`kcdash.importer.text.fold`) with the prefixes people add
stripped ("huyện", "H.", "TP", "TX", "thị xã", "thành phố"; "tỉnh"; "nguồn vốn khuyến công" …),
against every name a list gives (Vietnamese, English, short forms, the categories of earlier
decrees) and the common wordings of ``SYNONYMS``. A value still unknown gets a suggestion, and
a suggestion is applied only when the steward accepts it (page, profile, or
``--accept-suggestions``); nothing is guessed silently.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from kcdash.importer.text import fold

_DISTRICT_PREFIX = re.compile(r"^(huyen|h|quan|q|thi xa|tx|thanh pho|tp|thi tran|tt)\s+")
_DISTRICT_SUFFIX = re.compile(r"\s+(city|town|district)$")
_PROVINCE_PREFIX = re.compile(r"^(tinh|t|thanh pho|tp)\s+")
_PROVINCE_SUFFIX = re.compile(r"\s+province$")
_FUND_PREFIX = re.compile(r"^(nguon\s+)?(von\s+)?(kinh phi\s+)?(khuyen cong|kc)\s+")
_CRAFT_PREFIX = re.compile(r"^(nghe|san xuat|che bien)\s+")
_ACTIVITY_PREFIX = re.compile(r"^(khoan|noi dung|nd|ho tro|to chuc|xay dung)\s+")
_STRIP: dict[str, tuple[re.Pattern[str], ...]] = {
    "districts": (_DISTRICT_PREFIX, _DISTRICT_SUFFIX),
    "provinces": (_PROVINCE_PREFIX, _PROVINCE_SUFFIX),
    "funds": (_FUND_PREFIX,),
    "crafts": (_CRAFT_PREFIX,),
    "activity_types": (_ACTIVITY_PREFIX,),
}

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    # how reports and offices word the nine contents of Decree 45/2012, Art. 4 (beside the names
    # in activity_types.csv and the earlier decrees' in activity_type_map.csv)
    "activity_types": {
        "nd45_1": ("truyền nghề", "đào tạo nghề, truyền nghề", "đào tạo nghề và phát triển nghề", "dạy nghề"),
        "nd45_2": (
            "khởi sự doanh nghiệp",
            "nâng cao năng lực quản lý",
            "nâng cao năng lực quản lý doanh nghiệp",
            "phát triển thị trường",
        ),
        "nd45_3": (
            "mô hình trình diễn kỹ thuật",
            "trình diễn kỹ thuật",
            "chuyển giao công nghệ",
            "ứng dụng máy móc thiết bị tiên tiến",
            "mô hình trình diễn kỹ thuật, chuyển giao công nghệ",
        ),
        "nd45_4": (
            "hội chợ triển lãm",
            "xúc tiến thương mại",
            "sản phẩm công nghiệp nông thôn tiêu biểu",
            "bình chọn sản phẩm công nghiệp nông thôn tiêu biểu",
            "sản phẩm CNNT tiêu biểu",
            "hội chợ, triển lãm",
            "hội chợ triển lãm, xúc tiến thương mại",
        ),
        "nd45_5": ("tư vấn, trợ giúp", "tư vấn khuyến công"),
        "nd45_6": ("cung cấp thông tin", "thông tin, tuyên truyền", "tuyên truyền"),
        "nd45_7": (
            "phát triển cụm công nghiệp",
            "hỗ trợ cụm công nghiệp",
            "liên doanh, liên kết",
            "di dời cơ sở gây ô nhiễm môi trường",
            "cụm công nghiệp",
        ),
        "nd45_8": ("hợp tác quốc tế",),
        "nd45_9": ("nâng cao năng lực cán bộ khuyến công", "tập huấn cán bộ khuyến công"),
    },
    "funds": {
        "kcqg": ("khuyến công quốc gia", "ngân sách trung ương", "trung ương", "TW", "KCQG"),
        "kcdp": ("khuyến công địa phương", "ngân sách tỉnh", "ngân sách địa phương", "tỉnh", "KCĐP", "NSĐP"),
        "other": ("khác", "nguồn khác", "xã hội hóa", "đối ứng"),
    },
}


class Lookup:
    """Names and codes of one reference list (or one province's districts), folded for matching."""

    def __init__(self, table: str):
        self.table = table
        self.codes: dict[str, str] = {}  # folded code -> code
        self.numbers: dict[int, str] = {}  # numeric code ("94" for "094")
        self.keys: dict[str, set[str]] = {}  # folded name -> codes
        self.display: dict[str, str] = {}  # code -> name shown in suggestions

    def _variants(self, text: str) -> set[str]:
        key = fold(text)
        out = {key}
        for pattern in _STRIP.get(self.table, ()):
            out |= {pattern.sub("", k).strip() for k in list(out)}
        return {k for k in out if k}

    def add_code(self, code: str, display: str) -> None:
        self.codes[fold(code)] = code
        if code.isdigit():
            self.numbers[int(code)] = code
        self.display[code] = display

    def add_name(self, text: str | None, code: str) -> None:
        if text:
            for key in self._variants(text):
                self.keys.setdefault(key, set()).add(code)

    def find(self, value: str) -> set[str]:
        if value.isdigit() and int(value) in self.numbers:
            return {self.numbers[int(value)]}
        key = fold(value)
        if key in self.codes:
            return {self.codes[key]}
        found: set[str] = set()
        for variant in sorted(self._variants(value), key=len, reverse=True):  # the fullest form first
            found |= self.keys.get(variant, set())
            if variant.isdigit() and int(variant) in self.numbers:  # "khoản 1"
                found.add(self.numbers[int(variant)])
            if found:
                break
        return found

    def suggest_code(self, value: str) -> str | None:
        """Code of the entry `value` most likely means: a near spelling, or a longer name holding
        all its words ("Hội chợ triển lãm" -> the fairs category)."""
        key = fold(value)
        close = difflib.get_close_matches(key, list(self.keys) + list(self.codes), n=1, cutoff=0.75)
        if close:
            codes = self.keys.get(close[0]) or {self.codes.get(close[0], "")}
        else:
            codes = {c for k, found in self.keys.items() if key and f" {key} " in f" {k} " for c in found}
            if len(codes) != 1:
                return None
        found = sorted(c for c in codes if c)
        return found[0] if found else None

    def suggest(self, value: str) -> str | None:
        """Display name of :meth:`suggest_code`'s entry."""
        code = self.suggest_code(value)
        return None if code is None else self.display.get(code, code)

    def options(self) -> list[tuple[str, str]]:
        """(code, name) of every entry, for a steward's choice."""
        return sorted(self.display.items())


Issue = tuple[str, dict[str, Any]]


class Resolver:
    """Turns the names officials write into the codes of the active reference tables."""

    def __init__(self, cur: Any):
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return list(cur.execute(sql).fetchall())

        self.province_names: dict[str, tuple[str, str]] = {}
        self.lookups: dict[str, Lookup] = {}
        lk = self.lookups["provinces"] = Lookup("provinces")
        for code, vi, en in rows("select province_code, name_vi, name_en from provinces"):
            lk.add_code(code, vi)
            lk.add_name(vi, code)
            lk.add_name(en, code)
            self.province_names[code] = (vi, en)
        self.districts_in: dict[str, Lookup] = {}
        every = self.lookups["districts"] = Lookup("districts")
        for code, prov, vi, en in rows("select district_code, province_code, name_vi, name_en from districts"):
            for lk in (every, self.districts_in.setdefault(prov, Lookup("districts"))):
                lk.add_code(code, vi)
                lk.add_name(vi, code)
                lk.add_name(en, code)
        lk = self.lookups["crafts"] = Lookup("crafts")
        for code, vi, en in rows("select craft_code, name_vi, name_en from crafts"):
            lk.add_code(code, vi)
            lk.add_name(vi, code)
            lk.add_name(en, code)
        lk = self.lookups["funds"] = Lookup("funds")
        for code, vi, en, svi, sen in rows("select fund_code, name_vi, name_en, short_vi, short_en from funds"):
            lk.add_code(code, vi)
            for name in (vi, en, svi, sen):
                lk.add_name(name, code)
        lk = self.lookups["activity_types"] = Lookup("activity_types")
        for code, clause, vi, en, svi, sen in rows(
            "select activity_type_code, article_clause, name_vi, name_en, short_vi, short_en from activity_types"
        ):
            lk.add_code(code, svi)
            lk.numbers[int(clause)] = code  # "1" = khoản 1 of Article 4
            for name in (vi, en, svi, sen):
                lk.add_name(name, code)
        # categories as earlier frameworks (QĐ 136/2007, NĐ 134/2004) named them
        for legacy, code in rows("select legacy_name_vi, activity_type_code from activity_type_map"):
            lk.add_name(legacy, code)
        for table, by_code in SYNONYMS.items():
            for code, names in by_code.items():
                if code in self.lookups[table].display:  # only codes the active lists hold
                    for name in names:
                        if not self.lookups[table].find(name):  # never make a name ambiguous
                            self.lookups[table].add_name(name, code)

    def resolve(self, table: str, value: str, province: str | None) -> tuple[str, Issue | None]:
        """(code, None) when found; else (value unchanged, (rule, params) to explain why)."""
        if table == "districts":
            inside = self.districts_in.get(province or "")
            if inside is not None:
                found = inside.find(value)
                if len(found) == 1:
                    return next(iter(found)), None
                if len(found) > 1:
                    return value, self._ambiguous(inside, found)
            found = self.lookups["districts"].find(value)
            if len(found) == 1:  # a district of another province: kcdash.validate says so
                return next(iter(found)), None
            if len(found) > 1:
                return value, self._ambiguous(self.lookups["districts"], found)
            return value, self._hint(inside or self.lookups["districts"], table, value)
        lk = self.lookups[table]
        found = lk.find(value)
        if len(found) == 1:
            return next(iter(found)), None
        if len(found) > 1:
            return value, self._ambiguous(lk, found)
        return value, self._hint(lk, table, value)

    @staticmethod
    def _hint(lk: Lookup, table: str, value: str) -> Issue | None:
        code = lk.suggest_code(value)
        if code is None:
            return None
        return "imp_did_you_mean", {"table": table, "suggestion": lk.display.get(code, code), "code": code}

    @staticmethod
    def _ambiguous(lk: Lookup, codes: set[str]) -> Issue:
        options = ", ".join(f"{lk.display.get(c, c)} ({c})" for c in sorted(codes))
        return "imp_ambiguous_name", {"table": lk.table, "options": options}

    def options(self, table: str, province: str | None = None) -> list[tuple[str, str]]:
        """(code, name) a steward can choose from for a value of `table`."""
        if table == "districts" and province in self.districts_in:
            return self.districts_in[province].options()
        return self.lookups[table].options()


@dataclass(frozen=True)
class Unmatched:
    """A value the file uses that no reference entry has: shown with a suggestion to accept."""

    column: str  # contract column
    value: str  # as written
    rows: tuple[int, ...]  # rows using it (first ones)
    suggestion: str | None  # code
    suggestion_name: str | None
    table: str  # reference table
    province: str | None = None  # districts are chosen within a province
