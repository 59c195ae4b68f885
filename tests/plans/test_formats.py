from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from gyokaku.lib.formats import UnknownFormat
from gyokaku.plans.formats import FORMATS, PlanFormat, format_for_path
from gyokaku.plans.planfile import PlanFileError


@pytest.mark.parametrize("name", ["json", "yaml", "xlsx"])
def test_it_round_trips_every_structured_format(name: str, small_plan: dict[str, Any]) -> None:
    fmt = FORMATS.get(name)
    assert fmt.load(fmt.dump(small_plan), name=f"plan.{name}") == small_plan


def test_it_picks_the_format_from_the_file_name() -> None:
    assert [format_for_path(p) for p in ["a.json", "b.YML", "c.xlsx", "d.txt", "e"]] == [
        "json",
        "yaml",
        "xlsx",
        "text",
        "text",
    ]
    assert set(FORMATS) == {"json", "yaml", "xlsx", "text"}


def test_the_registry_holds_the_four_plan_formats() -> None:
    assert [(f.code, f.media_type, f.suffix) for f in FORMATS.values()] == [
        ("json", "application/json", ".json"),
        ("yaml", "application/yaml", ".yaml"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ("text", "text/plain; charset=utf-8", ".txt"),
    ]
    assert all(isinstance(f, PlanFormat) for f in FORMATS.values())


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(
        UnknownFormat, match=r"^unknown format 'docx'; choose from json, yaml, xlsx, text$"
    ):
        FORMATS.get("docx")


def test_xlsx_text_never_becomes_a_formula(small_plan: dict[str, Any]) -> None:
    content = FORMATS.get("xlsx").dump(small_plan)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["取組方策"]
    cells = [
        c for row in ws.iter_rows() for c in row if c.value == "=1+1 を名称にしても式にならない"
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    codes = [row[3].value for row in ws.iter_rows(min_row=3)]
    assert codes[:2] == ["1", "①"] and all(isinstance(c, str) for c in codes)


def _edited_workbook(small_plan: dict[str, Any], edit: Any) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(FORMATS.get("xlsx").dump(small_plan)))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_problems_name_their_cell(small_plan: dict[str, Any]) -> None:
    def edit(wb: Any) -> None:
        ws = wb["取組方策"]
        ws["B4"] = "二"
        ws["E5"] = None
        ws["A6"] = "9-9"

    with pytest.raises(PlanFileError) as info:
        FORMATS.get("xlsx").load(_edited_workbook(small_plan, edit), name="plan.xlsx")
    assert [str(p) for p in info.value.problems] == [
        "取組方策!B4: 整数を入力してください（「二」）",
        "取組方策!E5: 空にできません",
        "取組方策!A6: 親「9」がこの行より前にありません",
    ]


def test_xlsx_refuses_a_workbook_without_our_sheets() -> None:
    wb = openpyxl.Workbook()
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(PlanFileError, match="シート「計画」がありません"):
        FORMATS.get("xlsx").load(out.getvalue(), name="x.xlsx")


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("json", b'{"format": \n  "x",,}', "plan.json:2:"),
        ("yaml", b"format: [unclosed\nnodes: 1\n", "plan.yaml:"),
        ("json", b"\xff\xfe bad", "plan.json"),
        ("json", b"[1, 2]", "plan.json"),
    ],
)
def test_it_says_where_a_file_is_broken(name: str, content: bytes, where: str) -> None:
    with pytest.raises(PlanFileError) as info:
        FORMATS.get(name).load(content, name=f"plan.{name}")
    assert info.value.problems[0].where.startswith(where)


def test_json_refuses_absurd_nesting() -> None:
    with pytest.raises(PlanFileError):
        FORMATS.get("json").load(b"[" * 100_000 + b"]" * 100_000, name="deep.json")


def test_yaml_aliases_are_refused_before_anything_is_built() -> None:
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(PlanFileError) as info:
        FORMATS.get("yaml").load(bomb, name="bomb.yaml")
    assert info.value.problems[0].where == "bomb.yaml:2:8"  # the first *a
    assert "別名" in info.value.problems[0].message
