"""OCR: field accuracy and pages per second on scans of every office PDF with a gold answer.

Each PDF under tests/fixtures/office is turned into a scan (etl/demo/render/scan.py: a
degree or two of rotation, blur, noise) as an image-only PDF, a JPEG (one-page reports)
or a multi-page TIFF, then read with an empty OCR cache, parsed and scored against its
gold answer like ../shared/tools/score_parse.py. The born-digital PDF is scored too.

    .venv/bin/python benchmarks/ocr_scans.py [--out DIR] [-v]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OFFICE = REPO / "tests" / "fixtures" / "office"
MAX_DEGREES = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the scans here (default: a temp dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="each file's misses")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="ocr_scans_"))
    out.mkdir(parents=True, exist_ok=True)
    os.environ["JIXIAO_OCR_CACHE"] = str(out / "ocr_cache")  # empty: every page is read

    import pypdfium2

    from etl.demo.render.scan import write_scan
    from etl.extract import extract_file
    from tests.scoring import contract_reports, score_reports

    rng = random.Random(16)
    totals = {"scan": [0, 0], "pdf": [0, 0]}
    pages_per_second = []
    print(f"{'file':34s} {'pages':>5s} {'seconds':>8s} {'scan':>6s} {'pdf':>6s}")
    for pdf in sorted(OFFICE.glob("*.pdf")):
        gold = pdf.with_suffix(".gold.json")
        if not gold.exists():
            continue
        pages = len(pypdfium2.PdfDocument(pdf))
        suffix = rng.choice([".pdf", ".jpg"] if pages == 1 else [".pdf", ".tif"])
        scan = out / f"{pdf.stem}_scan{suffix}"
        write_scan(pdf, scan, rng.uniform(-MAX_DEGREES, MAX_DEGREES), rng.randrange(1000))
        started = time.perf_counter()
        scanned = score_reports(gold, contract_reports(extract_file(scan)))
        seconds = time.perf_counter() - started
        born_digital = score_reports(gold, contract_reports(extract_file(pdf)))
        pages_per_second.append(pages / seconds)
        for key, score in (("scan", scanned), ("pdf", born_digital)):
            totals[key][0] += score.tally.right
            totals[key][1] += score.tally.counted
        print(f"{scan.name:34s} {pages:5d} {seconds:8.1f} {scanned.accuracy:6.3f} "
              f"{born_digital.accuracy:6.3f}")  # fmt: skip
        if args.verbose and scanned.misses:
            print("    " + scanned.misses.replace("\n", "\n    "))
    for key, (right, counted) in totals.items():
        print(f"{key:5s} field accuracy {right / counted:.4f} ({right}/{counted})")
    print(f"pages/s: median {statistics.median(pages_per_second):.3f} "
          f"(seconds per page {1 / statistics.median(pages_per_second):.1f}); "
          f"{os.cpu_count()} cores")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
