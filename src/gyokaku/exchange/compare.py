"""An uploaded RawBook compared with the database: every problem with its place, and the
changes (old → new, only what differs) with the service calls that would make them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gyokaku.accounts.access import Actor
from gyokaku.exchange import values as v
from gyokaku.exchange.columns import (
    EFFECT_HEADERS,
    EFFECT_KINDS,
    EFFECT_REASON_HEADER,
    EFFECTS,
    INDICATOR_HEADERS,
    INDICATORS,
    INFO_HEADERS,
    PROGRESS,
    Column,
    FieldChange,
    ItemChange,
    Op,
    SheetPlan,
    SheetProblem,
    plan_scales,
    progress_columns,
)
from gyokaku.exchange.current import NodeNow, current_rows
from gyokaku.exchange.xlsx_read import RawBook, RawTable
from gyokaku.lib.errors import Hidden
from gyokaku.measures.limits import MAX_EFFECT_ROWS, MAX_NOTE, effect_rows_problem
from gyokaku.measures.target_record import MAX_REASON
from gyokaku.plans.models import Plan
from gyokaku.plans.selectors import plan_for
from gyokaku.tracking.limits import MAX_TEXT


class _Run:
    """The state of one comparison: problems and changes found so far."""

    def __init__(self, book: RawBook, plan: Plan, fiscal_year: int, now: dict[str, NodeNow]):
        self.book, self.plan, self.fiscal_year, self.now = book, plan, fiscal_year, now
        self.problems: list[SheetProblem] = []
        self.items: dict[str, ItemChange] = {}
        self.ops: list[Op] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(SheetProblem(where, message))

    def change(self, row: NodeNow, fc: FieldChange) -> None:
        item = self.items.setdefault(row.key, ItemChange(row.key, f"{row.code} {row.title}", []))
        item.fields.append(fc)

    def version(self, key: str, record: str) -> int | None:
        """The version of ``record`` the file was read from (None, with a problem, if absent)."""
        if self.book.versions is None:
            return None
        found = self.book.versions.get(key)
        if found is None:
            return None
        where, versions = found
        raw = versions.get(record)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw.strip())
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            self.problem(where, f"キー「{key}」のバージョン情報が壊れています")
            return None
        return raw


def compare(book: RawBook, actor: Actor) -> SheetPlan:
    fy = book.fiscal_year if isinstance(book.fiscal_year, int) else 0
    result = SheetPlan(
        plan_slug=book.plan_slug, fiscal_year=fy, problems=list(book.problems), changes=[]
    )
    if not book.tables or book.versions is None:
        return result
    # a workbook has the three sheets; a CSV file has one of them
    result.rows = len((book.tables.get(PROGRESS) or next(iter(book.tables.values()))).rows)
    try:
        plan: Plan | None = plan_for(slug=book.plan_slug)
    except Hidden:
        plan = None
    if plan is None or not actor.is_internal(plan):  # the same answer: do not tell which
        missing = f"計画「{book.plan_slug}」はありません"
        result.problems.append(SheetProblem(book.meta_place, missing))
        return result
    if (
        isinstance(book.fiscal_year, bool)
        or not isinstance(book.fiscal_year, int)
        or (book.fiscal_year not in plan.fiscal_years)
    ):
        result.problems.append(
            SheetProblem(book.meta_place, f"年度「{book.fiscal_year}」はこの計画の期間外です")
        )
        return result
    scales = plan_scales(plan)
    columns = progress_columns(scales, plan.direction_labels, plan.stage_labels)
    now = {r.key: r for r in current_rows(plan, fy, [s.code for s in scales])}
    run = _Run(book, plan, fy, now)
    tables = book.tables
    if PROGRESS in tables and _headers_ok(
        run, tables[PROGRESS], [*INFO_HEADERS, *(c.header for c in columns)]
    ):
        _progress(run, tables[PROGRESS], columns)
    if INDICATORS in tables and _headers_ok(
        run, tables[INDICATORS], INDICATOR_HEADERS, prefix=True
    ):
        _indicators(run, tables[INDICATORS])
    if EFFECTS in tables and _headers_ok(run, tables[EFFECTS], EFFECT_HEADERS):
        _effects(run, tables[EFFECTS])
    result.problems += run.problems
    result.changes = list(run.items.values())
    result.ops = run.ops
    return result


def _headers_ok(run: _Run, table: RawTable, expected: list[str], prefix: bool = False) -> bool:
    for i, header in enumerate(expected):
        found = str(v.cell(table.header, i) or "")
        if found != header and not (prefix and found.startswith(header)):
            run.problem(
                table.place(1, i),
                f"見出しが「{header}」ではありません（「{found}」）。"
                "列を入れ替えず、ダウンロードし直したブックに記入してください",
            )
            return False
    return True


def _known(run: _Run, table: RawTable, number: int, key: str) -> NodeNow | None:
    row = run.now.get(key)
    if row is None:
        run.problem(table.place(number, 0), f"キー「{key}」の取組はこの計画にありません")
        return None
    if run.book.versions is not None and key not in run.book.versions:
        run.problem(
            table.place(number, 0),
            f"キー「{key}」のバージョン情報がありません（ダウンロードした行にだけ記入できます）",
        )
        return None
    return row


def _progress(run: _Run, table: RawTable, columns: list[Column]) -> None:
    seen: set[str] = set()
    first = len(INFO_HEADERS)
    for number, values in table.rows:
        key = v.key_of(v.cell(values, 0))
        if not key:
            run.problem(
                table.place(number, 0), "キーがありません（行を追加しても取組は増えません）"
            )
            continue
        if key in seen:
            run.problem(table.place(number, 0), f"キー「{key}」の行が重複しています")
            continue
        seen.add(key)
        row = _known(run, table, number, key)
        if row is None:
            continue
        data: dict[str, dict[str, Any]] = {"report": {}, "year_plan": {}}
        places: dict[str, dict[str, str]] = {"report": {}, "year_plan": {}}
        for i, column in enumerate(columns):
            raw = v.cell(values, first + i)
            place = table.place(number, first + i)
            if column.choices is not None:
                new, problem = v.choice(raw, column)
            else:
                new, problem = v.text(raw, MAX_TEXT)
            if problem:
                run.problem(place, problem)
                continue
            old = row.values.get(column.field, "")
            if new != old:
                run.change(
                    row,
                    FieldChange(
                        column.field, column.header, column.label_of(old), column.label_of(new)
                    ),
                )
                data[column.record][column.field] = new
                places[column.record][column.field] = place
        _progress_ops(run, table, number, row, columns, data, places)


def _progress_ops(
    run: _Run,
    table: RawTable,
    number: int,
    row: NodeNow,
    columns: list[Column],
    data: dict[str, dict[str, Any]],
    places: dict[str, dict[str, str]],
) -> None:
    report = data["report"]
    if any(name.startswith("ratings.") for name in report):
        ratings = {
            c.field.removeprefix("ratings."): report.pop(c.field, row.values.get(c.field, ""))
            for c in columns
            if c.is_rating
        }
        report["ratings"] = {code: value for code, value in ratings.items() if value}
    if report and not row.has_report:
        run.problem(
            table.place(number, 0),
            f"{run.fiscal_year}年度の進捗調査が開始されていないため、取組状況は記入できません",
        )
        return
    for record in ("year_plan", "report"):
        if data[record]:
            expected = run.version(row.key, record)
            if expected is not None:
                run.ops.append(
                    Op(
                        record,
                        row.key,
                        row.node_id,
                        data[record],
                        expected,
                        table.place(number, 0),
                        places[record],
                    )
                )


def _indicators(run: _Run, table: RawTable) -> None:
    counts: dict[str, int] = {}
    changed: dict[str, tuple[int, dict[int, Decimal | None], dict[str, str]]] = {}
    for number, values in table.rows:
        key = v.key_of(v.cell(values, 0))
        row = _known(run, table, number, key) if key else None
        if row is None:
            if not key:
                run.problem(table.place(number, 0), "キーがありません")
            continue
        index = counts[key] = counts.get(key, -1) + 1
        if index >= len(row.indicators):
            run.problem(
                table.place(number, 0),
                f"「{key}」の指標は {len(row.indicators)} 件です（追加は画面で行います）",
            )
            continue
        indicator = row.indicators[index]
        name = str(v.cell(values, 1) or "")
        if name != indicator.name:
            run.problem(table.place(number, 1), f"指標名が「{indicator.name}」ではありません")
            continue
        new, problem = v.number(v.cell(values, 4))
        if problem:
            run.problem(table.place(number, 4), problem)
        elif not v.same_number(indicator.actual, new):
            run.change(
                row,
                FieldChange(
                    f"indicators[{index}].actual",
                    f"指標「{indicator.name}」の実績",
                    indicator.actual,
                    new,
                ),
            )
            _, edits, places = changed.setdefault(key, (number, {}, {}))
            edits[index] = new
            places[f"indicators[{index}]"] = table.place(number, 4)
    for key, (number, edits, places) in changed.items():
        expected = run.version(key, "indicators")
        if expected is not None:
            run.ops.append(
                Op(
                    "indicators",
                    key,
                    run.now[key].node_id,
                    edits,
                    expected,
                    table.place(number, 0),
                    places,
                )
            )


def _effect_line(run: _Run, table: RawTable, number: int, values: list[Any]) -> dict[str, Any]:
    kinds = {code: label for label, code in EFFECT_KINDS.items()}
    raw_kind, p0 = v.text(v.cell(values, 1), 200, multiline=False)
    raw_kind = raw_kind.strip()
    kind = EFFECT_KINDS.get(raw_kind, raw_kind if raw_kind in kinds else None)
    if p0:
        run.problem(table.place(number, 1), p0)
    elif kind is None:
        run.problem(
            table.place(number, 1),
            f"区分「{raw_kind}」は選択肢にありません: {'、'.join(EFFECT_KINDS)}",
        )
    target, p1 = v.yen(v.cell(values, 2))
    actual, p2 = v.yen(v.cell(values, 3))
    note, p3 = v.text(v.cell(values, 4), MAX_NOTE)
    for column, problem in ((2, p1), (3, p2), (4, p3)):
        if problem:
            run.problem(table.place(number, column), problem)
    return {"kind": kind, "target_yen": target, "actual_yen": actual, "note": note}


def _reason(run: _Run, table: RawTable, number: int, values: list[Any]) -> str:
    """The 目標額の変更理由 cell of a row ("" in a sheet from before the column)."""
    reason_column = len(EFFECT_HEADERS)
    if str(v.cell(table.header, reason_column) or "") != EFFECT_REASON_HEADER:
        return ""
    reason, problem = v.text(v.cell(values, reason_column), MAX_REASON)
    if problem:
        run.problem(table.place(number, reason_column), problem)
    return reason.strip()


def _effects(run: _Run, table: RawTable) -> None:
    lines: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    reasons: dict[str, list[tuple[int, str]]] = {}
    before = len(run.problems)
    for number, values in table.rows:
        effect = values[: len(EFFECT_HEADERS)]
        reason = _reason(run, table, number, values)
        if all(x in (None, "") for x in effect) and not reason:
            continue
        key = v.key_of(v.cell(values, 0))
        if not key:
            run.problem(table.place(number, 0), "キーがありません")
            continue
        if _known(run, table, number, key) is None:
            continue
        reasons.setdefault(key, []).append((number, reason))
        if any(x not in (None, "") for x in effect[1:]):  # not a line with only a reason
            lines.setdefault(key, []).append((number, _effect_line(run, table, number, values)))
    for key, found in lines.items():
        too_many = effect_rows_problem(len(found))
        if too_many:  # named at the first row beyond the limit
            run.problem(table.place(found[MAX_EFFECT_ROWS][0], 0), f"「{key}」の{too_many}")
    if len(run.problems) > before:
        return
    kinds = {code: label for label, code in EFFECT_KINDS.items()}

    def shown(effects: list[dict[str, Any]]) -> str:
        return "\n".join(
            f"{kinds.get(e['kind'], e['kind'])} 目標 {_yen_text(e['target_yen'])} "
            f"実績 {_yen_text(e['actual_yen'])} {e['note']}".rstrip()
            for e in effects
        )

    for key in sorted(
        run.book.versions or {}, key=lambda k: run.now[k].node_id if k in run.now else -1
    ):
        row = run.now.get(key)
        if row is None:
            continue
        new = [line for _, line in lines.get(key, [])]
        if new == row.effects:
            continue
        run.change(
            row,
            FieldChange(
                "effects", f"財政効果（{run.fiscal_year}年度）", shown(row.effects), shown(new)
            ),
        )
        expected = run.version(key, "effects")
        numbers = [n for n, _ in lines.get(key, [])]
        if expected is not None:
            where = table.place(numbers[0], 0) if numbers else f"{EFFECTS}（キー「{key}」）"
            places = {f"effects[{i}]": table.place(n, 0) for i, n in enumerate(numbers)}
            given = reasons.get(key, [])
            if given or numbers:
                places["reason"] = table.place((given or [(numbers[0], "")])[0][0], 5)
            said = "\n".join(dict.fromkeys(r for _, r in given if r))  # each text once
            run.ops.append(Op("effects", key, row.node_id, new, expected, where, places, said))


def _yen_text(value: int | None) -> str:
    return "—" if value is None else f"{value:,}円"
