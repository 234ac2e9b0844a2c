"""The parse output contract (docs: parse-contract.md): ParseResult → JSON-ready dict."""

from __future__ import annotations

from dataclasses import asdict

from etl.records import MONEY_FIELDS, ParseResult, Report

CONTRACT_FIELDS = (
    "year",
    "project_name",
    "department",
    "implementing_unit",
    *MONEY_FIELDS,
    "execution_rate_stated",
    "self_score_total",
    "grade",
)
INDICATOR_FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score")


def report_to_contract(report: Report) -> dict:
    """One report in contract shape, plus a few extra keys of our own."""
    out: dict = {name: getattr(report, name) for name in CONTRACT_FIELDS}
    out["execution_rate_computed"] = report.execution_rate
    out["money_unit"] = report.money_unit
    out["form_kind"] = report.form_kind
    out["layout"] = report.layout
    out["indicators"] = [
        {
            **{name: getattr(ind, name) for name in INDICATOR_FIELDS},
            "deviation_reason": ind.deviation_reason,
            "source": ind.source.label() if ind.source else None,
        }
        for ind in report.indicators
    ]
    out["outcomes"] = [
        {
            **{k: v for k, v in asdict(o).items() if k != "source"},
            "position": o.source.label() if o.source else None,
        }
        for o in report.outcomes
    ]
    return out


def to_contract(result: ParseResult, source: str | None = None) -> dict:
    """The whole file's parse result as the contract's JSON object."""
    return {
        "source": source or result.source,
        "format": result.format,
        "encoding": result.encoding,
        "reports": [report_to_contract(r) for r in result.reports],
    }
