"""Each sheet as a CSV file, both ways: UTF-8 with BOM (Excel opens it as UTF-8) or CP932.

One file holds one sheet (進捗, 指標 or 財政効果), chosen at download; an upload is recognised by
its header row. A CSV cannot hide anything, so the plan, the fiscal year and the versions of the
records each line was read from are the last columns (``_plan``, ``_fiscal_year``, then
``_version_report`` and ``_version_year_plan``, ``_version_indicators`` or ``_version_effects``).
The 財政効果 file has a line for every item: an item without effects gets one with only its key
(and versions), where a department writes its first line; such a line stands for no effect.

Formula injection (OWASP "CSV Injection"): a text that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is written with a leading ``'`` so a spreadsheet shows it as text.
A text that begins with ``'`` gets one too, so reading strips exactly one ``'`` from every text
and a round trip is exact. Numbers (versions, indicator values, amounts) are written as numbers,
never escaped, so -5 stays a number. On reading, a cell without the ``'`` that looks like a
formula (``=…``, ``+SUM(…``, ``@cmd|…!…``) is a ``Formula``: refused with its place, never
evaluated, exactly as a formula in a workbook.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gyokaku.exchange.columns import (
    CSV_SHEETS,
    EFFECT_HEADERS,
    EFFECT_KINDS,
    EFFECT_REASON_HEADER,
    EFFECTS,
    INDICATORS,
    INFO_HEADERS,
    MAX_ROWS,
    PROGRESS,
    Column,
    CsvSheet,
    SheetProblem,
    csv_sheet,
    indicator_headers,
)
from gyokaku.exchange.current import NodeNow
from gyokaku.exchange.xlsx_read import Formula, RawBook, RawTable
from gyokaku.lib.errors import Invalid
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.lib.xlsxguard import DEFAULT_LIMITS

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp932": "cp932"}
# +SUM(…), -HYPERLINK(…), @IMPORTXML(…): a sign then a function call is a formula to a spreadsheet
_CALL = re.compile(r"[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(")


def csv_cell(value: Any) -> str:
    """What a CSV cell holds: numbers as they are, text escaped against formula injection and
    without the control characters no text may hold (stored before issue 18)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)  # 30, not 3E+1
    if isinstance(value, int | float):
        return str(value)
    text = "" if value is None else strip_controls(str(value))
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_text(raw: str) -> str:
    """The text a CSV cell written by ``csv_cell`` stands for."""
    return raw[1:] if raw.startswith("'") else raw


def formula_like(raw: str) -> bool:
    """Would a spreadsheet take this unescaped cell for a formula? ``=…`` always; ``+``, ``-``
    or ``@`` before a function call or a DDE link (``cmd|' /C calc'!A0``). ``-5``, ``-``
    (an empty choice) and ``- 箇条書き`` stay what they are."""
    start = raw.lstrip("\t\r")
    if start.startswith("="):
        return True
    if not start.startswith(("+", "-", "@")):
        return False
    return bool(_CALL.match(start)) or ("|" in start and "!" in start)


def csv_value(raw: str) -> str | Formula:
    """A cell as read: the text it stands for, or a ``Formula`` the comparison refuses."""
    if raw.startswith("'"):
        return raw[1:]
    return Formula(raw) if formula_like(raw) else raw


# ---- writing ----------------------------------------------------------------------------------


def _progress_lines(
    columns: list[Column], rows: list[NodeNow]
) -> Iterator[tuple[list[Any], NodeNow]]:
    for row in rows:
        shown = [c.label_of(row.values.get(c.field, "")) for c in columns]
        yield [row.key, row.code, row.title, row.departments, row.state, *shown], row


def _indicator_lines(rows: list[NodeNow]) -> Iterator[tuple[list[Any], NodeNow]]:
    for row in rows:
        for ind in row.indicators:
            yield [row.key, ind.name, ind.unit, ind.target, ind.actual], row


def _effect_lines(rows: list[NodeNow]) -> Iterator[tuple[list[Any], NodeNow]]:
    kinds = {code: label for label, code in EFFECT_KINDS.items()}
    for row in rows:
        for e in row.effects:
            kind = kinds.get(e["kind"], e["kind"])
            yield [row.key, kind, e["target_yen"], e["actual_yen"], e["note"], ""], row
        if not row.effects:  # where the item's first line is written; stands for none
            yield [row.key, "", None, None, "", ""], row


def csv_bytes(
    *,
    plan_slug: str,
    fiscal_year: int,
    columns: list[Column],
    rows: list[NodeNow],
    encoding: str = "utf-8-sig",
    sheet: str = PROGRESS,
) -> bytes:
    """The sheet called ``sheet`` (進捗, 指標, 財政効果 or progress, indicators, effects)."""
    codec = ENCODINGS.get(encoding.lower())
    if codec is None:
        raise Invalid({"encoding": f"文字コード「{encoding}」は使えません（utf-8 か cp932）"})
    kind = csv_sheet(sheet)
    if kind is None:
        names = "、".join(f"{s.name}（{s.alias}）" for s in CSV_SHEETS)
        raise Invalid({"sheet": f"シート「{sheet}」はありません: {names}"})
    if kind.name == PROGRESS:
        header = [*INFO_HEADERS, *(c.header for c in columns)]
        lines = _progress_lines(columns, rows)
    elif kind.name == INDICATORS:
        header, lines = indicator_headers(fiscal_year), _indicator_lines(rows)
    else:
        header, lines = [*EFFECT_HEADERS, EFFECT_REASON_HEADER], _effect_lines(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, *kind.extra])
    for cells, row in lines:
        versions = [row.versions[record] for record in kind.records]
        writer.writerow(
            [csv_cell(c) for c in cells] + [csv_cell(plan_slug), fiscal_year, *versions]
        )
    try:
        return out.getvalue().encode(codec)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise Invalid(
            {"encoding": f"「{bad}」は CP932（Shift_JIS）で表せません。UTF-8 を使ってください"}
        ) from None


