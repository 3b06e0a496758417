"""The steward console's server: ``make admin`` (``streamlit run admin.py``) serves steward.py.

A separate app from the public dashboard (app.py), on its own port, with its own upload limit
(``make admin`` passes ``--server.maxUploadSize``; the dashboard's is 0), and with
`kcdash.console.StewardUploadsOnly` in front of Streamlit, so a visitor who has not signed in
cannot send it a file. Deploy both behind one reverse proxy: docs/SECURITY.md.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from kcdash.console import ConsoleCookie, SameOrigin, StewardUploadsOnly

# outermost first: a foreign page's websocket is refused, every browser gets its cookie, uploads
# come only from a steward's session in that steward's browser
app = st.App(
    "steward.py",
    middleware=[Middleware(SameOrigin), Middleware(ConsoleCookie), Middleware(StewardUploadsOnly)],
)
