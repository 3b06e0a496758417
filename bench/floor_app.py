"""The framework's floor for the browser stage of `make bench`: a minimal Streamlit page with the
same two sidebar controls the dashboard's changes use (a year range slider, a province
multiselect) and four small Plotly charts, no data layer. A filter change here costs what
Streamlit and Plotly cost by themselves on this machine; the dashboard's pages are compared with it."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

PROVINCES = ["Điện Biên", "Bạc Liêu", "Lai Châu", "Sơn La"]

st.set_page_config(page_title="floor", layout="wide")
with st.sidebar:
    chosen = st.multiselect("Tỉnh", PROVINCES, default=PROVINCES, key="prov")
    year_from, year_to = st.slider("Năm", min_value=2005, max_value=2024, value=(2005, 2024), step=1, key="years")

years = list(range(year_from, year_to + 1))
st.title("Floor")
cols = st.columns(2)
for i in range(4):
    fig = go.Figure()
    for j, name in enumerate(chosen):
        values = [((y * 7 + j * 13 + i * 5) % 29) + 10 for y in years]
        fig.add_trace(go.Bar(x=years, y=values, name=name) if i % 2 else go.Scatter(x=years, y=values, name=name))
    fig.update_layout(title=f"Chart {i + 1}", height=320, margin={"t": 40, "b": 30, "l": 30, "r": 10})
    cols[i % 2].plotly_chart(fig, key=f"chart{i}")
