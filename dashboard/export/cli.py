"""Command line: `python -m dashboard.export`, the briefing files for given filters.

    python -m dashboard.export --years 2021-2024 --unit 四川省知识产权局 --format xlsx docx

The export page (app_pages/export.py) uses the same pieces: `file_stem` names the files
and `build_file` turns a `Briefing` into one file's bytes, so a scripted briefing and a
downloaded one are the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.export.briefing import Briefing, build_briefing
from dashboard.filters import Filters
from etl.scoring.profiles import DEFAULT_PROFILE, load_profiles

DOCUMENT_FORMATS = ("xlsx", "pptx", "docx")
FORMATS = (*DOCUMENT_FORMATS, "png", "pdf", "csv")
DEFAULT_OUT = Path("exports")
FILE_PREFIX = "绩效简报"
EXIT_USAGE = 2
_UNSAFE = re.compile(r"[^\w\-]+")  # \w keeps CJK; path separators, spaces, quotes go
_STEM_LIMIT = 60


class ExportError(Exception):
    """A problem the user can fix (missing warehouse, unknown unit, empty scope)."""


# --- shared with the export page ---------------------------------------------------------


def scope_slug(filters: Filters) -> str:
    """A short file-name-safe name of the scope: years, up to two units, the search text."""
    if filters.year_from is None and filters.year_to is None:
        parts = ["全部年度"]
    elif filters.year_from == filters.year_to:
        parts = [str(filters.year_from)]
    else:
        parts = [f"{filters.year_from or '最早'}-{filters.year_to or '最新'}"]
    if filters.units:
        named = "_".join(filters.units[:2])
        parts.append(named if len(filters.units) <= 2 else f"{named}等{len(filters.units)}个单位")
    if filters.search.strip():
        parts.append(filters.search.strip())
    slug = _UNSAFE.sub("_", "_".join(parts)).strip("_")
    return slug[:_STEM_LIMIT].rstrip("_")


def file_stem(filters: Filters, created: dt.date) -> str:
    """The common file name stem, e.g. ``绩效简报_2021-2024_四川省知识产权局_20261123``."""
    return f"{FILE_PREFIX}_{scope_slug(filters)}_{created:%Y%m%d}"


def build_file(briefing: Briefing, fmt: str) -> bytes:
    """One briefing document as bytes: ``xlsx`` workbook, ``pptx`` deck or ``docx`` report.

    The writers are imported here, so a page or a command that needs one format does not
    pay for the others' libraries. The deck and the report draw their charts with
    `images.to_png`, or state each chart's takeaway in its place where Chromium is missing.
    """
    if fmt == "xlsx":
        from dashboard.export.workbook import write_workbook

        return write_workbook(briefing)
    if fmt == "pptx":
        from dashboard.export.deck import write_deck

        return write_deck(briefing)
    if fmt == "docx":
        from dashboard.export.report_docx import write_report

        return write_report(briefing)
    raise ValueError(f"not a document format: {fmt!r} (one of {', '.join(DOCUMENT_FORMATS)})")


# --- the command -------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A file the command wrote."""

    path: Path
    size: int


def parse_years(text: str) -> tuple[int, int]:
    """``2023`` → (2023, 2023); ``2021-2024`` (or ``2021:2024``, ``2021–2024``) → (2021, 2024)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–~]\s*(\d{4}))?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"年度应写成 2023 或 2021-2024 / years must look like 2023 or 2021-2024: {text!r}"
        )
    low = int(match.group(1))
    high = int(match.group(2) or low)
    return (min(low, high), max(low, high))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="按筛选条件生成简报材料 / write briefing files for the given filters.",
    )
    parser.add_argument(
        "--db", type=Path, help="warehouse file (default: $JIXIAO_DB or data/warehouse.duckdb)"
    )
    parser.add_argument("--years", type=parse_years, help="one year (2023) or a range (2021-2024)")
    parser.add_argument(
        "--unit",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME",
        help="unit names as in the dashboard (a bureau includes its subordinate units)",
    )
    parser.add_argument("--search", default="", metavar="TEXT", help="project name contains TEXT")
    parser.add_argument(
        "--format",
        nargs="+",
        choices=FORMATS,
        default=list(DOCUMENT_FORMATS),
        help="files to write (default: xlsx pptx docx); png/pdf: the key charts, csv: the tables",
    )
    parser.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        choices=list(load_profiles()),
        help=f"scoring profile the scores are recomputed under (default: {DEFAULT_PROFILE})",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: ./exports)"
    )
    return parser


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, or raise ExportError saying how to build it."""
    if not path.is_file():
        raise ExportError(
            f"找不到数据仓库文件 {path}，请先运行 `make build`（或 `python -m etl build`）。\n"
            f"Warehouse not found: {path}. Build it with `make build` (or `python -m etl build`)."
        )
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise ExportError(
            f"无法打开数据仓库文件 {path}：{err}\nCannot open the warehouse {path}: {err}"
        ) from err


