"""Page parts shared by the Streamlit pages, one job per module; a page imports the parts it uses
(`from kcdash.ui import blocks, tables`). Nothing is re-exported here.

Layers, top to bottom (an import-linter contract in pyproject.toml holds them, so no two parts
import each other in a circle):

- `nationwide`, `cards`, `published_figures`, `clusters_map`: the larger parts of a page;
- `blocks`: a chart with its source and numbers, the page's sections, the shared chart blocks;
- `downloads`: the files a table or chart offers;
- `tables`, `notices`, `scale`, `tiles`, `url`, `layout`, `uploads`: tables, the page's notices,
  few or many provinces, the tile map's component, coded widgets in the URL, fixed places in the
  page, uploaded files;
- `context`: what every page needs from the shared filters, and the page's start;
- `status_line`, `styles`: the line under the title, the stylesheets in kcdash/assets.
"""
