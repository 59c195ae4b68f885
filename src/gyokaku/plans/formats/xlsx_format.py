"""The plan as a workbook: sheet 計画 (plan fields), 階層 (levels) and 取組方策 (one row per node,
in tree order, with its key and level). Parents follow from the keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from gyokaku.lib.xlsxcells import row_cells, saved_bytes
from gyokaku.plans.formats.base import PlanFormat
from gyokaku.plans.models import DEFAULT_STAGES
from gyokaku.plans.planfile import FORMAT as PLAN_FILE_FORMAT
from gyokaku.plans.planfile import PlanFileError, Problem, iter_nodes
from gyokaku.plans.sheet_template import SHEET as ITEM_SHEET
from gyokaku.plans.sheet_template import (
    SheetTemplate,
    TemplateRow,
    open_workbook,
    read_rows,
    sheet_rows,
)

PLAN_SHEET, LEVEL_SHEET, NODE_SHEET = "計画", "階層", "取組方策"
DEPARTMENT_SHEET, SCALE_SHEET = "所管課", "評価区分"
# (field path, label): the first column is what we read back; the label is for people.
PLAN_FIELDS = [
    ("format", "形式"),
    ("municipality.code", "地方公共団体コード"),
    ("municipality.name", "自治体名"),
    ("slug", "スラッグ"),
    ("title", "計画名"),
    ("period.start_fy", "開始年度"),
    ("period.end_fy", "終了年度"),
    ("parent_plan", "上位計画"),
    ("lead", "前文"),
    ("background", "策定の趣旨・背景"),
]
# 計画ごとの設定, rows after the plan's own on the 計画 sheet: written only when the plan file
# has them (a plan on the defaults has none), read back into ``settings``.
# settings.directions and settings.stages are each one cell of 「コード=表示」 lines, in order.
SETTINGS_FIELDS = [
    ("settings.office_name", "行革担当課の名称"),
    ("settings.directions", "今後の方向性（コード=表示、1 行に 1 つ）"),
    ("settings.stages", "工程（コード=表示、1 行に 1 つ）"),
]
CODED_SETTINGS = ("settings.directions", "settings.stages")
LEVEL_HEADER = ["depth", "name", "description", "numbering"]
LEVEL_LABELS = ["深さ", "階層名", "説明", "番号の例"]
NODE_HEADER = ["key", "level", "level_name", "code", "title", "description", "departments"]
NODE_LABELS = ["キー", "階層", "階層名", "番号", "名称", "説明", "所管課コード（カンマ区切り）"]
# The item's life (改定): blank for an item tracked over the whole period.
LIFE_HEADER = ["first_fy", "ended_fy", "end_kind", "merged_into", "end_note"]
LIFE_LABELS = ["開始年度", "終了年度", "終了の区分（廃止・統合・完了）", "統合先キー", "終了の理由"]
END_LABELS = {"abolished": "廃止", "merged": "統合", "completed": "完了"}
SCALE_HEADER = ["scale_code", "scale_name", "code", "label", "description", "on_track", "not_rated"]
SCALE_LABELS = ["評価区分コード", "評価区分", "値コード", "表示", "説明", "順調", "評価対象外"]
DEPARTMENT_HEADER = ["code", "name"]
DEPARTMENT_LABELS = ["所管課コード", "名称"]


def dump(data: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    plan_ws = wb.create_sheet(PLAN_SHEET)
    plan_ws.append(row_cells(plan_ws, ["field", "項目", "値"], bold=True))
    for path, label in PLAN_FIELDS:
        plan_ws.append(row_cells(plan_ws, [path, label, _get(data, path)]))
    for path, label in SETTINGS_FIELDS:
        value = _get(data, path)
        if path in CODED_SETTINGS and value is not None:
            value = "\n".join(f"{d['code']}={d['label']}" for d in value)
        if value is not None:
            plan_ws.append(row_cells(plan_ws, [path, label, value]))
    level_ws = wb.create_sheet(LEVEL_SHEET)
    level_ws.append(row_cells(level_ws, LEVEL_HEADER, bold=True))
    level_ws.append(row_cells(level_ws, LEVEL_LABELS))
    names = {}
    for level in data["levels"]:
        names[level["depth"]] = level["name"]
        level_ws.append(row_cells(level_ws, [level[k] for k in LEVEL_HEADER]))
    node_ws = wb.create_sheet(NODE_SHEET)
    for i, width in enumerate([14, 6, 10, 8, 50, 80], start=1):
        node_ws.column_dimensions[get_column_letter(i)].width = width
    node_ws.freeze_panes = "A3"
    node_ws.append(row_cells(node_ws, NODE_HEADER + LIFE_HEADER, bold=True))
    node_ws.append(row_cells(node_ws, NODE_LABELS + LIFE_LABELS))
    for node in iter_nodes(data["nodes"]):
        row = [node["key"], node["level"], names.get(node["level"], ""), node["code"]]
        row += [node["title"], node["description"], ",".join(node.get("departments", []))]
        row += [node.get("first_fy"), node.get("ended_fy")]
        row += [END_LABELS.get(node.get("end_kind") or "", node.get("end_kind"))]
        row += [node.get("merged_into"), node.get("end_note")]
        node_ws.append(row_cells(node_ws, row))
    _dump_sheets(wb, data)
    if data.get("rating_scales") is not None:
        scale_ws = wb.create_sheet(SCALE_SHEET)
        scale_ws.append(row_cells(scale_ws, SCALE_HEADER, bold=True))
        scale_ws.append(row_cells(scale_ws, SCALE_LABELS))
        for scale in data["rating_scales"]:
            for value in scale["values"]:
                row = [scale["code"], scale["name"], value["code"], value["label"]]
                row += [value["description"], value["on_track"], value["not_rated"]]
                scale_ws.append(row_cells(scale_ws, row))
    if data.get("departments") is not None:
        dept_ws = wb.create_sheet(DEPARTMENT_SHEET)
        dept_ws.append(row_cells(dept_ws, DEPARTMENT_HEADER, bold=True))
        dept_ws.append(row_cells(dept_ws, DEPARTMENT_LABELS))
        for department in data["departments"]:
            dept_ws.append(row_cells(dept_ws, [department["code"], department["name"]]))
    return saved_bytes(wb)


def _dump_sheets(wb: Any, data: dict[str, Any]) -> None:
    """個票: the template's sheet, with the items that have one (none: no sheet at all)."""
    rows = [
        TemplateRow(key=n["key"], number="", title=n["title"], sheet=n["sheet"])
        for n in iter_nodes(data["nodes"])
        if n.get("sheet") is not None
    ]
    if not rows:
        return
    period = data["period"]
    years = tuple(range(period["start_fy"], period["end_fy"] + 1))
    template = SheetTemplate(
        title=data["title"], years=years, rows=tuple(rows), stages=_file_stages(data)
    )
    ws = wb.create_sheet(ITEM_SHEET)
    for values in sheet_rows(template):
        ws.append(row_cells(ws, list(values)))


