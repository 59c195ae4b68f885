"""The public 「目標値の変更」 table (issue 12 #2) on the node page and the plan page: old → new
as people read it (千円, △), the 和暦 date and the reason, once the plan office has changed an
adopted target; nothing when no target was changed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from tests.support.public_world import PLAN

from gyokaku.lib.wareki import wareki_date
from gyokaku.measures.models import EffectYear
from gyokaku.measures.services import effects_update

ITEM = f"{PLAN}nodes/1-1/"
REASON = "施設の統合が1年遅れたため"


def _change(world: Any) -> None:
    year = EffectYear.objects.get(node=world.node("1-1"), fiscal_year=2024)
    effects = [
        {"kind": e.kind, "target_yen": e.target_yen, "actual_yen": e.actual_yen, "note": e.note}
        for e in year.effects.order_by("order")
    ]
    effects[0]["target_yen"] = -500_000
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=world.actor("carol"),
        effects=effects,
        expected_version=year.version,
        reason=REASON,
    )


def test_it_shows_no_table_before_any_change(published: Any, client: Any) -> None:
    assert "目標値の変更" not in client.get(ITEM).content.decode()
    assert "目標値の変更" not in client.get(PLAN).content.decode()


def test_it_shows_the_change_on_the_item_and_the_plan_page(
    published: Any, world: Any, client: Any
) -> None:
    _change(world)
    today = wareki_date(timezone.localdate())
    for path in (ITEM, PLAN):
        html = client.get(path).content.decode()
        assert 'id="table-target-changes"' in html, path
        table = html[html.index('id="table-target-changes"') :]
        assert "財政効果（歳出削減）の2024年度（令和6年度）の目標額" in table
        assert "1,000千円" in table and "△500千円" in table
        assert today in table and REASON in table
    assert "計画全体" not in client.get(ITEM).content.decode()
