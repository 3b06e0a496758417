"""Vietnamese text without its marks, so text typed without them matches text written with them.

`without_marks` is the one folding in Python (the records search, the importer's compare keys);
its twin in SQL is the `fold_text` macro in `queries/_macros.sql`, which folds the records'
titles the same way (`tests/test_queries.py` checks that the two agree).
"""

from __future__ import annotations

import unicodedata


def without_marks(text: str) -> str:
    """`text` with its accents and tone marks dropped and đ/Đ as d/D ("Mây tre ĐAN" -> "May tre DAN");
    the case is kept."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d").replace("Đ", "D")
