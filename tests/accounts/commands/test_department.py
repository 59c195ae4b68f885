"""gyokaku department add|list|assign."""

from __future__ import annotations

import pytest
from tests.support.commands import gyokaku, refused
from tests.support.world import World

from gyokaku.accounts.models import Department
from gyokaku.audit.models import AuditEvent


def test_it_adds_a_department(world: World) -> None:
    out, _ = gyokaku("department", "add", "zaisei", "財政課", "--municipality", "022012")
    assert "追加しました" in out
    assert Department.objects.get(municipality__code="022012", code="zaisei").name == "財政課"
    event = AuditEvent.objects.get(action="department.create", target="022012/zaisei")
    assert event.actor_label.startswith("cli")


def test_it_renames_and_says_when_nothing_changed(world: World) -> None:
    out, _ = gyokaku("department", "add", "dx", "DX推進課", "--municipality", "022012")
    assert "名称を変更しました" in out
    assert world.dx.__class__.objects.get(pk=world.dx.pk).name == "DX推進課"
    before = AuditEvent.objects.count()
    out, _ = gyokaku("department", "add", "dx", "DX推進課", "--municipality", "022012")
    assert "変更なし" in out
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["財政", "財政課", "--municipality", "022012"], "CODE"),
        (["zaisei", " ", "--municipality", "022012"], "NAME"),
        (["zaisei", "財政課", "--municipality", "000000"], "--municipality"),
        (["zaisei", "財政課"], "--municipality"),  # two municipalities: which one?
    ],
)
def test_it_refuses_bad_input(world: World, args: list[str], names: str) -> None:
    assert names in refused("department", "add", *args)
    assert not Department.objects.filter(code__in=["zaisei", "財政"]).exists()


def test_it_lists_departments_with_counts(world: World) -> None:
    out, _ = gyokaku("department", "list", "--municipality", "022012")
    dx = next(line for line in out.splitlines() if " dx " in line)
    assert "情報政策課" in dx
    assert dx.split()[-2:] == ["2", "1"]  # two items (1-1, 1-2), one member (alice)
    assert "011002" not in out


def test_it_assigns_departments_to_a_node(world: World) -> None:
    out, _ = gyokaku("department", "assign", "test-2024-2028", "1-1", "shimin", "dx")
    assert "市民課" in out and "情報政策課" in out
    node = world.node("1-1")
    assert sorted(node.departments.values_list("code", flat=True)) == ["dx", "shimin"]
    event = AuditEvent.objects.get(action="node.departments", target="1-1")
    assert event.changes == {"departments": [["dx"], ["dx", "shimin"]]}
    assert event.actor_label.startswith("cli")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["nope-2024", "1-1", "dx"], "SLUG"),
        (["test-2024-2028", "9-9", "dx"], "KEY"),
        (["test-2024-2028", "1-1", "dx", "nope"], "nope"),
    ],
)
def test_it_refuses_a_bad_assignment(world: World, args: list[str], names: str) -> None:
    assert names in refused("department", "assign", *args)
    assert list(world.node("1-1").departments.values_list("code", flat=True)) == ["dx"]


def test_it_refuses_another_municipalitys_department(world: World) -> None:
    Department.objects.create(
        municipality=world.other_plan.municipality, code="sapporo-only", name="x"
    )
    assert "sapporo-only" in refused(
        "department", "assign", "test-2024-2028", "1-1", "sapporo-only"
    )


def test_it_groups_departments_into_a_bureau(world: World) -> None:
    out, _ = gyokaku(
        "department", "bureau", "somu", "総務部", "dx", "shimin", "--municipality", "022012"
    )
    assert "部 somu 総務部" in out and "情報政策課" in out and "市民課" in out
    assert {d.bureau.name for d in Department.objects.filter(municipality__code="022012")} == {
        "総務部"
    }
    event = AuditEvent.objects.get(action="bureau.create", target="022012/somu")
    assert event.actor_label.startswith("cli")
    assert event.changes["departments"] == [None, ["dx", "shimin"]]


def test_it_refuses_an_unknown_department_in_a_bureau(world: World) -> None:
    message = refused("department", "bureau", "somu", "総務部", "nope", "--municipality", "022012")
    assert "nope" in message
