"""Migration measures 0002: numbers stored before the limits (issue 18 #1, #2) — an indicator
target SQLite keeps as 1e16, 12,000 effect rows whose SUM overflows — are brought within them,
recorded in the audit log, and every page reads again. On both databases: the rows are written
with SQL into the columns as they were before the limits (PostgreSQL refuses them after)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from tests.support.every_read import public_urls, server_errors, staff_urls
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.limits import MAX_EFFECT_ROWS, MAX_YEN, VALUE_MAX
from gyokaku.measures.models import (
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorSheet,
    IndicatorTarget,
    PlanTarget,
)
from gyokaku.measures.services import effect_targets_update, effects_update, indicators_update

pytestmark = pytest.mark.django_db(transaction=True)  # migrations cannot run in a test transaction

SLUG = "test-2024-2028"
BEFORE = [("measures", "0001_initial")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.fixture
def latest() -> Iterator[list[tuple[str, str]]]:
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes("measures")
    yield leaves
    migrate(leaves)  # whatever happened, the next test finds the schema it expects


def _measures(world: World) -> None:
    carol = world.actor("carol")
    node = world.node("1-1")
    item = {
        "name": "申請件数",
        "unit": "件",
        "direction": "higher",
        "baseline": {"value": 10, "fy": 2023},
        "final_target": {"value": 200, "fy": 2028},
        "targets": {2024: 100},
        "actuals": {2024: 120},
    }
    indicators_update(node=node, actor=carol, indicators=[item], expected_version=0)
    row = {"kind": "revenue", "target_yen": 1000, "actual_yen": None, "note": ""}
    effects_update(node=node, fiscal_year=2024, actor=carol, effects=[row], expected_version=0)
    target = {"kind": None, "fiscal_year": None, "target_yen": 5000, "label": "5年間"}
    effect_targets_update(plan=world.plan, actor=carol, targets=[target], expected_version=0)


def _store_what_the_limits_now_refuse() -> None:
    year = EffectYear.objects.get()
    with connection.cursor() as cursor:
        # SQLite stores this text as the float 1e16, which Django cannot read back
        cursor.execute("UPDATE measures_indicatortarget SET value = %s", ["9999999999999999.9999"])
        cursor.execute("UPDATE measures_indicator SET baseline_value = %s", ["-1234567890123.4567"])
        cursor.executemany(
            'INSERT INTO measures_fiscaleffect (effect_year_id, "order", kind, target_yen, '
            "actual_yen, note) VALUES (%s, %s, %s, %s, %s, %s)",
            [(year.pk, i, "revenue", 999_999_999_999_999, None, "") for i in range(1, 12_000)],
        )
        cursor.execute("UPDATE measures_plantarget SET target_yen = %s", [10**15])


def test_it_brings_stored_numbers_within_the_limits(
    world: World, latest: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _measures(world)
    versions = (IndicatorSheet.objects.get().version, EffectYear.objects.get().version)
    migrate(BEFORE)
    _store_what_the_limits_now_refuse()
    if connection.vendor == "sqlite":  # what the issue saw: a page summing the targets fails
        # (the public pages sum only published items' targets now, so the staff dashboard shows it)
        staff = Client(raise_request_exception=False)
        staff.force_login(world.users["carol"])
        assert staff.get(f"/plans/{SLUG}/dashboard/?fy=2024").status_code == 500
    migrate(latest)

    assert IndicatorTarget.objects.get().value == VALUE_MAX
    assert Indicator.objects.get().baseline_value == -VALUE_MAX
    effects = FiscalEffect.objects.order_by("order")
    assert effects.count() == MAX_EFFECT_ROWS
    assert effects.first().target_yen == 1000  # type: ignore[union-attr]
    assert max(e.target_yen or 0 for e in effects) == MAX_YEN
    assert PlanTarget.objects.get().target_yen == MAX_YEN
    assert IndicatorSheet.objects.get().version == versions[0] + 1
    assert EffectYear.objects.get().version == versions[1] + 1
    events = AuditEvent.objects.filter(action="measures.repair", actor_label="system:migrate")
    assert sorted(events.values_list("target", flat=True)) == [
        "1-1",
        "1-1/2024",
        "effect-targets",
    ]
    assert "12,000行のうち100行目より後の11,900行を削除しました" in str(
        list(events.values_list("summary", flat=True))
    )
    assert "measures: 3 件の記録を範囲内に直しました" in capsys.readouterr().out

    keys, years = ["1", "1-1"], [2024, 2028]
    assert server_errors(Client(), public_urls(SLUG, keys, years)) == []
    staff = Client()
    staff.force_login(world.users["carol"])
    assert server_errors(staff, staff_urls(SLUG, keys, years)) == []


def test_a_sound_database_is_left_as_it_is(world: World, latest: list[tuple[str, str]]) -> None:
    _measures(world)
    before = list(IndicatorTarget.objects.values_list("value", flat=True))
    migrate(BEFORE)
    migrate(latest)
    assert list(IndicatorTarget.objects.values_list("value", flat=True)) == before == [Decimal(100)]
    assert not AuditEvent.objects.filter(action="measures.repair").exists()
