"""Files a steward uploads, released from the server's memory once used."""

from __future__ import annotations

from typing import Any


def release_upload(uploaded: Any) -> None:
    """Drop an uploaded file from the server's memory now. Streamlit keeps every file a session
    uploaded until that session ends (or the browser removes it), also after the uploader is
    replaced by a new one; after an import the steward console releases it at once."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    remove = getattr(ctx.uploaded_file_mgr, "remove_file", None)  # the in-memory manager Streamlit serves with
    file_id = getattr(uploaded, "file_id", None)
    if file_id and callable(remove):
        remove(ctx.session_id, file_id)
