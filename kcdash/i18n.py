"""Message lookup: every text a person reads comes from `kcdash/locales/{vi,en}.py`."""

from __future__ import annotations

from kcdash.locales import en, vi

LANGS = ("vi", "en")
CATALOGUES: dict[str, dict[str, str]] = {"vi": vi.MESSAGES, "en": en.MESSAGES}


def t(key: str, lang: str = "vi", **params: object) -> str:
    """The message `key` in `lang`, with `{name}` placeholders filled from `params`.

    A key missing from the catalogue raises KeyError: tests check both catalogues hold the
    same keys, so a missing text is a bug found in CI rather than a raw key on screen.
    """
    text = CATALOGUES["en" if lang == "en" else "vi"][key]
    return text.format(**params) if params else text


def lang_col(base: str, lang: str) -> str:
    """`name` -> `name_vi` / `name_en`: the column holding text in the chosen language."""
    return f"{base}_{'en' if lang == 'en' else 'vi'}"
