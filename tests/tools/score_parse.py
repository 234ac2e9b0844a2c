# Verbatim copy of /work/shared/tools/score_parse.py (the project must not read ../shared at test time).
#!/usr/bin/env python3
"""Score a report parser against hand-checked gold labels.

Usage (from the project's root):
    python ../shared/tools/score_parse.py RAW_DIR GOLD_DIR [--cmd "python -m etl parse --json"] [-v]

For every file in RAW_DIR that has a gold file in GOLD_DIR (same stem, named
STEM.json or STEM.gold.json), it runs `CMD FILE`, reads the JSON that the
command prints on stdout, and compares it with the gold labels.

The command's output contract (extra keys are ignored):
    {"reports": [{"year", "project_name", "department", "implementing_unit",
                  "budget_initial", "budget", "executed",
                  "fiscal_budget", "fiscal_executed", "other_budget", "other_executed",
                  "execution_rate_stated", "self_score_total", "grade",
                  "indicators": [{"level1", "level2", "level3", "target",
                                  "actual", "weight", "score"}]}]}
Money in 万元 as plain numbers, rates in percent (84.68, not 0.8468), null
where the document states nothing.

Headline: field accuracy = correct fields / fields counted. A field counts
when the gold value is not null (right or wrong) or when the parser invents a
value where the gold says null (wrong). Each gold indicator brings its
non-null fields; an indicator the parser missed counts all of them wrong; an
indicator the parser invented counts one wrong field. A report the parser
missed counts all its fields wrong.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

SCALARS = ["year", "project_name", "department", "implementing_unit",
           "budget_initial", "budget", "executed", "fiscal_budget", "fiscal_executed",
           "other_budget", "other_executed", "execution_rate_stated",
           "self_score_total", "grade"]
IND_FIELDS = ["level1", "level2", "level3", "target", "actual", "weight", "score"]
LEADING_NUMBER = re.compile(r"^(指标\s*\d+|\d+[.、．])\s*[:：]?")


def norm_text(v) -> str:
    s = unicodedata.normalize("NFKC", str(v))
    s = re.sub(r"\s+", "", s)
    return LEADING_NUMBER.sub("", s)


def to_number(v):
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*%?\s*", unicodedata.normalize("NFKC", str(v)))
    return float(m.group(1)) if m else None


def empty(v) -> bool:
    return v is None or (isinstance(v, str) and norm_text(v) in ("", "/", "-", "—", "无"))


def same(gold, pred) -> bool:
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        p = to_number(pred)
        return p is not None and abs(p - gold) <= max(0.005, abs(gold) * 1e-4)
    g, p = norm_text(gold), norm_text(pred)
    if g == p:
        return True
    if len(g) > 30:
        return difflib.SequenceMatcher(None, g, p, autojunk=False).ratio() >= 0.9
    return False


def text_sim(a, b) -> float:
    if empty(a) or empty(b):
        return 0.0
    return difflib.SequenceMatcher(None, norm_text(a), norm_text(b), autojunk=False).ratio()


class Tally:
    def __init__(self):
        self.right = 0
        self.counted = 0
        self.misses: list[str] = []

    def field(self, where: str, gold, pred):
        if empty(gold):
            if empty(pred):
                return
            self.counted += 1
            self.misses.append(f"{where}: invented {pred!r}")
            return
        self.counted += 1
        if not empty(pred) and same(gold, pred):
            self.right += 1
        else:
            self.misses.append(f"{where}: want {str(gold)[:40]!r} got {str(pred)[:40] if pred is not None else None!r}")


def indicator_key_sim(g: dict, p: dict) -> float:
    sims = [text_sim(g.get(k), p.get(k)) for k in ("level3", "target", "actual")]
    return max(sims) + 0.1 * sum(sims)


def match(golds: list, preds: list, sim) -> list[tuple[int, int | None]]:
    """Greedy best-first matching; returns (gold index, pred index or None)."""
    pairs = sorted(((sim(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
                   reverse=True)
    used_g, used_p, out = set(), set(), {}
    for s, gi, pi in pairs:
        if s < 0.35 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return [(gi, out.get(gi)) for gi in range(len(golds))]


def score_report(t: Tally, where: str, gold: dict, pred: dict | None):
    pred = pred or {}
    for k in SCALARS:
        if k in gold:
            t.field(f"{where}.{k}", gold.get(k), pred.get(k))
    g_inds = gold.get("indicators") or []
    p_inds = [i for i in (pred.get("indicators") or []) if isinstance(i, dict)]
    pairs = match(g_inds, p_inds, indicator_key_sim)
    for gi, pi in pairs:
        p = p_inds[pi] if pi is not None else {}
        for k in IND_FIELDS:
            t.field(f"{where}.ind[{gi}].{k}", g_inds[gi].get(k), p.get(k))
    matched = {pi for _, pi in pairs if pi is not None}
    for pi, p in enumerate(p_inds):
        if pi not in matched:
            t.counted += 1
            t.misses.append(f"{where}: invented indicator {str(p.get('level3') or p.get('target'))[:30]!r}")


def report_sim(g: dict, p: dict) -> float:
    """Name similarity; where the gold report has no name, the best indicator overlap."""
    if not empty(g.get("project_name")):
        return text_sim(g.get("project_name"), p.get("project_name"))
    g_inds = g.get("indicators") or []
    p_inds = [i for i in (p.get("indicators") or []) if isinstance(i, dict)]
    if not g_inds or not p_inds:
        return 0.0
    best = [max(indicator_key_sim(gi, pi) for pi in p_inds) / 1.3 for gi in g_inds]
    return sum(best) / len(best)


def run_parser(cmd: list[str], path: Path) -> tuple[list, str | None]:
    try:
        out = subprocess.run(cmd + [str(path)], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return [], "timed out"
    if out.returncode != 0:
        return [], f"exit {out.returncode}: {out.stderr.strip()[-200:]}"
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError as e:
        return [], f"not JSON: {e}"
    reports = doc.get("reports") if isinstance(doc, dict) else None
    return (reports if isinstance(reports, list) else []), None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--cmd", default=f"{shlex.quote(sys.executable)} -m etl parse --json")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong field")
    args = ap.parse_args()
    cmd = shlex.split(args.cmd)

    total = Tally()
    reports_found = reports_gold = 0
    for raw in sorted(p for p in args.raw_dir.iterdir() if p.is_file() and not p.name.endswith(".json")):
        gold_path = next((q for q in (args.gold_dir / f"{raw.stem}.json", args.gold_dir / f"{raw.stem}.gold.json")
                          if q.exists()), None)
        if gold_path is None:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        preds, err = run_parser(cmd, raw)
        t = Tally()
        g_reports = gold.get("reports") or []
        pairs = match(g_reports, preds, report_sim) if len(g_reports) > 1 or len(preds) > 1 else \
            [(0, 0 if preds else None)] if g_reports else []
        for gi, pi in pairs:
            score_report(t, f"r{gi}", g_reports[gi], preds[pi] if pi is not None else None)
        found = sum(1 for _, pi in pairs if pi is not None)
        extra = len(preds) - found
        t.counted += max(0, extra)
        reports_found += found
        reports_gold += len(g_reports)
        total.right += t.right
        total.counted += t.counted
        acc = t.right / t.counted if t.counted else 1.0
        status = f" [{err}]" if err else ""
        print(f"{raw.name:40s} reports {found}/{len(g_reports)}{f' +{extra} invented' if extra > 0 else ''}"
              f"  fields {t.right}/{t.counted} = {acc:.3f}{status}")
        if args.verbose:
            for m in t.misses:
                print("    " + m)
    acc = total.right / total.counted if total.counted else 0.0
    print(f"reports found {reports_found}/{reports_gold}")
    print(f"field accuracy {acc:.4f} ({total.right}/{total.counted})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