def _file_stages(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The 工程 the file's 個票 sheet names: its own settings.stages, else the default."""
    stages = (data.get("settings") or {}).get("stages")
    if not stages:
        return DEFAULT_STAGES
    return tuple((str(d["code"]), str(d["label"])) for d in stages)


def _load_sheets(ws: Any, data: dict[str, Any], problems: list[Problem]) -> None:
    period = data["period"]
    if period["start_fy"] is None or period["end_fy"] is None or problems:
        return  # the plan's own problems first: the sheet's columns follow from its period
    nodes = {n["key"]: n for n in iter_nodes(data["nodes"])}
    years = tuple(range(period["start_fy"], period["end_fy"] + 1))
    template = SheetTemplate(
        title=data["title"], years=years, keys=frozenset(nodes), stages=_file_stages(data)
    )
    sheets, sheet_problems = read_rows(ws, template)
    problems.extend(sheet_problems)
    for key, sheet in sheets.items():
        nodes[key]["sheet"] = sheet.model_dump(mode="json")


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def load(
    content: bytes, *, name: str = "<file>", warn: Callable[[str], None] | None = None
) -> dict[str, Any]:
    wb = open_workbook(content, name=name)
    try:
        problems: list[Problem] = []
        for sheet in (PLAN_SHEET, LEVEL_SHEET, NODE_SHEET):
            if sheet not in wb.sheetnames:
                problems.append(Problem(name, f"シート「{sheet}」がありません"))
        if problems:
            raise PlanFileError(problems)
        data = _read_plan(wb[PLAN_SHEET], problems)
        if DEPARTMENT_SHEET in wb.sheetnames:
            data["departments"] = _read_departments(wb[DEPARTMENT_SHEET])
        if SCALE_SHEET in wb.sheetnames:
            data["rating_scales"] = _read_scales(wb[SCALE_SHEET], problems)
        data["levels"] = _read_levels(wb[LEVEL_SHEET], problems)
        data["nodes"] = _read_nodes(wb[NODE_SHEET], problems, "departments" in data)
        if ITEM_SHEET in wb.sheetnames:
            _load_sheets(wb[ITEM_SHEET], data, problems)
    finally:
        wb.close()
    if problems:
        raise PlanFileError(problems)
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Any, where: str, problems: list[Problem]) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or not number.is_integer():
        problems.append(Problem(where, f"整数を入力してください（「{value}」）"))
        return None
    return int(number)


