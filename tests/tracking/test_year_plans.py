from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Conflict, Hidden, Invalid, Refused, Stale
from gyokaku.tracking.services import round_close, year_plan_update

pytestmark = pytest.mark.django_db


def _save(world: Any, who: str, key: str = "1-1", fy: int = 2025, version: int = 0, **data: Any):  # type: ignore[no-untyped-def]
    return year_plan_update(
        node=world.node(key),
        fiscal_year=fy,
        actor=world.actor(who),
        data=data,
        expected_version=version,
    )


def test_it_creates_then_updates_with_versions(world: Any) -> None:
    created = _save(world, "alice", stage="implement", text="全窓口に拡大")
    assert created.version == 1
    updated = _save(world, "alice", version=1, stage="expand")
    assert (updated.version, updated.stage, updated.text) == (2, "expand", "全窓口に拡大")
    assert AuditEvent.objects.filter(action="yearplan.update").count() == 2
    with pytest.raises(Stale):
        _save(world, "alice", version=1, text="古い版")


@pytest.mark.parametrize(
    ("who", "key", "error"),
    [("alice", "2", Refused), ("dave", "1-1", Refused), ("mallory", "1-1", Hidden)],
)
def test_who_may_not(world: Any, who: str, key: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        _save(world, who, key=key, text="x")


def test_bad_stage_and_year_are_named(world: Any) -> None:
    with pytest.raises(Invalid) as info:
        _save(world, "alice", stage="dream")
    assert "stage" in info.value.problems
    with pytest.raises(Invalid) as info:
        _save(world, "alice", fy=2040, text="x")
    assert "fiscal_year" in info.value.problems


def test_editors_need_an_open_round(world: Any) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    with pytest.raises(Conflict):
        _save(world, "alice", text="x")
    assert _save(world, "carol", text="計画担当は締切後も修正できる").version == 1


def test_year_plans_belong_to_tracked_nodes(world: Any) -> None:
    with pytest.raises(Conflict, match="下位の取組"):
        _save(world, "carol", key="1", text="柱には書かない")
