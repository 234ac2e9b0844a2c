"""Command line: `python -m etl parse|show|ingest|preview|build|demo|score`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from etl.errors import ReadError

DEFAULT_DB = Path("data/warehouse.duckdb")
DEFAULT_RAW = Path("data/raw")
_JSONL_HELP = "one JSON line per file as it is done (etl/jobs.py reads them)"
SCORE_HEADER = ("report_id", "stated_score", "stated_grade", "recomputed_score",
                "recomputed_grade", "warnings")  # fmt: skip


def _cmd_parse(args: argparse.Namespace) -> int:
    from etl.contract import to_contract
    from etl.extract import extract_file

    try:
        result = extract_file(Path(args.file))
    except ReadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    doc = to_contract(result, source=args.file)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        for report in doc["reports"]:
            print(
                f"{report['year']}  {report['project_name']}  {report['department']}  "
                f"budget={report['budget']} executed={report['executed']}  "
                f"indicators={len(report['indicators'])}"
            )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from etl.document import render
    from etl.extract import read_document
    from etl.readers.sniff import sniff

    path = Path(args.file)
    try:
        if sniff(path) == "txt":
            from etl.parse import text_cells
            from etl.readers.text import read_text

            layout, cells = text_cells(read_text(path).text.splitlines())
            print(render_cells(path, layout, cells))
            return 0
        print(render(read_document(path)))
    except ReadError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def render_cells(path: Path, layout: str, cells: list) -> str:
    """A text file as the parser sees it: the layout recognised, then its cells by row."""
    rows: dict[int, list[str]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell.text or "·")
    from etl.parse.cells import LAYOUTS

    lines = [f"{path}  [txt]  layout: {layout} ({LAYOUTS.get(layout, layout)})"]
    lines += [" | ".join(texts) for texts in rows.values()]
    return "\n".join(lines)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from etl import jobs
    from etl.ingest import ingest_paths

    paths, db = [Path(p) for p in args.paths], Path(args.db)
    on_file = jobs.emit_outcome if args.jsonl else None
    try:
        summary = ingest_paths(
            paths, db, progress=None if on_file is None else False,
            loaded_by=args.loaded_by, on_file=on_file,
        )  # fmt: skip
    except OSError as err:  # the warehouse or its folder, not one report file
        print(f"error: cannot write the warehouse {db}: {err}", file=sys.stderr)
        return 1
    if args.jsonl:
        jobs.emit_summary(summary)
    else:
        print(summary)
    return summary.exit_code


def _cmd_preview(args: argparse.Namespace) -> int:
    from etl import jobs
    from etl.uploads import iter_previews

    files = [Path(p) for p in args.files]
    for done, item in enumerate(iter_previews(files), 1):
        if args.jsonl:
            jobs.emit_preview(item, done, len(files))
        else:
            found = f"{len(item.reports)} report(s), {item.flags} flag(s)"
            print(f"{item.file}\t{item.reason or found}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from etl.ingest import build_warehouse

    summary = build_warehouse(Path(args.raw), Path(args.db))
    print(summary)
    return summary.exit_code


def _cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo.corpus import clear, write_demo

    out = Path(args.out)
    clear(out)
    truth = write_demo(out, seed=args.seed)
    print(f"wrote {truth['report_count']} demo reports and ground_truth.json to {out}")
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    import duckdb

    from etl.scoring.facts import report_facts
    from etl.scoring.profiles import (
        ProfileError,
        get_profile,
        load_profiles,
        load_warning_thresholds,
    )
    from etl.scoring.recompute import recompute
    from etl.scoring.warnings import report_warnings

    try:
        if args.list_profiles:
            for key, profile in load_profiles().items():
                print(f"{key}\t{profile.name}")
            return 0
        profile = get_profile(args.profile)
        thresholds = load_warning_thresholds()
    except ProfileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    db = Path(args.db)
    if not db.is_file():
        print(f"error: no warehouse at {db}", file=sys.stderr)
        return 2
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(SCORE_HEADER)
    with duckdb.connect(str(db), read_only=True) as con:
        for facts in report_facts(con):
            result = recompute(facts, profile)
            found = report_warnings(facts, thresholds, profile)
            codes = [*result.differences, *(f"{w.rule}:{w.level}" for w in found)]
            out.writerow([
                result.report_id,
                _csv_number(result.stated_score),
                result.stated_grade or "",
                _csv_number(result.score),
                result.grade or "",
                ";".join(dict.fromkeys(codes)),  # each rule once, in order
            ])  # fmt: skip
    return 0


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_parse = sub.add_parser("parse", help="parse one report file and print what was found")
    p_parse.add_argument("file")
    p_parse.add_argument("--json", action="store_true", help="print the parse contract JSON")
    p_parse.set_defaults(func=_cmd_parse)

    p_show = sub.add_parser("show", help="print what the reader sees: paragraphs and table grids")
    p_show.add_argument("file")
    p_show.set_defaults(func=_cmd_show)

    p_ingest = sub.add_parser("ingest", help="parse files/folders and load them into the warehouse")
    p_ingest.add_argument("paths", nargs="+")
    p_ingest.add_argument("--db", default=str(DEFAULT_DB))
    p_ingest.add_argument("--loaded-by", default=None, help="who loads, for the ingest log")
    p_ingest.add_argument("--jsonl", action="store_true", help=_JSONL_HELP)
    p_ingest.set_defaults(func=_cmd_ingest)

    p_preview = sub.add_parser(
        "preview", help="say what loading files would add, without writing the warehouse"
    )
    p_preview.add_argument("files", nargs="+")
    p_preview.add_argument("--jsonl", action="store_true", help=_JSONL_HELP)
    p_preview.set_defaults(func=_cmd_preview)

    p_build = sub.add_parser("build", help="rebuild the warehouse from data/raw")
    p_build.add_argument("--raw", default=str(DEFAULT_RAW))
    p_build.add_argument("--db", default=str(DEFAULT_DB))
    p_build.set_defaults(func=_cmd_build)

    p_demo = sub.add_parser("demo", help="write the seeded demo corpus (all formats) to a folder")
    p_demo.add_argument("--out", default=str(DEFAULT_RAW / "demo"))
    p_demo.add_argument("--seed", type=int, default=2024)
    p_demo.set_defaults(func=_cmd_demo)

    p_score = sub.add_parser(
        "score", help="recompute every report's score under a profile; print CSV"
    )
    p_score.add_argument("--db", default=str(DEFAULT_DB))
    p_score.add_argument("--profile", default=None, help="profile key (default: national)")
    p_score.add_argument("--list-profiles", action="store_true", help="name the profiles")
    p_score.set_defaults(func=_cmd_score)

    args = parser.parse_args(argv)
    return args.func(args)
