"""Data-quality checks on one parsed report: pure functions, no I/O.

Each check is a small function registered under a stable flag code with `@check`; adding a
check is writing one function. `check_report` runs them all in registration order. Messages
are Chinese (shown on the dashboard) and name the figures; `evidence` holds the raw values and
the positions they came from (`SourceRef.label()`), so a reviewer can open the file.

Money is compared in the report's own unit (`Report.money_unit`); rates are in percent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from etl.outcomes.vocabulary import METRICS as OUTCOME_METRICS
from etl.records import Indicator, Report, SourceRef, StatedFigure
from etl.scoring.profiles import get_profile, load_warning_thresholds


@dataclass
class QualityFlag:
    """One finding about one report (or one of its indicators)."""

    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    evidence: str
    indicator_index: int | None = None


@dataclass(frozen=True)
class CheckThresholds:
    """Every tolerance and band the checks use; provinces differ, so all are configurable."""

    rate_tolerance: float = 0.5  # points; stated rates are often truncated (97.80 vs 97.81)
    figure_tolerance: float = 0.005  # money figures are written with two decimals
    score_tolerance: float = 0.005
    score_sum_tolerance: float = 0.5
    # The bands a monitoring system warns by, and the grades, are the scoring file's
    # (etl/scoring/profiles.toml: [warnings] and the national profile), so a flag and a
    # warning never disagree about where red begins.
    unspent_share: float = field(default_factory=lambda: load_warning_thresholds().unspent_share)
    low_execution_red: float = field(
        default_factory=lambda: load_warning_thresholds().execution_red_below
    )
    low_execution_yellow: float = field(
        default_factory=lambda: load_warning_thresholds().execution_yellow_below
    )
    copy_paste_min_chars: int = 6  # letters (not digits) needed before identity is suspicious
    # Below this score of OCR's (etl/readers/ocr.py) a figure read from a scan is flagged
    # for checking against the paper.
    ocr_confidence: float = 0.80
    # (grade, lowest total for it), best first; some systems used 80/70/60.
    grade_bands: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: get_profile().grade_bands
    )
    lowest_grade: str = field(default_factory=lambda: get_profile().lowest_grade)


DEFAULT_THRESHOLDS = CheckThresholds()

CheckFn = Callable[[Report, CheckThresholds], list[QualityFlag]]
CHECKS: dict[str, CheckFn] = {}

FIELD_LABELS = {
    "budget": "预算数",
    "executed": "执行数",
    "execution_rate": "执行率",
    "project_name": "项目名称",
    "year": "年度",
    "budget_initial": "年初预算数",
    "fiscal_budget": "财政拨款预算数",
    "fiscal_executed": "财政拨款执行数",
    "other_budget": "其他资金预算数",
    "other_executed": "其他资金执行数",
    "execution_rate_stated": "填报执行率",
    "self_score_total": "自评得分",
}
# Required figures and how bad their absence is: without a name or budget the report cannot
# be placed or measured at all; a missing year can usually be recovered from the filing.
REQUIRED_FIGURES = {
    "project_name": "error",
    "budget": "error",
    "executed": "error",
    "year": "warning",
}
# Slack for a rate written from a figure (rounded up, truncated): 84.674 written as 84.68.
RATE_ROUNDING = 0.05
# Cells that mean "nothing written" in deviation-reason columns.
EMPTY_MARKERS = {"", "无", "/", "-", "—", "——", "不适用"}


def check(code: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under its flag code (codes are unique and stable)."""

    def register(fn: CheckFn) -> CheckFn:
        if code in CHECKS:
            raise ValueError(f"duplicate check code {code}")
        CHECKS[code] = fn
        return fn

    return register


def check_report(
    report: Report, thresholds: CheckThresholds = DEFAULT_THRESHOLDS
) -> list[QualityFlag]:
    """Run every registered check on `report`; flags come in registration order."""
    flags: list[QualityFlag] = []
    for fn in CHECKS.values():
        flags.extend(fn(report, thresholds))
    return flags


# --- formatting helpers -------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.2f}"


def _at(source: SourceRef | None) -> str:
    return f" @ {source.label()}" if source is not None else ""


def _position(source: SourceRef | None) -> str:
    return source.label() if source is not None else "位置未知"


def _field_evidence(report: Report, name: str, value: float | str | None) -> str:
    return f"{name}={value}{_at(report.provenance.get(name))}"


def _evidence(report: Report, *names: str) -> str:
    """`name=value @ position` for each report field, as the evidence column shows it."""
    return "; ".join(_field_evidence(report, name, getattr(report, name)) for name in names)


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _indicator_name(indicator: Indicator, index: int) -> str:
    for label in (indicator.level3, indicator.level2, indicator.level1):
        if label and label.strip():
            return label.strip()
    return f"第{index + 1}项指标"


