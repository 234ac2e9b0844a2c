"""Placeholder until this page is built."""

from dashboard import widgets

widgets.start_page("detail")
