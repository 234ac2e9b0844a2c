"""How long a dashboard page takes to re-render after a filter change.

Runs app.py under Streamlit's AppTest on a warehouse (default: data/warehouse.duckdb, built
by `make build`), opens each page once (cold: imports, first queries), then re-runs it under
a sequence of different filters, each seen for the first time (so the query cache misses),
and then once more under a filter already seen (cache hit). Prints per-page medians.
The browser's own painting is not included; that is what the Playwright suite sees.

    .venv/bin/python benchmarks/page_render.py [--db PATH] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashboard.navigation import PAGES as PAGE_SPECS  # noqa: E402 (after the path)

PAGES = tuple(page.name for page in PAGE_SPECS)


def filter_sequence(con, repeat: int) -> list:
    """`repeat` distinct filter values a user might pick in turn (years, units, search)."""
    from dashboard.filters import Filters

    years = [y for (y,) in con.execute("select distinct year from reports order by 1").fetchall()]
    units = [
        name for (name,) in con.execute("select name from units order by n_reports desc").fetchall()
    ]
    choices = [
        Filters(years[-3], years[-1]),
        Filters(units=(units[0],)),
        Filters(years[0], years[-2], units=tuple(units[1:3])),
        Filters(search="知识产权"),
        Filters(years[-1], years[-1], categories=("产出指标",)),
        Filters(units=(units[3],), form_kinds=("form2020",)),
        Filters(years[-4], years[-1], search="专利"),
    ]
    return choices[:repeat]


def measure(db: Path, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Per page: (cold first run, median re-render on new filters, median cached re-run) in s."""
    import duckdb
    from streamlit.testing.v1 import AppTest

    os.environ["JIXIAO_DB"] = str(db)
    with duckdb.connect(str(db), read_only=True) as con:
        sequence = filter_sequence(con, repeat)
    results = {}
    for page in PAGES:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        started = time.perf_counter()
        app.run()
        app.switch_page(f"app_pages/{page}.py").run()
        cold = time.perf_counter() - started
        fresh, cached = [], []
        for filters in sequence:
            app.session_state["_jixiao_filters"] = filters
            started = time.perf_counter()
            app.run()
            fresh.append(time.perf_counter() - started)
            assert not app.exception, (page, filters, app.exception)
            started = time.perf_counter()
            app.run()
            cached.append(time.perf_counter() - started)
        results[page] = (cold, statistics.median(fresh), statistics.median(cached))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "data" / "warehouse.duckdb")
    parser.add_argument("--repeat", type=int, default=5, help="filter changes per page (≤ 7)")
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist; run `make build` first")
    results = measure(args.db, args.repeat)
    print(f"{'page':<12}{'cold s':>9}{'new filter s':>14}{'cached s':>10}")
    for page, (cold, fresh, cached) in results.items():
        print(f"{page:<12}{cold:>9.3f}{fresh:>14.3f}{cached:>10.3f}")
    print(
        f"{'median':<12}{'':>9}{statistics.median(r[1] for r in results.values()):>14.3f}"
        f"{statistics.median(r[2] for r in results.values()):>10.3f}"
    )


if __name__ == "__main__":
    main()
