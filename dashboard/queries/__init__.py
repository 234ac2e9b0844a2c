"""Read-only queries the pages call, one module per page area; no SQL lives in pages.

Every query takes a connection and a `dashboard.filters.Filters` and builds on the filter
CTEs of `base`; every value is bound as a parameter.
"""