# --- budget execution ---------------------------------------------------------------------


@check("MISSING_FIGURE")
def missing_figures(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """A figure every report must carry is absent."""
    flags = []
    for name, severity in REQUIRED_FIGURES.items():
        value = getattr(report, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            label = FIELD_LABELS[name]
            flags.append(QualityFlag("MISSING_FIGURE", severity, f"缺少{label}", f"{name}=None"))
    return flags


@check("RATE_MISMATCH")
def rate_mismatch(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """Stated execution rate differs from executed ÷ budget by more than the tolerance."""
    stated, computed = report.execution_rate_stated, report.execution_rate
    if stated is None or computed is None or abs(stated - computed) <= t.rate_tolerance:
        return []
    message = (
        f"填报执行率{_num(stated)}%与计算执行率{_num(computed)}%"
        f"（执行数{_num(report.executed)}÷预算数{_num(report.budget)}）不符"
    )
    evidence = _evidence(report, "execution_rate_stated", "executed", "budget")
    return [QualityFlag("RATE_MISMATCH", "error", message, evidence)]


@check("OVER_EXECUTION")
def over_execution(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """More was executed than budgeted."""
    if report.budget is None or report.executed is None:
        return []
    if report.executed - report.budget <= t.figure_tolerance:
        return []
    unit = report.money_unit
    message = f"执行数{_num(report.executed)}{unit}超过预算数{_num(report.budget)}{unit}"
    evidence = _evidence(report, "executed", "budget")
    return [QualityFlag("OVER_EXECUTION", "error", message, evidence)]


@check("UNSPENT_SHARE")
def unspent_share(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """More than `unspent_share` percent of the budget was left unspent."""
    if report.budget is None or report.executed is None or report.budget <= 0:
        return []
    unspent = report.budget - report.executed
    share = unspent / report.budget * 100
    if share <= t.unspent_share:
        return []
    unit = report.money_unit
    message = (
        f"预算{_num(report.budget)}{unit}中有{_num(unspent)}{unit}未执行，"
        f"占{_num(share)}%，超过{_num(t.unspent_share)}%"
    )
    evidence = _evidence(report, "budget", "executed")
    return [QualityFlag("UNSPENT_SHARE", "warning", message, evidence)]


@check("LOW_EXECUTION")
def low_execution(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """Execution rate in the red (< 60) or yellow (60–80) monitoring band."""
    # Prefer the computed rate: the stated one may be truncated or simply wrong.
    rate = report.execution_rate
    basis = "计算"
    if rate is None:
        rate, basis = report.execution_rate_stated, "填报"
    if rate is None or rate >= t.low_execution_yellow:
        return []
    if rate < t.low_execution_red:
        band, severity = f"红色（低于{_num(t.low_execution_red)}%）", "warning"
    else:
        band, severity = f"黄色（低于{_num(t.low_execution_yellow)}%）", "info"
    message = f"预算执行率（{basis}）{_num(rate)}%，处于{band}预警区间"
    evidence = f"execution_rate={rate} ({basis}); " + _evidence(report, "executed", "budget")
    return [QualityFlag("LOW_EXECUTION", severity, message, evidence)]


def _table_value(
    report: Report, figure: StatedFigure, t: CheckThresholds
) -> tuple[float | None, float, str]:
    """The table value a text figure should agree with, and the tolerance to apply."""
    if figure.field in ("budget", "executed"):
        return getattr(report, figure.field), t.figure_tolerance, figure.field
    if figure.field == "execution_rate":
        # Rates are compared loosely: truncation (97.80 vs 97.81) is not a conflict.
        if report.execution_rate_stated is not None:
            return report.execution_rate_stated, t.rate_tolerance, "execution_rate_stated"
        return report.execution_rate, t.rate_tolerance, "execution_rate"
    return None, 0.0, figure.field


def _rate_note(report: Report, figure: StatedFigure) -> str:
    """Say which executed figure the stated rate supports, when that settles the conflict."""
    stated, table_rate = report.execution_rate_stated, report.execution_rate
    if figure.field != "executed" or stated is None or table_rate is None:
        return ""
    text_rate = figure.value / report.budget * 100
    # 423.25 ÷ 499.86 = 84.674 is written 84.68: allow rounding slack, not the 0.5 tolerance.
    if abs(text_rate - stated) <= RATE_ROUNDING < abs(table_rate - stated):
        return (
            f"；填报执行率{_num(stated)}%与文中数字{_num(figure.value)}相符"
            f"（{_num(text_rate)}%），与采用值不符（{_num(table_rate)}%）"
        )
    return ""


@check("CONFLICTING_FIGURE")
def conflicting_figures(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """A figure stated in the text with a different value from the table."""
    # Group by (field, value): the same wrong figure repeated on two lines is one finding.
    groups: dict[tuple[str, float], list[StatedFigure]] = {}
    for figure in report.stated_figures:
        table_value, tolerance, _ = _table_value(report, figure, t)
        if table_value is None or abs(figure.value - table_value) <= tolerance:
            continue
        groups.setdefault((figure.field, round(figure.value, 4)), []).append(figure)
    flags = []
    for (field_name, _), figures in groups.items():
        table_value, _, table_field = _table_value(report, figures[0], t)
        label = FIELD_LABELS.get(field_name, field_name)
        suffix = "%" if field_name == "execution_rate" else report.money_unit
        table_source = report.provenance.get(table_field)
        text_positions = ", ".join(_position(f.source) for f in figures)
        message = (
            f"{label}前后不一：采用值{_num(table_value)}{suffix}（{_position(table_source)}），"
            f"文中另写作{_num(figures[0].value)}{suffix}（{text_positions}）"
            + _rate_note(report, figures[0])
        )
        evidence = f"{table_field}={table_value}{_at(table_source)}; " + "; ".join(
            f"stated {f.field}={f.value}{_at(f.source)} «{f.text.strip()}»" for f in figures
        )
        flags.append(QualityFlag("CONFLICTING_FIGURE", "error", message, evidence))
    return flags


@check("OUTCOME_CONFLICT")
def outcome_conflict(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """One outcome fact stated with two values (万人发明专利拥有量 10.51 and 10.54): both
    are kept as stated, and the difference is flagged rather than resolved."""
    groups: dict[tuple[str, str | None], list] = {}
    for outcome in report.outcomes:
        if outcome.conflict:
            groups.setdefault((outcome.metric, outcome.entity), []).append(outcome)
    flags = []
    for (metric, _), outcomes in groups.items():
        label = OUTCOME_METRICS[metric].label
        values = "、".join(
            f"{_num(o.value)}{o.unit or ''}（{_position(o.source)}）" for o in outcomes
        )
        evidence = "; ".join(f"{metric}={o.value}{_at(o.source)} «{o.sentence}»" for o in outcomes)
        flags.append(
            QualityFlag("OUTCOME_CONFLICT", "warning", f"{label}前后不一：{values}", evidence)
        )
    return flags


# --- scores and grades --------------------------------------------------------------------


@check("SCORE_ABOVE_WEIGHT")
def score_above_weight(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """An indicator (or the budget-execution row) scored more than its 分值."""
    flags = []
    for index, ind in enumerate(report.indicators):
        if ind.score is None or ind.weight is None or ind.score - ind.weight <= t.score_tolerance:
            continue
        name = _indicator_name(ind, index)
        message = f"指标“{name}”得分{_num(ind.score)}超过分值{_num(ind.weight)}"
        evidence = f"score={ind.score}; weight={ind.weight}{_at(ind.source)}"
        flags.append(QualityFlag("SCORE_ABOVE_WEIGHT", "error", message, evidence, index))
    score, weight = report.budget_score, report.budget_weight
    if score is not None and weight is not None and score - weight > t.score_tolerance:
        message = f"预算执行得分{_num(score)}超过分值{_num(weight)}"
        evidence = _evidence(report, "budget_score", "budget_weight")
        flags.append(QualityFlag("SCORE_ABOVE_WEIGHT", "error", message, evidence))
    return flags


@check("SCORE_SUM_MISMATCH")
def score_sum_mismatch(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """Indicator scores plus the budget score do not add up to the stated total."""
    total = report.self_score_total
    scores = [ind.score for ind in report.indicators if ind.score is not None]
    if total is None or not scores:
        return []
    # A weighted row without a score means the table is incomplete, not mis-added.
    if any(ind.weight is not None and ind.score is None for ind in report.indicators):
        return []
    parts = sum(scores) + (report.budget_score or 0.0)
    if abs(parts - total) <= t.score_sum_tolerance:
        return []
    budget_part = f"+预算执行得分{_num(report.budget_score)}" if report.budget_score else ""
    message = (
        f"各指标得分合计{_num(sum(scores))}{budget_part}={_num(parts)}，与总分{_num(total)}不符"
    )
    evidence = f"indicator scores={scores}; budget_score={report.budget_score}; " + _field_evidence(
        report, "self_score_total", total
    )
    return [QualityFlag("SCORE_SUM_MISMATCH", "warning", message, evidence)]


def expected_grade(total: float, t: CheckThresholds) -> str:
    """The grade a total earns under the configured bands."""
    for grade, lowest in t.grade_bands:
        if total >= lowest:
            return grade
    return t.lowest_grade


@check("GRADE_MISMATCH")
def grade_mismatch(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """Stated grade (优/良/中/差) disagrees with the total's band."""
    if report.grade is None or report.self_score_total is None:
        return []
    stated = report.grade.strip()[:1]  # 优秀 → 优, 良好 → 良
    known = {grade for grade, _ in t.grade_bands} | {t.lowest_grade}
    if stated not in known:
        return []  # 合格/不合格 and other systems: nothing to compare against
    expected = expected_grade(report.self_score_total, t)
    if stated == expected:
        return []
    message = (
        f"自评等级“{report.grade}”与总分{_num(report.self_score_total)}不符（应为“{expected}”）"
    )
    evidence = _evidence(report, "grade", "self_score_total")
    return [QualityFlag("GRADE_MISMATCH", "warning", message, evidence)]


@check("MISSING_DEVIATION_REASON")
def missing_deviation_reason(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """An indicator lost points but gives no 偏差原因 (only forms with per-indicator 分值)."""
    flags = []
    for index, ind in enumerate(report.indicators):
        if ind.weight is None or ind.score is None:
            continue
        if ind.weight - ind.score <= t.score_tolerance:
            continue
        if (ind.deviation_reason or "").strip() not in EMPTY_MARKERS:
            continue
        name = _indicator_name(ind, index)
        message = f"指标“{name}”得分{_num(ind.score)}低于分值{_num(ind.weight)}，未说明偏差原因"
        evidence = f"score={ind.score}; weight={ind.weight}; no reason{_at(ind.source)}"
        flags.append(QualityFlag("MISSING_DEVIATION_REASON", "info", message, evidence, index))
    return flags


# --- copy-paste ---------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """NFKC, then keep letters and digits only: whitespace and punctuation do not count."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def is_copy_paste(target: str | None, actual: str | None, t: CheckThresholds) -> bool:
    """True when a qualitative target and its actual are the same text.

    Identical numbers ("100%"/"100%", "2018年12月底前") are a normal outcome, so at least
    `copy_paste_min_chars` non-digit characters are required.
    """
    if not target or not actual:
        return False
    left, right = normalize_text(target), normalize_text(actual)
    letters = re.sub(r"\d", "", left)
    return left == right and len(letters) >= t.copy_paste_min_chars


@check("COPY_PASTE_ACTUAL")
def copy_paste_actual(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """The 实际完成 text repeats the 预期 text word for word (indicators and the overall goal)."""
    flags = []
    if is_copy_paste(report.goal_target, report.goal_actual, t):
        message = f"年度总体目标的实际完成情况与预期目标完全相同：“{_excerpt(report.goal_actual)}”"
        evidence = _field_evidence(report, "goal_actual", repr(report.goal_actual[:80]))
        flags.append(QualityFlag("COPY_PASTE_ACTUAL", "warning", message, evidence))
    for index, ind in enumerate(report.indicators):
        if not is_copy_paste(ind.target, ind.actual, t):
            continue
        name = _indicator_name(ind, index)
        message = f"指标“{name}”的实际完成值与指标值完全相同，疑为照抄：“{_excerpt(ind.actual)}”"
        evidence = f"target == actual ({len(ind.actual)} chars){_at(ind.source)}"
        flags.append(QualityFlag("COPY_PASTE_ACTUAL", "warning", message, evidence, index))
    return flags


# Figures whose reading from a scan matters enough to be checked by a person.
OCR_FIGURES = (
    "budget_initial", "budget", "executed", "fiscal_budget", "fiscal_executed",
    "other_budget", "other_executed", "execution_rate_stated", "self_score_total",
)  # fmt: skip


@check("LOW_OCR_CONFIDENCE")
def low_ocr_confidence(report: Report, t: CheckThresholds) -> list[QualityFlag]:
    """A figure, or an indicator row, read from a scan with a low recognition score."""
    flags = []
    for name in OCR_FIGURES:
        source = report.provenance.get(name)
        value = getattr(report, name)
        if value is None or source is None or not _unsure(source, t):
            continue
        message = f"{FIELD_LABELS[name]}从扫描件识别，可信度{source.confidence:.0%}，请对照原件核对"
        flags.append(QualityFlag("LOW_OCR_CONFIDENCE", "warning", message,
                                 _field_evidence(report, name, value)))  # fmt: skip
    for index, ind in enumerate(report.indicators):
        if ind.source is None or not _unsure(ind.source, t):
            continue
        name = _indicator_name(ind, index)
        message = f"指标“{name}”从扫描件识别，可信度{ind.source.confidence:.0%}，请对照原件核对"
        evidence = f"target={ind.target}; actual={ind.actual}{_at(ind.source)}"
        flags.append(QualityFlag("LOW_OCR_CONFIDENCE", "warning", message, evidence, index))
    return flags


def _unsure(source: SourceRef, t: CheckThresholds) -> bool:
    return source.confidence is not None and source.confidence < t.ocr_confidence


FLAG_CODES: tuple[str, ...] = tuple(CHECKS)
