"""The 個票 template: one sheet 「個票」 with one row per item, that a city fills in for all items
at once (docs/item-sheets.md).

Row 1 names the plan, row 2 holds the headings, items start on row 3. Columns: キー, 番号 (as
printed), 取組名, 取組内容, 現状と課題, 目標, then two per fiscal year of the plan (工程, 内容),
then 見込まれる効果 (財政効果, その他の効果). The key is what is read back; number and name are
there for people and are not read. The same sheet is part of the plan file's workbook.

Reading checks every cell and reports each problem as ``個票!G5``; nothing is returned until the
whole sheet is right.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from gyokaku.lib.text import strip_controls
from gyokaku.lib.wareki import wareki_fy
from gyokaku.lib.xlsxcells import saved_bytes
from gyokaku.lib.xlsxguard import UnsafeWorkbook, check_xlsx
from gyokaku.plans.models import DEFAULT_STAGES, Plan
from gyokaku.plans.planfile import MAX_NODES, PlanFileError, Problem, SheetIn

SHEET = "個票"
HELP_SHEET = "記入方法"
HEADING_ROW, FIRST_ROW = 2, 3
# (field, heading) before and after the per-year columns.
HEAD_FIELDS = [("content", "取組内容"), ("situation", "現状と課題"), ("goal", "目標")]
TAIL_FIELDS = [
    ("effect_fiscal", "見込まれる効果（財政効果）"),
    ("effect_other", "見込まれる効果（その他の効果）"),
]
ID_HEADINGS = ["キー", "番号", "取組名"]


@dataclass(frozen=True)
class TemplateRow:
    key: str
    number: str  # as printed: 2-(1)-01-⑤
    title: str
    sheet: dict[str, Any] | None  # planfile.SheetIn's shape, or None for a blank row


@dataclass(frozen=True)
class SheetTemplate:
    title: str
    years: tuple[int, ...]
    rows: tuple[TemplateRow, ...] = ()
    keys: frozenset[str] = field(default_factory=frozenset)  # the keys a filled sheet may use
    stages: tuple[tuple[str, str], ...] = DEFAULT_STAGES  # the plan's 工程 (code, label)

    @classmethod
    def for_plan(
        cls, plan: Plan, *, keys: Iterable[str] = (), rows: Iterable[TemplateRow] = ()
    ) -> SheetTemplate:
        return cls(
            title=plan.title,
            years=tuple(plan.fiscal_years),
            rows=tuple(rows),
            keys=frozenset(keys),
            stages=tuple(plan.stage_labels.items()),
        )

    @property
    def stage_names(self) -> list[str]:
        """The labels a 工程 cell may hold, in order."""
        return [label for _, label in self.stages]

    def stage_code(self, label: str) -> str | None:
        """The code of a 工程 label, None if it is not one of the plan's."""
        return next((code for code, name in self.stages if name == label), None)

    def headings(self) -> list[str]:
        out = [*ID_HEADINGS, *(h for _, h in HEAD_FIELDS)]
        for fy in self.years:
            out += [f"{wareki_fy(fy)} 工程", f"{wareki_fy(fy)} 内容"]
        return out + [h for _, h in TAIL_FIELDS]


# ---- writing --------------------------------------------------------------------------------


def template_bytes(template: SheetTemplate) -> bytes:
    """The template as an XLSX file: the plan's items, with what their 個票 say already."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = SHEET
    write_sheet(ws, template)
    _write_help(book.create_sheet(HELP_SHEET), template)
    return saved_bytes(book)


def sheet_rows(template: SheetTemplate) -> list[list[str]]:
    """The sheet's rows as text: the title, the headings, one row per item."""
    title = f"{template.title}　個票（1 行 1 取組。3 行目から記入）"
    return [[title], template.headings(), *(_row_values(r, template) for r in template.rows)]


