"""Issue 12, 公表と訂正: reopen → rework → republish of a published report keeps the public view
unchanged until republished — read through the pages, the API, open data and the feed — and
then shows the new text and numbers with a 訂正 entry (date in 和暦, what changed, reason)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.support.public_world import API, PLAN, PUBLISHED_2025, SLUG, effect

from gyokaku.lib.wareki import wareki_date
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.models import Publication
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

REWORKED = "全窓口と出張所に広げましたFIX25"
REASON = "実績額の集計に誤りがありました"
ATOM = "{http://www.w3.org/2005/Atom}"
CHANGED = ["取組実績", "財政効果額（歳出削減）", "成果指標「オンライン申請の件数」の実績値"]


def _rework(world: Any) -> None:
    """The plan office reopens 1-1's FY2025 report; text, effect and indicator are reworked."""
    carol = world.actor("carol")
    report = world.report("1-1", 2025)
    transition_apply(report=report, action="reopen", actor=carol, comment="実績額を確認します")
    report = world.report("1-1", 2025)
    progress_update(
        report=report,
        actor=carol,
        data={"result_text": REWORKED},
        expected_version=report.version,
    )
    node = world.node("1-1")
    effects_update(
        node=node,
        fiscal_year=2025,
        actor=carol,
        effects=[effect("expenditure", 2_000_000, 2_300_000)],
        expected_version=1,
    )
    indicators_update(
        node=node,
        actor=carol,
        expected_version=1,
        indicators=[
            {
                "name": "オンライン申請の件数",
                "unit": "件",
                "direction": "higher",
                "baseline": {"value": None, "fy": None},
                "final_target": {"value": None, "fy": None},
                "targets": {2024: 100, 2025: 150},
                "actuals": {2024: 120, 2025: 135},
            }
        ],
    )


def _republish(world: Any) -> None:
    carol = world.actor("carol")
    report = world.report("1-1", 2025)
    for action in ("submit", "approve"):
        transition_apply(report=report, action=action, actor=carol)
    transition_apply(report=report, action="publish", actor=carol, comment=REASON)


def _public(client: Client) -> dict[str, Any]:
    """What the public reads of 1-1 in FY2025, everywhere it is shown."""
    node = client.get(f"{API}/nodes/1-1").json()

    def table(name: str) -> list[dict[str, Any]]:
        answer = client.get(f"/opendata/{SLUG}/{name}.json")
        assert answer.status_code == 200
        rows = [r for r in json.loads(answer.content) if isinstance(r, dict)]  # else: no rows
        return [r for r in rows if r.get("node_key") in ("1-1", None)]

    progress = [r for r in table("progress") if r["fiscal_year"] == 2025]
    effects = [r for r in table("effects") if r["fiscal_year"] == 2025]
    values = [r for r in table("indicator_values") if r["fiscal_year"] == 2025]
    plan_total = [r for r in table("rollups") if r["fiscal_year"] == 2025 and r["scope"] == "plan"]
    feed = ET.fromstring(client.get(f"/opendata/{SLUG}/feed.atom").content)
    rollup = client.get(f"{API}/rollup?fy=2025").json()
    return {
        "page": client.get(f"{PLAN}nodes/1-1/").content.decode(),
        "api_text": client.get(f"{API}/nodes/1-1/progress/2025").json()["result_text"],
        "api_state": [p["state"] for p in node["progress"] if p["fiscal_year"] == 2025],
        "api_effect": [e["effects"] for e in node["effects"] if e["fiscal_year"] == 2025],
        "api_indicator": node["indicators"],
        "api_corrections": node["corrections"],
        "api_published_at": node["published_at"],
        "rollup": rollup,
        "od_text": [r["result_text"] for r in progress],
        "od_effects": [r["actual_yen"] for r in effects],
        "od_values": [r["actual_value"] for r in values],
        "od_total": [r["cumulative_actual_yen"] for r in plan_total],
        "od_corrections": table("corrections"),
        "feed": [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")],
    }


def test_the_public_reads_the_last_publication_until_published_again(
    published: Any, client: Client
) -> None:
    before = _public(client)
    assert before["od_text"] == [PUBLISHED_2025] and before["od_effects"] == [2_500_000]
    assert before["od_values"] == [140] and before["od_corrections"] == []
    _rework(published)
    during = _public(client)
    for name, value in before.items():
        if name != "page":
            assert during[name] == value, name
    assert PUBLISHED_2025 in during["page"] and REWORKED not in during["page"]
    assert during["api_state"] == ["published"] and "2,300" not in during["page"]


def test_republishing_shows_the_new_text_with_a_correction(published: Any, client: Client) -> None:
    _rework(published)
    _republish(published)
    after = _public(client)
    assert after["api_text"] == REWORKED and after["od_text"] == [REWORKED]
    assert after["od_effects"] == [2_300_000] and after["od_values"] == [135]
    assert REWORKED in after["page"] and PUBLISHED_2025 not in after["page"]
    corrected = Publication.objects.get(report=published.report("1-1", 2025), number=2)
    day = wareki_date(timezone.localtime(corrected.published_at).date())
    # the item's page: a 訂正 entry with its 和暦 date, what changed and why
    assert "訂正した箇所" in after["page"] and day in after["page"] and REASON in after["page"]
    assert "、".join(CHANGED) in after["page"]
    [entry] = after["api_corrections"]
    assert (entry["fiscal_year"], entry["number"], entry["changes"], entry["reason"]) == (
        2025,
        2,
        CHANGED,
        REASON,
    )
    assert entry["date_label"] == day and after["api_published_at"]
    [row] = after["od_corrections"]
    assert (row["node_key"], row["fiscal_year"], row["changes"], row["reason"]) == (
        "1-1",
        2025,
        "、".join(CHANGED),
        REASON,
    )
    assert any("訂正しました" in (title or "") for title in after["feed"])
    assert len(after["feed"]) == len(_public(client)["feed"])  # one entry per publication


def test_a_first_publication_is_no_correction(published: Any, client: Client) -> None:
    node = client.get(f"{API}/nodes/1-1").json()
    assert node["corrections"] == [] and node["published_at"]
    assert "更新日" in client.get(f"{PLAN}nodes/1-1/").content.decode()
    assert "訂正した箇所" not in client.get(f"{PLAN}nodes/1-1/").content.decode()