def resolve_units(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> tuple[str, ...]:
    """Canonical unit names for `names`; a known spelling variant maps to its unit.

    Raises:
        ExportError: a name matches no unit; the message suggests the closest names.
    """
    from rapidfuzz import process

    canonical = [row[0] for row in con.execute("select name from units order by name").fetchall()]
    variants = dict(
        con.execute(
            "select v.raw_name, u.name from unit_variants v join units u using (unit_id)"
        ).fetchall()
    )
    resolved = []
    for name in names:
        if name in canonical:
            resolved.append(name)
        elif name in variants:
            resolved.append(variants[name])
        else:
            close = [match for match, _, _ in process.extract(name, canonical, limit=3)]
            hint = "、".join(close) if close else "（无）"
            raise ExportError(
                f"没有名为“{name}”的单位。相近的名称：{hint}\n"
                f"Unknown unit {name!r}. Close names: {', '.join(close) or '(none)'}"
            )
    return tuple(dict.fromkeys(resolved))  # in order, without repeats


def _write(path: Path, data: bytes, written: list[Written]) -> None:
    path.write_bytes(data)
    written.append(Written(path, len(data)))
    print(f"{path}\t{_size(len(data))}", flush=True)


def _size(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def write_exports(
    briefing: Briefing, filters: Filters, formats: Sequence[str], out: Path
) -> list[Written]:
    """Write each requested format into `out` (created if missing) and print each file.

    Raises:
        ExportError: png/pdf were asked for but no headless Chromium can draw charts.
    """
    stem = file_stem(filters, briefing.created)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Written] = []
    for fmt in dict.fromkeys(formats):
        if fmt in DOCUMENT_FORMATS:
            _write(out / f"{stem}.{fmt}", build_file(briefing, fmt), written)
        elif fmt == "csv":
            from dashboard.export.tables import to_csv_bytes

            for table in briefing.tables:
                _write(out / f"{stem}_{table.name}.csv", to_csv_bytes(table), written)
        else:
            _write_chart_images(briefing, fmt, out / stem, written)
    return written


def _write_chart_images(briefing: Briefing, fmt: str, stem: Path, written: list[Written]) -> None:
    from dashboard.export import images

    try:
        for chart in briefing.all_charts:
            data = images.to_png(chart.figure) if fmt == "png" else images.to_pdf(chart.figure)
            _write(stem.with_name(f"{stem.name}_{chart.key}.{fmt}"), data, written)
    except images.ImageExportUnavailable as err:
        raise ExportError(
            f"无法生成图表图片（需要 Chromium）：{err}\n"
            f"Cannot draw chart images (needs Chromium): {err}"
        ) from err


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 when every file was written, 2 on a problem the user can fix."""
    from dashboard import db, rectification

    args = _parser().parse_args(argv)
    warehouse = args.db or db.warehouse_path()
    try:
        tracked = rectification.items(rectification.store_path(warehouse))
        con = open_warehouse(warehouse)
        try:
            year_from, year_to = args.years or (None, None)
            filters = Filters(
                year_from=year_from,
                year_to=year_to,
                units=resolve_units(con, args.unit),
                search=args.search,
            )
            briefing = build_briefing(con, filters, profile=args.profile, rectifications=tracked)
        finally:
            con.close()
        if briefing.is_empty:
            raise ExportError(
                f"当前筛选条件下没有报告：{filters.describe()}\n"
                "No report matches these filters; widen the years or units."
            )
        print(f"范围 / scope: {briefing.scope}", file=sys.stderr)
        write_exports(briefing, filters, args.format, args.out)
    except (ExportError, rectification.RectificationError) as err:
        print(f"错误 / error: {err}", file=sys.stderr)
        return EXIT_USAGE
    return 0
