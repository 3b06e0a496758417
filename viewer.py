"""The public dashboard's server with no upload endpoint at all: ``streamlit run viewer.py``.

app.py alone already refuses every non-empty upload (``server.maxUploadSize = 0`` in
.streamlit/config.toml), but Streamlit still records an empty file sent with chunked encoding
from any live session. Served through this wrapper, every request to the upload endpoint is
answered 403 before Streamlit sees it (`kcdash.console.NoUploads`). docs/SECURITY.md
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from kcdash.console import NoUploads, SameOrigin

app = st.App("app.py", middleware=[Middleware(SameOrigin), Middleware(NoUploads)])
