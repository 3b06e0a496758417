"""How wide a line of Times New Roman is, so the Word header's rules can be as long as Decree
30/2020 asks (Word cannot size a paragraph border to its text).

Liberation Serif has the advance widths of Times New Roman (it was made metric-compatible), so
its font file measures what Word will lay out. Without the file (fonts-liberation2 not
installed), an average character width stands in, which errs by a few per cent.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
FALLBACK_EM = {False: 0.50, True: 0.56}  # average advance of Vietnamese text, in em (regular, bold)
PT_PER_CM = 72 / 2.54


@functools.cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            # measured at 1000 units per point size, so rounding to whole pixels costs nothing
            return ImageFont.truetype(str(folder / name), 1000)
    return None


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of `text` set in Times New Roman (or Liberation Serif) at `size_pt`, in points."""
    font = _font(bold)
    if font is None:
        return len(text) * size_pt * FALLBACK_EM[bold]
    return float(font.getlength(text)) * size_pt / 1000


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    return text_width_pt(text, size_pt, bold=bold) / PT_PER_CM