def write_sheet(ws: Worksheet, template: SheetTemplate) -> None:
    for row_no, values in enumerate(sheet_rows(template), start=1):
        for column, value in enumerate(values, start=1):
            _put(ws, row_no, column, value, bold=row_no < FIRST_ROW)
    for column in range(1, len(template.headings()) + 1):
        width = 12 if column <= 2 else (30 if column == 3 else 40)
        if _is_stage_column(column, template):
            width = 10
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"D{FIRST_ROW}"
    last = FIRST_ROW + max(len(template.rows), 1) - 1
    names = template.stage_names
    stages = DataValidation(
        type="list",
        formula1='"' + ",".join(n.replace('"', '""') for n in names) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="工程",
        error=f"{'・'.join(names)} から選んでください",
    )
    ws.add_data_validation(stages)
    for i in range(len(template.years)):
        letter = get_column_letter(len(ID_HEADINGS) + len(HEAD_FIELDS) + 2 * i + 1)
        stages.add(f"{letter}{FIRST_ROW}:{letter}{last}")


def _is_stage_column(column: int, template: SheetTemplate) -> bool:
    first = len(ID_HEADINGS) + len(HEAD_FIELDS) + 1
    offset = column - first
    return 0 <= offset < 2 * len(template.years) and offset % 2 == 0


def _row_values(row: TemplateRow, template: SheetTemplate) -> list[str]:
    sheet = row.sheet or {}
    out = [row.key, row.number, row.title, *(sheet.get(name, "") for name, _ in HEAD_FIELDS)]
    steps = {s["fiscal_year"]: s for s in sheet.get("schedule", [])}
    for fy in template.years:
        step = steps.get(fy, {})
        stage = step.get("stage", "")
        out += [dict(template.stages).get(stage, stage) if stage else "", step.get("text", "")]
    return out + [sheet.get(name, "") for name, _ in TAIL_FIELDS]


def _put(ws: Worksheet, row: int, column: int, value: str, *, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = strip_controls(value)
    cell.data_type = "s"  # never a formula, whatever the first character
    cell.number_format = "@"
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)


def _write_help(ws: Worksheet, template: SheetTemplate) -> None:
    lines = [
        "個票テンプレートの記入方法",
        "・シート「個票」の 3 行目から、1 行に 1 つの取組を記入します。A 列のキーで取組を照合します"
        "（キーは変えないでください。番号と取組名は確認用で、読み込みません）。",
        "・記入しない取組の行は、空欄のまま残すか削除してください。行を削除した取組の個票は変わりません。"
        "キーだけを残して他を空欄にした行は、その取組の個票を消します。",
        f"・工程は {'・'.join(template.stage_names)} から選びます（空欄可）。"
        "内容は自由に記入できます。",
        f"・1 つのセルは {SHEET_TEXT_LIMIT:,} 文字まで。数式は計算せず、文字として扱います。",
        "・取り込みは全部か無しかです。誤りが 1 つでもあれば何も変更せず、"
        "シート名とセル（個票!G5）で場所を示します。",
        f"・計画: {template.title}",
    ]
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate(lines, start=1):
        _put(ws, i, 1, line, bold=i == 1)


# ---- reading --------------------------------------------------------------------------------

SHEET_TEXT_LIMIT = 4000  # planfile.SHEET_TEXT_MAX, said here for people


def open_workbook(content: bytes, *, name: str) -> Any:
    """An uploaded workbook (a plan file or a 個票 template), read-only, after the size and
    ratio checks of lib/xlsxguard; ``PlanFileError`` naming ``name`` if it is unsafe or not a
    workbook. The caller closes it."""
    try:
        check_xlsx(content)
    except UnsafeWorkbook as exc:
        raise PlanFileError([Problem(name, str(exc))]) from None
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise PlanFileError([Problem(name, f"Excel ブックとして読めません（{exc}）")]) from None


