"""The pure parser: text lines → Report records. No file or database access here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from etl.document import Document
from etl.outcomes import extract_outcomes
from etl.parse.budget import names_money_columns, read_budget
from etl.parse.cells import Cell, join_numbered_lines, to_cells
from etl.parse.fields import (
    complete_unit,
    find_label,
    find_money_unit,
    find_total_score,
    find_year,
    looks_like_unit,
    parse_title,
)
from etl.parse.grid import document_cells, relocate
from etl.parse.indicators import find_header, read_indicators
from etl.parse.narrative import (
    classified_figures,
    implementer_in_prose,
    is_prose,
    project_in_prose,
    stated_figures,
)
from etl.parse.script import Normalised, normalise, restore
from etl.records import ParseNote, Report, SourceRef

_ANCHOR_RE = re.compile(r"(?<![子各])项\s*目\s*名\s*称|^目名称")
_TITLE_RE = re.compile(r"绩效.{0,12}(表|报告)|年\s*度\s*[)）]")
_GOAL_TARGET_RE = re.compile(r"^(年度)?预期目标")
_GOAL_ACTUAL_RE = re.compile(r"^(实际完成(目标|情况)|年度目标完成情况|具体完成情况)$")

__all__ = ["parse_document", "parse_lines", "text_cells"]


def _anchors(cells: Sequence[Cell], tab_layout: bool) -> list[int]:
    """Indices of 项目名称 labels that carry a value: one per report."""
    found = []
    for index, cell in enumerate(cells):
        if _ANCHOR_RE.search(cell.text.replace("\n", "")) and len(cell.text) < 200:
            found_label = find_label(cells, "project_name", tab_layout, index, index + 1)
            if found_label:
                found.append(index)
    return found


def split_reports(cells: Sequence[Cell], tab_layout: bool) -> list[Sequence[Cell]]:
    """One cell range per report; a report starts at its title above 项目名称.

    A page cut out of a longer document can begin with the tail of an earlier form: an
    indicator table before the first report's title. That tail is a report of its own
    (whose name and figures are not on the page), the first range returned.
    """
    anchors = _anchors(cells, tab_layout)
    if not anchors:
        return [cells]
    starts = [_report_start(cells, anchor, 0) for anchor in anchors[:1]]
    for previous, anchor in pairwise(anchors):
        starts.append(_report_start(cells, anchor, previous))
    if starts[0] > 0 and find_header(cells[: starts[0]]) is not None:
        starts.insert(0, 0)
    starts[0] = 0
    if len(starts) == 1:
        return [cells]
    ends = [*starts[1:], len(cells)]
    return [cells[s:e] for s, e in zip(starts, ends, strict=True)]


def orphan_tail(segment: Sequence[Cell], tab_layout: bool) -> bool:
    """Whether a range is the tail of a form whose head is not on the page: it holds an
    indicator table but no 项目名称 before it."""
    header = find_header(segment)
    return header is not None and not _anchors(segment[: header.start], tab_layout)


def _report_start(cells: Sequence[Cell], anchor: int, floor: int) -> int:
    """Where the report of the 项目名称 at `anchor` begins: its title and blank cells above."""
    start = anchor
    for back in range(anchor - 1, max(floor, anchor - 5), -1):
        if cells[back].empty or _TITLE_RE.search(cells[back].text):
            start = back
        else:
            break
    return start


def _goals(cells: Sequence[Cell]) -> tuple[Cell | None, Cell | None]:
    for index, cell in enumerate(cells):
        if not _GOAL_TARGET_RE.match(cell.text):
            continue
        following = [c for c in cells[index + 1 : index + 8] if c.text]
        if following and _GOAL_ACTUAL_RE.match(following[0].text.replace(" ", "")):
            values = [c for c in following[1:3] if not _GOAL_ACTUAL_RE.match(c.text)]
            target = values[0] if values else None
            actual = values[1] if len(values) > 1 else None
            return target, actual
    return None, None


def _department(cells: Sequence[Cell], tab: bool, implementing: str | None) -> str | None:
    """主管部门 (or 预算单位); a bare 单位名称 only when it is not the 实施单位 itself."""
    for key in ("department", "both_units", "unit_fallback"):
        found = find_label(cells, key, tab)
        if found and not (key == "unit_fallback" and found[0] == implementing):
            return found[0]
    return None


def _implementing_unit(cells: Sequence[Cell], tab: bool) -> str | None:
    for key in ("implementing_unit", "both_units"):
        found = find_label(cells, key, tab)
        if found:
            return found[0]
    return None


def _title_cells(cells: Sequence[Cell]) -> list[str]:
    """Short opening cells, and the clauses of opening prose that name the report."""
    texts: list[str] = []
    for cell in cells[:30]:
        if not cell.text:
            continue
        if len(cell.text) < 120:
            texts.append(cell.text)
        elif "绩效" in cell.text:
            texts.extend(re.split(r"[,，。:：;；]", cell.text))
    return texts


def parse_segment(
    cells: Sequence[Cell], layout: str, source: str, document: Sequence[Cell]
) -> Report:
    """One report from its cells; `document` supplies a title/year the segment lacks,
    unless the segment is the tail of a form cut off above (the title is another's)."""
    if orphan_tail(cells, layout == "tab"):
        document = ()
    tab = layout == "tab"
    indicators, header_start, row_builder = read_indicators(cells, layout, source)
    before_table = cells[:header_start] if header_start is not None else cells
    figures = read_budget(before_table)
    if not {"budget", "executed", "fiscal_budget"} & figures.values.keys() and not (
        names_money_columns(before_table)
    ):
        figures = read_budget(cells)  # some forms put the money block after the indicators
    report = Report(indicators=indicators, row_builder=row_builder)
    for name, value in figures.values.items():
        setattr(report, name, value)
        report.provenance[name] = SourceRef(source, line=figures.lines[name])

    # Form labels sit above the indicator table; below it, 项目实施单位满意度 is an indicator.
    name = find_label(before_table, "project_name", tab) or find_label(cells, "project_name", tab)
    report.project_name = name[0] if name else None
    report.implementing_unit = _implementing_unit(before_table, tab)
    report.department = _department(before_table, tab, report.implementing_unit)
    title_unit, title_project = None, None
    for text in _title_cells(cells) + _title_cells(document):
        unit, title_project = parse_title(text)
        title_unit = title_unit or unit
        if title_project:
            break
    title_unit = complete_unit(title_unit, [c.text for c in cells])
    report.project_name = report.project_name or title_project
    # The title names the filing unit: the 主管部门 only when the form does not name that
    # same unit as its 实施单位 (then the 主管部门 cell is simply blank).
    if (
        not report.department
        and looks_like_unit(title_unit)
        and title_unit != report.implementing_unit
    ):
        report.department = title_unit
    report.year = find_year(_title_cells(cells)) or find_year(_title_cells(document))

    report.money_unit = find_money_unit([c.text for c in before_table])
    total, grade, _ = find_total_score(cells)
    report.self_score_total, report.grade = total, grade
    _read_goals_and_prose(report, cells, before_table, source)
    if not figures.values and not indicators:
        _fill_from_narrative(report, before_table, source)
    _fill_from_parts(report)
    _rate_from_indicator(report)
    report.form_kind = _form_kind(cells, report)
    report.layout = layout
    report.notes = [
        ParseNote("UNREAD_FIGURES", c.note, SourceRef(source, line=c.line)) for c in cells if c.note
    ]
    return report


def _read_goals_and_prose(
    report: Report, cells: Sequence[Cell], before_table: Sequence[Cell], source: str
) -> None:
    target_cell, actual_cell = _goals(cells)
    report.goal_target = target_cell.text if target_cell else None
    report.goal_actual = actual_cell.text if actual_cell else None
    prose = [c for c in before_table if c is not target_cell and is_prose(c.text)]
    report.stated_figures = stated_figures(prose, source)
    for figure in report.stated_figures:
        attribute = "execution_rate_stated" if figure.field == "execution_rate" else figure.field
        if getattr(report, attribute) is None:
            setattr(report, attribute, figure.value)
            if figure.source:
                report.provenance[attribute] = figure.source
    paragraphs = [(c.text, SourceRef(source, line=c.line)) for c in prose]
    actual_cells = [
        (f"{ind.level3 or ''}：{ind.actual}", ind.source) for ind in report.indicators if ind.actual
    ]
    report.outcomes = extract_outcomes(paragraphs, actual_cells)


def _fill_from_narrative(report: Report, cells: Sequence[Cell], source: str) -> None:
    """A narrative without a form: the project, the implementer, budget and spending as
    its sentences word them. A project it names in a sentence beats the title's words."""
    prose = [c for c in cells if is_prose(c.text)]
    named = project_in_prose(prose)
    if named and not find_label(cells, "project_name", False):
        report.project_name = named
    report.implementing_unit = report.implementing_unit or implementer_in_prose(prose)
    for figure in classified_figures(prose, source):
        if getattr(report, figure.field) is None:
            setattr(report, figure.field, figure.value)
            if figure.source:
                report.provenance[figure.field] = figure.source


def _fill_from_parts(report: Report) -> None:
    """Blank totals beside a filled 财政拨款 row: the total is the 财政拨款 figure."""
    if report.budget is None and report.fiscal_budget is not None and not report.other_budget:
        report.budget = report.fiscal_budget
    if report.executed is None and report.fiscal_executed is not None and not report.other_executed:
        report.executed = report.fiscal_executed


def _rate_from_indicator(report: Report) -> None:
    """Some forms state the execution rate only as a 预算执行率 indicator's actual."""
    if report.execution_rate_stated is not None:
        return
    for indicator in report.indicators:
        if (indicator.level3 or "").startswith("预算执行率") and indicator.actual:
            found = re.search(r"(\d+(?:\.\d+)?)\s*%", indicator.actual)
            if found:
                report.execution_rate_stated = float(found.group(1))
                return


def _form_kind(cells: Sequence[Cell], report: Report) -> str:
    text = "".join(c.text for c in cells[:200])
    if re.search(r"全年预算数|年初预算数|全年执行数", text):
        return "form2020"
    if "绩效目标完成情况表" in text or "预期指标值" in text:
        return "form2018"
    if report.indicators:
        return "form_other"
    return "narrative"


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _has_substance(report: Report) -> bool:
    """A form states a project (named in Chinese), indicators, or budget and spending;
    a stray figure in a README or a cover page is not a report."""
    named = len(_CJK.findall(report.project_name or "")) >= 2
    both_figures = report.budget is not None and report.executed is not None
    return bool(report.indicators or named or both_figures)


def _parse_cells(cells: Sequence[Cell], layout: str, source: str) -> list[Report]:
    segments = split_reports(cells, layout == "tab")
    reports = [parse_segment(segment, layout, source, cells) for segment in segments]
    return [report for report in reports if _has_substance(report)]


def text_cells(lines: Sequence[str]) -> tuple[str, list[Cell]]:
    """(layout recognised, cells) of a text document, as the parser reads it."""
    return _text_cells(lines, normalise("\n".join(lines)))


def _text_cells(lines: Sequence[str], normalised: Normalised) -> tuple[str, list[Cell]]:
    lines = normalised.text.split("\n") if normalised.changed else list(lines)
    return to_cells(join_numbered_lines(lines))


def parse_lines(lines: Sequence[str], source: str) -> list[Report]:
    """Every report found in the lines of one text document.

    Traditional characters and inline pinyin are read through a simplified copy; the
    values returned are the text as written (etl/parse/script.py).
    """
    normalised = normalise("\n".join(lines))
    layout, cells = _text_cells(lines, normalised)
    reports = _parse_cells(cells, layout, source)
    if normalised.changed:
        for report in reports:
            restore(report, normalised)
    return reports


def parse_document(document: Document) -> list[Report]:
    """Every report found in a reader's document, each figure located in the file."""
    layout, cells, positions = document_cells(document)
    reports = _parse_cells(cells, layout, document.source)
    for report in reports:
        relocate(report, positions)
        if document.tables:
            report.layout = "grid"
    return reports
