"""public.formats: CSV (UTF-8 with BOM, CRLF, formula injection escaped), JSON and XLSX written
from the same table definitions, holding the same values."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.opendata.conftest import Published
from tests.support.api_client import set_state

from gyokaku.exchange.csv_io import csv_text
from gyokaku.lib.formats import UnknownFormat
from gyokaku.measures.models import FiscalEffect
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.package import Bundle
from gyokaku.opendata.tables import TABLES, Table
from gyokaku.plans.models import Node
from gyokaku.tracking.models import ProgressReport, State

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com","x")'


@pytest.fixture
def tricky(published: Published) -> Bundle:
    """Texts a spreadsheet would run as formulas, and a negative amount."""
    Node.objects.filter(plan=published.plan, key="1-1").update(title=FORMULA)
    ProgressReport.objects.filter(node__key="1-1", node__plan=published.plan).update(
        result_text="@SUM(A1)", issues_text="-1+1"
    )
    FiscalEffect.objects.filter(effect_year__node__key="1-1").update(actual_yen=-5000)
    # published as they are now (the public reads the publication)
    set_state(published.world.report("1-1"), State.PUBLISHED)
    return Bundle(published.plan)


def _csv(bundle: Bundle, table: str) -> list[list[str]]:
    content = bundle.content(table, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    text = content[3:].decode("utf-8")
    assert text.count("\r\n") == text.count("\n") and text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_is_utf8_with_bom_and_crlf_and_escapes_formulas(tricky: Bundle) -> None:
    nodes = _csv(tricky, "nodes")
    assert nodes[0] == TABLES["nodes"].names
    titles = {row[2]: row[nodes[0].index("title")] for row in nodes[1:]}
    assert titles["1-1"] == "'" + FORMULA
    progress = _csv(tricky, "progress")
    row = dict(zip(progress[0], progress[1], strict=True))
    assert row["result_text"] == "'@SUM(A1)" and row["issues_text"] == "'-1+1"
    effects = _csv(tricky, "effects")
    amounts = [dict(zip(effects[0], r, strict=True))["actual_yen"] for r in effects[1:]]
    assert "-5000" in amounts  # a number, never escaped


def test_xlsx_keeps_texts_as_strings_and_numbers_as_numbers(tricky: Bundle) -> None:
    book = load_workbook(io.BytesIO(tricky.content("nodes", "xlsx")))
    assert book.sheetnames == ["nodes", "説明"]
    sheet = book["nodes"]
    header = [c.value for c in sheet[1]]
    assert header == TABLES["nodes"].names
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "1-1")
    title = row[header.index("title")]
    assert title.value == FORMULA and title.data_type == "s"
    assert row[header.index("depth")].data_type == "n"
    about = "\n".join(str(c.value) for r in book["説明"].iter_rows() for c in r if c.value)
    assert "CC BY 4.0" in about and "出典：青森市" in about and "地方公共団体コード" in about
    effects = load_workbook(io.BytesIO(tricky.content("effects", "xlsx")))["effects"]
    assert -5000 in [c.value for r in effects.iter_rows(min_row=2) for c in r]


def test_json_has_typed_values_and_nulls(tricky: Bundle) -> None:
    rows = json.loads(tricky.content("indicator_values", "json"))
    first = next(r for r in rows if r["node_key"] == "1-1" and r["fiscal_year"] == 2024)
    assert first["actual_value"] == 120 and first["achievement_rate"] == 1.4
    assert first["achieved"] is True and first["actual_note"] == ""
    hidden = next(r for r in rows if r["node_key"] == "1-2")
    assert hidden["actual_value"] is None and hidden["achieved"] is None
    assert json.loads(tricky.content("nodes", "json"))[1]["title"] == FORMULA


def _norm(column_type: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column_type in ("integer", "number"):
        return format(Decimal(str(value)).normalize(), "f")
    if column_type == "boolean":
        return "TRUE" if value in (True, "TRUE") else "FALSE"
    return str(value)


def _read_all(bundle: Bundle, table: Table) -> dict[str, list[list[str]]]:
    types = [c.type for c in table.columns]
    as_csv = [[csv_text(v) for v in row] for row in _csv(bundle, table.name)[1:]]
    # a table with no rows is its header alone ([["municipality_code", …]])
    read_json = json.loads(bundle.content(table.name, "json"))
    as_json = [list(r.values()) for r in read_json if isinstance(r, dict)]
    sheet = load_workbook(io.BytesIO(bundle.content(table.name, "xlsx")))[table.name]
    as_xlsx = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    return {
        name: [[_norm(t, v) for t, v in zip(types, row, strict=True)] for row in rows]
        for name, rows in (("csv", as_csv), ("json", as_json), ("xlsx", as_xlsx))
    }


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_three_formats_hold_the_same_values(tricky: Bundle, table: str) -> None:
    read = _read_all(tricky, TABLES[table])
    assert read["csv"] == read["json"] == read["xlsx"]
    assert len(read["csv"]) == len(tricky.rows(table))


def test_the_registry_holds_the_three_open_data_formats() -> None:
    assert [(f.code, f.label, f.media_type, f.suffix) for f in FORMATS.values()] == [
        ("csv", "CSV", "text/csv; charset=utf-8", ".csv"),
        ("json", "JSON", "application/json", ".json"),
        (
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
    ]
    assert [f.resource["format"] for f in FORMATS.values()] == ["csv", "json", "xlsx"]
    with pytest.raises(UnknownFormat, match=r"choose from csv, json, xlsx$"):
        FORMATS.get("ods")


def test_the_same_data_is_the_same_xlsx_bytes_at_any_time(
    published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No time of saving in the file: a download can be compared and cached (ETag)."""
    import datetime as dt
    import time

    first = Bundle(published.plan).content("effects", "xlsx")
    real_localtime = time.localtime
    later = time.time() + 86400 * 400
    monkeypatch.setattr(time, "localtime", lambda secs=None: real_localtime(later))
    assert Bundle(published.plan).content("effects", "xlsx") == first
    book = load_workbook(io.BytesIO(first))
    assert book.properties.modified == dt.datetime(1980, 1, 1)
