from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import Node, Plan

pytestmark = pytest.mark.django_db


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_bytes(FORMATS.get(name.rsplit(".", 1)[1].replace("yml", "yaml")).dump(data))
    return path


@pytest.mark.parametrize("name", ["plan.json", "plan.yaml", "plan.xlsx"])
def test_it_imports_and_exports_each_format(
    tmp_path: Path, small_plan: dict[str, Any], name: str
) -> None:
    out, _ = _call("import", str(_write(tmp_path, name, small_plan)))
    assert "取組方策 4 件 — 追加 4" in out
    fmt = name.rsplit(".", 1)[1]
    exported = tmp_path / f"out.{fmt}"
    _call("export", "test-2024-2028", "--format", fmt, "-o", str(exported))
    assert FORMATS.get(fmt).load(exported.read_bytes()) == small_plan


def test_a_dry_run_lists_changes_and_writes_nothing(
    tmp_path: Path, small_plan: dict[str, Any]
) -> None:
    out, _ = _call("import", str(_write(tmp_path, "p.json", small_plan)), "--dry-run")
    assert "追加　1-① 書かない窓口の導入" in out and out.strip().endswith("削除 0")
    assert not Plan.objects.exists()


def test_it_reports_every_problem_and_changes_nothing(
    tmp_path: Path, small_plan: dict[str, Any]
) -> None:
    _call("import", str(_write(tmp_path, "p.json", small_plan)))
    small_plan["nodes"][0]["title"] = "変えたはず"
    small_plan["nodes"][1]["level"] = 2
    small_plan["municipality"]["code"] = "12345"
    path = _write(tmp_path, "p.json", small_plan)
    err = io.StringIO()
    with pytest.raises(CommandError, match="何も変更していません"):
        call_command("plan", "import", str(path), stderr=err)
    assert f"{path}: municipality.code: " in err.getvalue()
    assert f"{path}: nodes[1].level: 階層は 1 のはずですが 2 です" in err.getvalue()
    assert Node.objects.get(key="1").title == "DXの推進"


def test_slug_and_municipality_options_override_the_file(
    tmp_path: Path, small_plan: dict[str, Any]
) -> None:
    path = _write(tmp_path, "p.json", small_plan)
    _call(
        "import",
        str(path),
        "--slug",
        "other",
        "--municipality-code",
        "011002",
        "--municipality-name",
        "札幌市",
    )
    plan = Plan.objects.get(slug="other")
    assert plan.municipality.name == "札幌市"


def test_export_of_an_unknown_plan_fails() -> None:
    with pytest.raises(CommandError, match="計画「nope」はありません"):
        _call("export", "nope")


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "gyokaku-plan/1",}', encoding="utf-8")
    env = {**os.environ, "GYOKAKU_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "gyokaku", "plan", "import", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    assert f"{bad}:1:" in done.stderr
    json.dumps(done.stderr)  # printable, no traceback
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("action", [("export", "test-2024-2028"), ("import", "plan.json")])
def test_an_unknown_format_is_refused_naming_the_known_ones(action: tuple[str, str]) -> None:
    with pytest.raises(CommandError) as refused:
        _call(*action, "--format", "docx")
    message = str(refused.value)
    assert "argument --format: invalid choice: 'docx'" in message
    assert (
        message.index("json")
        < message.index("text")
        < message.index("xlsx")
        < message.index("yaml")
    )
