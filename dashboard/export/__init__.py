"""Exports for briefings: chart images, tables as CSV/XLSX, a workbook, a deck, a Word report.

`briefing.build_briefing` gathers what a briefing says for given filters (KPIs, key charts
with a one-line takeaway each, red flags, the detail tables); the writers turn that one
value into files. No Streamlit here: the export page and the command line share it all.
"""