def _read_plan(ws: Any, problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for row_no, row in enumerate(ws.iter_rows(min_row=2, max_col=3, values_only=True), start=2):
        field = _text(row[0]).strip() if row else ""
        if field:
            values[field] = row[2] if len(row) > 2 else None
            rows[field] = row_no
    known = {path for path, _ in [*PLAN_FIELDS, *SETTINGS_FIELDS]}
    for field in values.keys() - known:
        problems.append(Problem(f"{PLAN_SHEET}!A", f"項目「{field}」は計画ファイルにありません"))
    row_of = {path: i + 2 for i, (path, _) in enumerate(PLAN_FIELDS)}

    def year(path: str) -> int | None:
        return _int(values.get(path), f"{PLAN_SHEET}!C{row_of[path]}", problems)

    settings: dict[str, Any] = {
        path.removeprefix("settings."): _text(values[path]).strip()
        for path, _ in SETTINGS_FIELDS
        if _text(values.get(path)).strip()
    }
    for path in CODED_SETTINGS:
        name = path.removeprefix("settings.")
        if name in settings:
            where = f"{PLAN_SHEET}!C{rows.get(path, 0)}"
            settings[name] = _coded(settings[name], where, problems)
    return {
        **({"settings": settings} if settings else {}),
        "format": _text(values.get("format")) or PLAN_FILE_FORMAT,
        "municipality": {
            "code": _text(values.get("municipality.code")) or None,
            "name": _text(values.get("municipality.name")) or None,
        },
        "slug": _text(values.get("slug")) or None,
        "title": _text(values.get("title")),
        "period": {"start_fy": year("period.start_fy"), "end_fy": year("period.end_fy")},
        "parent_plan": _text(values.get("parent_plan")) or None,
        "lead": _text(values.get("lead")),
        "background": _text(values.get("background")),
    }


def _coded(text: str, where: str, problems: list[Problem]) -> list[dict[str, str]]:
    """「コード=表示」 lines → [{code, label}] (the plan file's checks then apply)."""
    out = []
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, label = (part.strip() for part in line.partition("="))
        if not sep:
            problems.append(Problem(where, f"{no} 行目を「コード=表示」の形で書いてください"))
            continue
        out.append({"code": code, "label": label})
    return out


def _read_levels(ws: Any, problems: list[Problem]) -> list[dict[str, Any]]:
    levels = []
    for row_no, row in enumerate(ws.iter_rows(min_row=3, max_col=4, values_only=True), start=3):
        cells = [*row, None, None, None, None][:4]
        if all(c in (None, "") for c in cells):
            continue
        depth = _int(cells[0], f"{LEVEL_SHEET}!A{row_no}", problems)
        levels.append(
            {
                "depth": depth,
                "name": _text(cells[1]),
                "description": _text(cells[2]),
                "numbering": _text(cells[3]),
            }
        )
    return levels


def _bool(value: Any, where: str, problems: list[Problem]) -> bool:
    if value in (None, "", False, 0) or str(value).strip().lower() in ("false", "0", "いいえ"):
        return False
    if value in (True, 1) or str(value).strip().lower() in ("true", "1", "はい", "○"):
        return True
    problems.append(Problem(where, f"TRUE か FALSE を入力してください（「{value}」）"))
    return False


def _read_scales(ws: Any, problems: list[Problem]) -> list[dict[str, Any]]:
    scales: dict[str, dict[str, Any]] = {}
    for row_no, row in enumerate(ws.iter_rows(min_row=3, max_col=7, values_only=True), start=3):
        cells = [*row, None, None, None, None, None, None, None][:7]
        if all(c in (None, "") for c in cells):
            continue
        code = _text(cells[0]).strip()
        scale = scales.setdefault(code, {"code": code, "name": _text(cells[1]), "values": []})
        scale["values"].append(
            {
                "code": _text(cells[2]).strip(),
                "label": _text(cells[3]),
                "description": _text(cells[4]),
                "on_track": _bool(cells[5], f"{SCALE_SHEET}!F{row_no}", problems),
                "not_rated": _bool(cells[6], f"{SCALE_SHEET}!G{row_no}", problems),
            }
        )
    return list(scales.values())


def _read_departments(ws: Any) -> list[dict[str, Any]]:
    out = []
    for row in ws.iter_rows(min_row=3, max_col=2, values_only=True):
        cells = [*row, None, None][:2]
        if any(c not in (None, "") for c in cells):
            out.append({"code": _text(cells[0]).strip(), "name": _text(cells[1]).strip()})
    return out


def _read_life(cells: list[Any], row_no: int, problems: list[Problem]) -> dict[str, Any]:
    """開始年度…終了の理由 (columns H–L); blank cells say nothing."""
    first = _int(cells[0], f"{NODE_SHEET}!H{row_no}", problems)
    ended = _int(cells[1], f"{NODE_SHEET}!I{row_no}", problems)
    kind, into, note = (_text(c).strip() for c in cells[2:5])
    life: dict[str, Any] = {"first_fy": first, "ended_fy": ended}
    life |= {"end_kind": kind or None, "merged_into": into or None, "end_note": note}
    return {k: v for k, v in life.items() if v not in (None, "")}


def _read_nodes(ws: Any, problems: list[Problem], with_departments: bool) -> list[dict[str, Any]]:
    roots: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    width = len(NODE_HEADER) + len(LIFE_HEADER)
    for row_no, row in enumerate(ws.iter_rows(min_row=3, max_col=width, values_only=True), 3):
        cells = [*row, *([None] * width)][:width]
        if all(c in (None, "") for c in cells):
            continue
        key = _text(cells[0]).strip()
        level = _int(cells[1], f"{NODE_SHEET}!B{row_no}", problems)
        node: dict[str, Any] = {
            "key": key,
            "code": _text(cells[3]).strip(),
            "level": level,
            "title": _text(cells[4]),
            "description": _text(cells[5]),
        }
        if with_departments:
            node["departments"] = [c for c in re.split(r"[,、\s]+", _text(cells[6])) if c]
        node |= _read_life(cells[len(NODE_HEADER) :], row_no, problems)
        node["children"] = []
        if not key:
            problems.append(Problem(f"{NODE_SHEET}!A{row_no}", "キーが空です"))
            continue
        if key in by_key:
            problems.append(Problem(f"{NODE_SHEET}!A{row_no}", f"キー「{key}」が重複しています"))
            continue
        for column, field in (("D", "code"), ("E", "title")):
            if not node[field]:
                problems.append(Problem(f"{NODE_SHEET}!{column}{row_no}", "空にできません"))
        parent_key, sep, _ = key.rpartition("-")
        if not sep:
            roots.append(node)
        elif parent_key in by_key:
            by_key[parent_key]["children"].append(node)
        else:
            problems.append(
                Problem(f"{NODE_SHEET}!A{row_no}", f"親「{parent_key}」がこの行より前にありません")
            )
            continue
        by_key[key] = node
    return roots


FORMAT = PlanFormat(
    code="xlsx",
    label="Excel",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    suffix=".xlsx",
    dump=dump,
    load=load,
)
