"""Downloads in a real browser: files are built on the click and arrive whole.

AppTest cannot click a download button whose data is a callable, so this is where the
build-on-click path is exercised end to end (Streamlit server → file → browser).
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import duckdb
import openpyxl
from playwright.sync_api import Page

from dashboard.queries.paging import PAGE_SIZE
from tests.dashboard.browser.test_browser import open_page

DOWNLOAD_TIMEOUT = 90_000  # ms; the first chart image starts the export browser


def download(page: Page, button: str) -> tuple[str, bytes]:
    """Click the first button labelled `button`; the suggested name and the file's bytes."""
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_role("button", name=button, exact=True).first.click()
    arrived = info.value
    return arrived.suggested_filename, Path(arrived.path()).read_bytes()


def test_the_workbook_is_built_for_the_filters_in_the_url(
    page: Page, server, demo_warehouse: Path
) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (expected,) = con.execute(
            "select count(*) from reports where year between 2022 and 2023"
        ).fetchone()
    open_page(page, server.url, "export", years=[2022, 2023])

    name, data = download(page, "生成并下载 Excel")

    assert name.endswith(".xlsx") and "2022-2023" in name
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[0] == "概要"
    assert workbook["报告"].max_row - 1 == expected > 0


def test_a_chart_downloads_as_a_png_drawn_on_the_server(page: Page, server) -> None:
    open_page(page, server.url, "execution")

    name, data = download(page, "PNG")

    assert name.endswith(".png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, _height = struct.unpack(">II", data[16:24])
    assert width == 2400  # 1200 px drawn at scale 2


def test_a_table_downloads_as_csv_that_excel_reads(page: Page, server) -> None:
    open_page(page, server.url, "execution")

    name, data = download(page, "CSV")

    assert name.endswith(".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert "单位" in lines[0] and "执行率" in lines[0]
    # The report table shows a page of 50; its download holds every report in scope.
    page_text = page.locator('[data-testid="stMain"]').inner_text()
    (total,) = re.findall(r"共 ([\d,]+) 行", page_text)
    assert len(lines) - 1 == int(total.replace(",", "")) > PAGE_SIZE
