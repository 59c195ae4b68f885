"""The 進捗 sheet as CSV, both ways: UTF-8 with BOM (Excel opens it as UTF-8) or CP932.

A CSV cannot hide anything, so the plan, the fiscal year and each row's versions are the last
columns (``_plan``, ``_fiscal_year``, ``_version_report``, ``_version_year_plan``).

Formula injection (OWASP "CSV Injection"): a text that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is written with a leading ``'`` so a spreadsheet shows it as text.
A text that begins with ``'`` gets one too, so reading strips exactly one ``'`` from every text
and a round trip is exact. Numbers (the versions) are written as numbers, never escaped.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from gyokaku.exchange.columns import (
    CSV_EXTRA,
    INFO_HEADERS,
    MAX_ROWS,
    PROGRESS,
    Column,
    SheetProblem,
)
from gyokaku.exchange.current import NodeNow
from gyokaku.exchange.xlsx_read import RawBook, RawTable
from gyokaku.lib.errors import Invalid
from gyokaku.lib.progress import NO_PROGRESS, ProgressSink
from gyokaku.lib.xlsxguard import DEFAULT_LIMITS

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "cp932": "cp932"}


def csv_cell(value: Any) -> str:
    """What a CSV cell holds: numbers as they are, text escaped against formula injection."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_text(raw: str) -> str:
    """The text a CSV cell written by ``csv_cell`` stands for."""
    return raw[1:] if raw.startswith("'") else raw


def csv_bytes(
    *,
    plan_slug: str,
    fiscal_year: int,
    columns: list[Column],
    rows: list[NodeNow],
    encoding: str = "utf-8-sig",
) -> bytes:
    codec = ENCODINGS.get(encoding.lower())
    if codec is None:
        raise Invalid({"encoding": f"文字コード「{encoding}」は使えません（utf-8 か cp932）"})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*INFO_HEADERS, *(c.header for c in columns), *CSV_EXTRA])
    for row in rows:
        shown = [c.label_of(row.values.get(c.field, "")) for c in columns]
        text = [row.key, row.code, row.title, row.departments, row.state, *shown]
        versions = [row.versions["report"], row.versions["year_plan"]]
        writer.writerow([csv_cell(t) for t in text] + [csv_cell(plan_slug), fiscal_year, *versions])
    try:
        return out.getvalue().encode(codec)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise Invalid(
            {"encoding": f"「{bad}」は CP932（Shift_JIS）で表せません。UTF-8 を使ってください"}
        ) from None


def _decode(content: bytes) -> str | None:
    for codec in ("utf-8-sig", "cp932"):
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def read_csv(content: bytes, progress: ProgressSink = NO_PROGRESS) -> RawBook:
    """A RawBook of the 進捗 sheet, its versions and plan taken from the last columns."""
    book = RawBook()
    if len(content) > DEFAULT_LIMITS.max_file_bytes:
        book.problems.append(SheetProblem("ファイル", "ファイルが大きすぎます"))
        return book
    text = _decode(content)
    if text is None:
        book.problems.append(
            SheetProblem("ファイル", "文字コードが分かりません（UTF-8 か CP932 で保存します）")
        )
        return book
    records: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        line = 1
        progress.step("CSV を読んでいます", total=text.count("\n") or None)
        for values in reader:
            progress.advance(line)
            records.append((line, values))
            line = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                too_many = f"行が多すぎます（{MAX_ROWS:,} 行まで）"
                book.problems.append(SheetProblem("ファイル", too_many))
                return book
    except csv.Error as exc:
        book.problems.append(SheetProblem(f"line {line}", f"CSV として読めません（{exc}）"))
        return book
    if not records:
        book.problems.append(SheetProblem("ファイル", "空のファイルです"))
        return book
    header = records[0][1]
    missing = [name for name in CSV_EXTRA if name not in header]
    if missing:
        book.problems.append(
            SheetProblem("line 1", f"列「{'」「'.join(missing)}」がありません（バージョン情報）")
        )
        return book
    at = {name: header.index(name) for name in CSV_EXTRA}
    width = min(at.values())
    table = RawTable(PROGRESS, header[:width], [], csv=True)
    book.versions = {}
    for line, values in records[1:]:
        if not any(x.strip() for x in values):
            continue
        extra = {name: (values[i].strip() if i < len(values) else "") for name, i in at.items()}
        if not book.meta_place:
            book.plan_slug = csv_text(extra["_plan"])
            year = extra["_fiscal_year"]
            book.fiscal_year = int(year) if year.isascii() and year.isdigit() else year
            book.meta_place = f"line {line}, _plan"
        elif csv_text(extra["_plan"]) != book.plan_slug or extra["_fiscal_year"] != str(
            book.fiscal_year
        ):
            book.problems.append(
                SheetProblem(f"line {line}, _plan", "計画と年度は全行で同じでなければなりません")
            )
        cells: list[Any] = [csv_text(x) for x in values[:width]]
        table.rows.append((line, cells))
        key = cells[0].strip() if cells else ""
        if key and key not in book.versions:
            book.versions[key] = (
                f"line {line}, _version_report",
                {
                    "report": extra["_version_report"],
                    "year_plan": extra["_version_year_plan"],
                },
            )
    book.tables[PROGRESS] = table
    return book