# ---- reading ----------------------------------------------------------------------------------


def _decode(content: bytes) -> str | None:
    for codec in ("utf-8-sig", "cp932"):
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _records(content: bytes, book: RawBook, progress: ProgressSink) -> list[tuple[int, list[str]]]:
    """The file's lines as (line number, cells); [] with a problem when it cannot be read."""
    if len(content) > DEFAULT_LIMITS.max_file_bytes:
        book.problems.append(SheetProblem("ファイル", "ファイルが大きすぎます"))
        return []
    text = _decode(content)
    if text is None:
        book.problems.append(
            SheetProblem("ファイル", "文字コードが分かりません（UTF-8 か CP932 で保存します）")
        )
        return []
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        progress.step("CSV を読んでいます", total=text.count("\n") or None)
        for values in reader:
            progress.advance(line)
            records.append((line, values))
            line = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                too_many = f"行が多すぎます（{MAX_ROWS:,} 行まで）"
                book.problems.append(SheetProblem("ファイル", too_many))
                return []
    except csv.Error as exc:
        book.problems.append(SheetProblem(f"line {line}", f"CSV として読めません（{exc}）"))
        return []
    if not records:
        book.problems.append(SheetProblem("ファイル", "空のファイルです"))
    return records


def _sheet_of(header: list[str]) -> CsvSheet:
    """Which sheet a header row is: by its version columns, else by its second column."""
    for sheet in CSV_SHEETS[1:]:
        if sheet.extra[-1] in header:
            return sheet
    second = header[1].strip() if len(header) > 1 else ""
    by_column = {INDICATORS: "指標名", EFFECTS: EFFECT_HEADERS[1]}
    return next((s for s in CSV_SHEETS if by_column.get(s.name) == second), CSV_SHEETS[0])


def read_csv(content: bytes, progress: ProgressSink = NO_PROGRESS) -> RawBook:
    """A RawBook of the one sheet the file holds, its versions and plan from the last columns."""
    book = RawBook()
    records = _records(content, book, progress)
    if not records:
        return book
    header = records[0][1]
    sheet = _sheet_of(header)
    missing = [name for name in sheet.extra if name not in header]
    if missing:
        book.problems.append(
            SheetProblem("line 1", f"列「{'」「'.join(missing)}」がありません（バージョン情報）")
        )
        return book
    at = {name: header.index(name) for name in sheet.extra}
    width = min(at.values())
    table = RawTable(sheet.name, header[:width], [], csv=True)
    book.versions = {}
    for line, values in records[1:]:
        if not any(x.strip() for x in values):
            continue
        extra = {name: (values[i].strip() if i < len(values) else "") for name, i in at.items()}
        _meta(book, line, extra)
        cells: list[Any] = [csv_value(x) for x in values[:width]]
        key = cells[0].strip() if cells and isinstance(cells[0], str) else ""
        if key:
            _versions(book, sheet, key, line, extra)
            if sheet.name == EFFECTS and not any(_filled(c) for c in cells[1:]):
                continue  # an item's line without an effect: it only carries the versions
        table.rows.append((line, cells))
    if not book.meta_place:
        book.problems.append(SheetProblem("ファイル", "見出しの行のほかに行がありません"))
        book.versions = None
        return book
    book.tables[sheet.name] = table
    return book


def _filled(cell: Any) -> bool:
    return isinstance(cell, Formula) or bool(str(cell).strip())


def _meta(book: RawBook, line: int, extra: dict[str, str]) -> None:
    """The plan and fiscal year: those of the first line; a line may leave both blank (a line
    someone added), or must repeat them."""
    plan, year = csv_text(extra["_plan"]), extra["_fiscal_year"]
    if not book.meta_place:
        book.plan_slug = plan
        book.fiscal_year = int(year) if year.isascii() and year.isdigit() else year
        book.meta_place = f"line {line}, _plan"
    elif (plan or year) and (plan != book.plan_slug or year != str(book.fiscal_year)):
        book.problems.append(
            SheetProblem(f"line {line}, _plan", "計画と年度は全行で同じでなければなりません")
        )


def _versions(book: RawBook, sheet: CsvSheet, key: str, line: int, extra: dict[str, str]) -> None:
    """The versions of ``key``'s records: those of its first line that has them (a line someone
    added for the key may leave them blank); another line with other versions is a problem."""
    assert book.versions is not None
    raw = {record: extra[f"_version_{record}"] for record in sheet.records}
    if not any(raw.values()):
        return
    place = f"line {line}, _version_{sheet.records[0]}"
    found = book.versions.get(key)
    if found is None:
        book.versions[key] = (place, dict(raw))
    elif found[1] != raw:
        first = found[0].split(",")[0]
        book.problems.append(
            SheetProblem(place, f"キー「{key}」のバージョン情報が同じキーの行（{first}）と違います")
        )
