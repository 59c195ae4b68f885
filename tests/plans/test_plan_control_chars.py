"""Plan files (JSON, YAML, XLSX) and outline text refuse control characters, naming the JSON
path or the FILE:LINE, and nothing is imported (issue 18)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gyokaku.plans.models import Plan
from gyokaku.plans.outline import OutlineError, parse_outline
from gyokaku.plans.planfile import PlanFileError, validate_plan_data

HEAD = "青森市行財政改革プラン\n\n計画期間：2024年度から2028年度まで\n\n"


def _problems(data: Any) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(data)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (("title",), "title"),
        (("parent_plan",), "parent_plan"),
        (("background",), "background"),
        (("municipality", "name"), "municipality.name"),
        (("levels", 0, "name"), "levels[0].name"),
        (("levels", 0, "description"), "levels[0].description"),
        (("departments", 0, "name"), "departments[0].name"),
        (("nodes", 0, "title"), "nodes[0].title"),
        (("nodes", 0, "children", 1, "description"), "nodes[0].children[1].description"),
        (("nodes", 0, "code"), "nodes[0].code"),
    ],
)
@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x7f", "\x9f", "\ud800", "\uffff"])
def test_a_plan_file_names_the_path_of_a_control_character(
    small_plan: dict[str, Any], path: tuple[Any, ...], where: str, char: str
) -> None:
    small_plan.setdefault("departments", [{"code": "dx", "name": "情報政策課"}])
    target = small_plan
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = f"{target.get(path[-1]) or 'あ'}{char}"  # type: ignore[attr-defined]
    [problem] = _problems(small_plan)
    assert problem.startswith(f"{where}: 使えない文字"), problem
    assert "U+D800–U+DFFF" in problem or f"U+{ord(char):04X}" in problem


def test_titles_refuse_newlines_and_descriptions_keep_them(small_plan: dict[str, Any]) -> None:
    small_plan["nodes"][0]["description"] = "一行目\n二行目\tタブ"
    small_plan["background"] = "背景\r\n続き"
    assert validate_plan_data(small_plan).nodes[0].description == "一行目\n二行目\tタブ"
    small_plan["nodes"][0]["title"] = "柱の\n名称"
    assert _problems(small_plan) == [
        "nodes[0].title: 改行 U+000A は使えません（3 文字目）。1 行で入力してください"
    ]


@pytest.mark.django_db
def test_plan_import_refuses_a_json_file_naming_the_path(
    tmp_path: Path, small_plan: dict[str, Any]
) -> None:
    small_plan["nodes"][1]["title"] = "市民の声\u000b"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(small_plan), encoding="utf-8")  # written as "\u000b"
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も変更していません"):
        call_command("plan", "import", str(path), stderr=err)
    assert f"{path}: nodes[1].title: 使えない文字（制御文字 U+000B）" in err.getvalue()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\x85"])
def test_outline_text_names_the_line(char: str) -> None:
    text = HEAD + "1 柱\n① 一つ目\n② 二" + char + "つ目\n"
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    errors = [d.format("plan.txt") for d in caught.value.diagnostics if d.severity == "error"]
    assert errors == [
        f"plan.txt:7: 使えない文字（{'NUL' if char == chr(0) else '制御文字'} "
        f"U+{ord(char):04X}）が含まれています（4 文字目）"
    ]


def test_outline_text_keeps_form_feeds_as_page_breaks() -> None:
    result = parse_outline(HEAD + "1 柱\n① 一つ目\n\f\n② 二つ目\n")
    assert [n["title"] for n in result.plan["nodes"][0]["children"]] == ["一つ目", "二つ目"]