def read_template(content: bytes, *, name: str, template: SheetTemplate) -> dict[str, SheetIn]:
    """The 個票 in an uploaded template, by key; ``PlanFileError`` with every problem else."""
    book = open_workbook(content, name=name)
    try:
        if SHEET not in book.sheetnames:
            raise PlanFileError([Problem(name, f"シート「{SHEET}」がありません")])
        sheets, problems = read_rows(book[SHEET], template)
    finally:
        book.close()
    if problems:
        raise PlanFileError(problems)
    return sheets


def read_rows(ws: Any, template: SheetTemplate) -> tuple[dict[str, SheetIn], list[Problem]]:
    """Every filled row of the sheet ``ws`` (a read-only worksheet), checked cell by cell."""
    problems: list[Problem] = []
    headings = template.headings()
    rows = ws.iter_rows(min_row=HEADING_ROW, max_col=len(headings), values_only=True)
    found = [_text(v).strip() for v in next(rows, ())]
    for column, heading in enumerate(headings, start=1):
        have = found[column - 1] if column <= len(found) else ""
        if have != heading:
            where = f"{SHEET}!{get_column_letter(column)}{HEADING_ROW}"
            problems.append(Problem(where, f"見出しは「{heading}」のはずですが「{have}」です"))
    if problems:
        return {}, problems
    sheets: dict[str, SheetIn] = {}
    for row_no, row in enumerate(rows, start=FIRST_ROW):
        cells = [_text(v) for v in row] + [""] * (len(headings) - len(row))
        if not any(c.strip() for c in cells):
            continue
        if len(sheets) >= MAX_NODES:
            too_many = f"行が多すぎます（上限 {MAX_NODES:,} 行）"
            problems.append(Problem(f"{SHEET}!A{row_no}", too_many))
            break
        key = cells[0].strip()
        if key not in template.keys:
            shown = f"キー「{key}」はこの計画にありません" if key else "キーが空です"
            problems.append(Problem(f"{SHEET}!A{row_no}", shown))
            continue
        if key in sheets:
            problems.append(Problem(f"{SHEET}!A{row_no}", f"キー「{key}」が重複しています"))
            continue
        sheet = _row_sheet(cells, row_no, template, problems)
        if sheet is not None:
            sheets[key] = sheet
    return sheets, problems


def _row_sheet(
    cells: list[str], row_no: int, template: SheetTemplate, problems: list[Problem]
) -> SheetIn | None:
    column_of: dict[tuple[str | int, ...], int] = {}
    data: dict[str, Any] = {}
    column = len(ID_HEADINGS) + 1
    for name, _ in HEAD_FIELDS:
        data[name], column_of[(name,)] = cells[column - 1], column
        column += 1
    schedule: list[dict[str, Any]] = []
    bad_stage = False
    for fy in template.years:
        label, text = cells[column - 1].strip(), cells[column]
        stage = template.stage_code(label) if label else ""
        if stage is None:
            where = f"{SHEET}!{get_column_letter(column)}{row_no}"
            names = "・".join(template.stage_names)
            problems.append(Problem(where, f"工程「{label}」は選べません（{names}）"))
            bad_stage = True
        if label or text.strip():
            column_of[("schedule", len(schedule), "text")] = column + 1
            schedule.append({"fiscal_year": fy, "stage": stage or "", "text": text})
        column += 2
    data["schedule"] = schedule
    for name, _ in TAIL_FIELDS:
        data[name], column_of[(name,)] = cells[column - 1], column
        column += 1
    try:
        sheet = SheetIn.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where_column = column_of.get(tuple(err["loc"]), column_of.get(tuple(err["loc"])[:1], 1))
            where = f"{SHEET}!{get_column_letter(where_column)}{row_no}"
            problems.append(Problem(where, _message(err)))
        return None
    return None if bad_stage else sheet


def _message(err: Any) -> str:
    if err["type"] == "string_too_long":
        return f"長すぎます（{SHEET_TEXT_LIMIT:,} 文字まで）"
    return str(err["msg"]).removeprefix("Value error, ")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
