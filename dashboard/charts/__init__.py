"""Plotly figure builders: DataFrame in, themed `go.Figure` out; no Streamlit, no SQL.

Pages show these figures and the export issue renders the same ones to PNG/PDF, so every
figure carries its own title, axis labels with units, and hover text.
"""
