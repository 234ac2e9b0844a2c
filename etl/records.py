"""Typed records that flow from the parser to the checks and the loader.

Plain dataclasses, no behaviour beyond small conveniences. Money stays in the
unit the document uses (`Report.money_unit`); the loader converts to 万元.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

# The report's money figures, in the document's unit (Report.money_unit).
MONEY_FIELDS = (
    "budget_initial",
    "budget",
    "executed",
    "fiscal_budget",
    "fiscal_executed",
    "other_budget",
    "other_executed",
)


@dataclass(frozen=True)
class SourceRef:
    """Where a value was found: the file and a position inside it.

    Text files use `line` (1-based); office formats use sheet/table/row/col/page.
    """

    file: str
    line: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    sheet: str | None = None
    page: int | None = None
    # For text recognised from a page image (OCR): the lowest score of its characters,
    # 0–1; None for text the file holds as text.
    confidence: float | None = None

    def label(self) -> str:
        """A short human-readable position, e.g. `report.txt:12` or `a.xlsx[表1] R3C2`.

        Only the file's name: its full path is stored beside the label (`source_file`),
        and a label must read the same on every machine.
        """
        parts = [PurePath(self.file).name]
        if self.sheet is not None:
            parts.append(f"[{self.sheet}]")
        if self.page is not None:
            parts.append(f" p.{self.page}")
        if self.table is not None:
            parts.append(f" table {self.table}")
        if self.row is not None:
            parts.append(f" R{self.row}" + (f"C{self.col}" if self.col is not None else ""))
        if self.line is not None:
            parts.append(f":{self.line}")
        return "".join(parts)


@dataclass(frozen=True)
class ParsedValue:
    """An indicator target or actual split into comparator, number and unit.

    `text` is kept verbatim; `qualitative` is true when no number could be read
    (效果明显, 按时完成 …).
    """

    text: str
    comparator: str | None = None  # one of >=, <=, =, >, <
    number: float | None = None
    unit: str | None = None
    qualitative: bool = False
    qualifier: str | None = None  # 近 / 余 / 以上 / 以内 … kept beside the number


@dataclass
class Indicator:
    """One row of the 绩效指标 table."""

    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    target: str | None = None
    actual: str | None = None
    weight: float | None = None
    score: float | None = None
    deviation_reason: str | None = None
    source: SourceRef | None = None


@dataclass
class Outcome:
    """An achieved result a report states: 专利申请量 1389件 (中物院), 培训 1100余人次 …"""

    metric: str  # canonical key, e.g. patent_applications, funds_leveraged
    value: float
    unit: str | None
    sentence: str
    qualifier: str | None = None  # 近 (nearly), 余/以上 (more than)
    entity: str | None = None  # sub-entity the sentence attributes the figure to
    scope: str | None = None  # "year" or "cumulative" where the sentence says
    source: SourceRef | None = None
    rule: str | None = None  # why it was taken: a key of etl.outcomes.vocabulary.RULES
    conflict: bool = False  # the report states this fact with another value too


@dataclass
class StatedFigure:
    """A budget figure stated in running text (goal prose, narrative sections).

    Used to detect one figure stated with two values in one report.
    """

    field: str  # budget / executed / execution_rate
    value: float
    text: str
    source: SourceRef | None = None


@dataclass(frozen=True)
class ParseNote:
    """Something the parser saw in a report but would not read, such as figures fused so
    that no split fits the form; the field stays empty and the note becomes a flag."""

    code: str  # a quality-flag code, e.g. UNREAD_FIGURES
    message: str  # Chinese, as the dashboard shows it
    source: SourceRef | None = None


@dataclass
class Report:
    """One project's self-evaluation, as the document states it."""

    year: int | None = None
    project_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    budget_initial: float | None = None
    budget: float | None = None
    executed: float | None = None
    fiscal_budget: float | None = None
    fiscal_executed: float | None = None
    other_budget: float | None = None
    other_executed: float | None = None
    execution_rate_stated: float | None = None
    budget_weight: float | None = None  # 分值 of the budget-execution row
    budget_score: float | None = None  # 得分 of the budget-execution row
    self_score_total: float | None = None
    grade: str | None = None
    money_unit: str = "万元"
    form_kind: str = "unknown"  # form2018 / form2020 / narrative / other
    # How the text reached the parser (etl/parse/cells.py): grid (an office table), tab,
    # pipe, cells, lines or fused; recorded so the quality page can show which read what.
    layout: str | None = None
    # How the indicator table's rows were rebuilt (etl.parse.indicators.ROW_BUILDERS), None
    # without a table.
    row_builder: str | None = None
    goal_target: str | None = None
    goal_actual: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    stated_figures: list[StatedFigure] = field(default_factory=list)
    provenance: dict[str, SourceRef] = field(default_factory=dict)
    notes: list[ParseNote] = field(default_factory=list)

    @property
    def execution_rate(self) -> float | None:
        """Computed execution rate in percent (executed ÷ budget), two decimals."""
        if self.budget in (None, 0) or self.executed is None:
            return None
        return round(self.executed / self.budget * 100, 2)


@dataclass(frozen=True)
class SourceDamage:
    """Damage to the file itself that a reader worked around (bad bytes, a cut-off end).

    The file is still read; every report from it carries a quality flag with this `code`,
    so nobody takes its figures for complete without knowing.
    """

    code: str  # a quality-flag code, e.g. DAMAGED_TEXT, TRUNCATED_FILE
    message: str  # Chinese, as the dashboard shows it
    place: str  # where in the file, e.g. "byte 1234 (line 56)"


@dataclass
class ParseResult:
    """Everything parsed from one file."""

    source: str
    format: str
    encoding: str | None = None
    reports: list[Report] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    damage: list[SourceDamage] = field(default_factory=list)
