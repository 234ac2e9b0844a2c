"""`python -m etl demo`: write the demo world (etl/demo/world.py) as report files.

Each report is laid out as its year's national form (2018 完成情况表 before 2020, the
2020 自评表 from 2020), with its narrative around the form, and written in the format the
world drew for it. Files and a ground-truth JSON go to one folder; the output is
deterministic for a seed.
"""

from __future__ import annotations

import json
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2

from etl.demo.render.convert import convert_all
from etl.demo.render.docx import write_docx
from etl.demo.render.forms import form2018, form2020
from etl.demo.render.html import write_html
from etl.demo.render.model import Block, Fixture, Form, Para
from etl.demo.render.scan import write_scan
from etl.demo.render.xlsx import write_xlsx
from etl.demo.world import build_world, gold, ground_truth

WRITERS: dict[str, Callable[[Fixture, Path], None]] = {
    "docx": write_docx,
    "xlsx": write_xlsx,
    "html": write_html,
}
# Converted formats are written from another one first: .doc from .docx, .xls from .xlsx.
SOURCE_OF = {"doc": "docx", "xls": "xlsx"}
# Every SCAN_EVERY-th PDF report (in name order) is delivered as a scan instead, as units
# do with signed and stamped forms: an image-only PDF, a JPEG photo (one page) or a TIFF.
SCAN_EVERY = 20
SCAN_DEGREES = 2.0  # turned by up to this much, either way


def layout(report: dict) -> list[Block]:
    """The report's blocks: its year's form, with the narrative before it."""
    spec: dict = {
        "money_unit": report["money_unit"],
        "goal_target": report["goal_target"],
        "goal_actual": report["goal_actual"],
        "insert_rows": [(len(report["indicators"]), row) for row in report["placeholder_rows"]],
        "before": [text for text in (report.get("narrative"), report.get("budget_text")) if text],
    }
    if report["form"] == "form2020":
        spec["budget_weight"] = report.get("budget_weight")
        spec["budget_score"] = report.get("budget_score")
        return form2020(report, spec)
    spec["budget_label"] = f"预算执行情况({report['money_unit']})"
    return form2018(report, spec)


def text_dump(blocks: list[Block]) -> str:
    """A pipe dump of the blocks, as a table copied out of a web page reads."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            lines.append(block.text)
        elif isinstance(block, Form):
            for row in block.grid.rows():
                lines.append("| " + " | ".join(p.cell.text for p in row) + " |")
    return "\n".join(lines) + "\n"


def write_demo(out: Path, seed: int = 2024, convert: bool = True) -> dict:
    """Write every report of the seeded world into `out`; returns the ground truth."""
    world = build_world(seed)
    out.mkdir(parents=True, exist_ok=True)
    to_convert: list[Fixture] = []
    for report in world.reports:
        fmt = report["format"]
        fixture = Fixture(report["stem"], gold(report), layout(report), formats=(fmt,))
        if fmt == "txt":
            (out / f"{report['stem']}.txt").write_text(text_dump(fixture.blocks), "utf-8")
            continue
        if fmt in WRITERS or fmt in SOURCE_OF:
            writer = SOURCE_OF.get(fmt, fmt)
            WRITERS[writer](fixture, out / f"{report['stem']}.{writer}")
        if fmt in ("pdf", *SOURCE_OF):
            to_convert.append(fixture)
    if convert and to_convert:
        convert_all(to_convert, out)
        for fixture in to_convert:  # the .docx/.xlsx a .doc/.xls was converted from
            source = SOURCE_OF.get(fixture.formats[0])
            if source:
                (out / f"{fixture.stem}.{source}").unlink(missing_ok=True)
        scan_some(out, world.reports)
    truth = ground_truth(world)
    (out / "ground_truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth


def scan_some(out: Path, reports: list[dict]) -> None:
    """Replace every SCAN_EVERY-th report's PDF in `out` by a scan of it; the report's
    `format` becomes "scan" (the ground truth says so)."""
    pdfs = sorted((r for r in reports if r["format"] == "pdf"), key=lambda r: r["stem"])
    for number, report in enumerate(pdfs[::SCAN_EVERY]):
        pdf = out / f"{report['stem']}.pdf"
        seed = zlib.crc32(report["stem"].encode())
        document = pypdfium2.PdfDocument(pdf)
        pages = len(document)
        document.close()
        suffix = ".pdf" if number % 2 == 0 else (".jpg" if pages == 1 else ".tif")
        write_scan(pdf, pdf.with_suffix(suffix), (seed % 1000 / 500 - 1) * SCAN_DEGREES, seed)
        if suffix != ".pdf":  # the scan was read whole before it was written
            pdf.unlink()
        report["format"] = "scan"


def clear(out: Path) -> None:
    """Remove earlier demo output (only files this module writes)."""
    for path in out.glob("demo_*"):
        path.unlink()
    (out / "ground_truth.json").unlink(missing_ok=True)
    if out.exists() and not any(out.iterdir()):
        shutil.rmtree(out)
