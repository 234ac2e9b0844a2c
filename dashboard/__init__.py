"""The Streamlit dashboard's non-layout code: warehouse connection, queries, theme.

Pages under `app_pages/` only lay out what these modules return; no SQL lives there.
"""
