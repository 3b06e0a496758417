"""Parts of a page that rerun on their own (Streamlit fragments) and read data.

A fragment's own rerun does not pass through the entry script, so a damaged data file a query in
it finds would show as a traceback inside the fragment. `data_fragment` makes such a fragment
rerun the whole app instead: the version is then refused at open (`kcdash.db.get_database`) and
the viewer sees the plain "data cannot be read", as on any other page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from kcdash import pagedata

P = ParamSpec("P")


def refuse_damaged(draw: Callable[P, None]) -> Callable[P, None]:
    """`draw`, rerunning the whole app when it finds a damaged data file."""

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            draw(*args, **kwargs)
        except pagedata.DamagedFile:
            st.rerun(scope="app")

    return drawn


def data_fragment(draw: Callable[P, None]) -> Callable[P, None]:
    """`st.fragment` for a part that reads data (see the module docstring)."""
    return st.fragment(refuse_damaged(draw))
