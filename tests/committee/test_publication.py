"""Once the plan office publishes a year's opinions (公表), the opinions and their replies
appear with the published reports: on the public node page, in the API (node and reports
list), in open data and in the annual report's 個票. Not before, not a withdrawn one, and not
on an item whose report of that year is not published."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.committee import OPINION_1, OPINION_2, opinion_on, publish_committee

from gyokaku.committee.models import CommitteeReview
from gyokaku.committee.services import opinion_add, opinion_withdraw
from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.opendata.selectors import PublicData
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition
from gyokaku.reports.snapshot import data_snapshots
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

NODE_PAGE = "/plans/test-2024-2028/nodes/{}/"
API = "/api/v1/plans/test-2024-2028"


def _everywhere(world: Any) -> dict[str, str]:
    """What the public reads of the committee, per place, as one text each."""
    client = Client()
    node = client.get(NODE_PAGE.format("1-1")).content.decode()
    api_node = client.get(f"{API}/nodes/1-1").json()["committee_opinions"]
    api_list = [r["committee_opinions"] for r in client.get(f"{API}/progress").json()["items"]]
    rows = PublicData(world.plan).rows("committee_opinions")
    content = report_content(plan=world.plan, fiscal_year=2024, edition=Edition.PUBLIC)
    items = [i for p in content.pillars for i in p.items if i.committee_opinions]
    html = FORMATS["html"].render(content, NO_PROGRESS).decode()
    return {
        "node page": node,
        "api node": str(api_node),
        "api reports": str(api_list),
        "open data": str(rows),
        "report items": str([i.committee_opinions for i in items]),
        "report html": html,
    }


def test_it_shows_nothing_before_publication(world: Any, review: CommitteeReview) -> None:
    for key, writer in (("1-1", "alice"), ("2", "bob")):
        for who, action in ((writer, "submit"), ("carol", "approve"), ("carol", "publish")):
            transition_apply(report=world.report(key), action=action, actor=world.actor(who))
    for place, text in _everywhere(world).items():
        assert OPINION_1 not in text, place


def test_it_shows_the_published_opinions_and_replies_everywhere(
    world: Any, review: CommitteeReview
) -> None:
    gone = opinion_add(
        review=review, node=world.node("1-1"), text="取り下げた意見", actor=world.actor("iin-b")
    )
    opinion_withdraw(opinion=gone, withdrawn=True, actor=world.actor("carol"))
    before = data_snapshots(plan=world.plan, fiscal_years=[2024])[2024].fingerprint
    publish_committee(world, review, keys=("1-1",))  # item 2's report stays unpublished
    assert data_snapshots(plan=world.plan, fiscal_years=[2024])[2024].fingerprint != before
    for place, text in _everywhere(world).items():
        assert OPINION_1 in text and "対応:1-1" in text, place
        assert "青森 一郎" in text, place
        assert OPINION_2 not in text and "取り下げた意見" not in text, place
    rows = PublicData(world.plan).rows("committee_opinions")
    keys = [(r["node_key"], r["fiscal_year"], r["opinion_no"], r["printed_number"]) for r in rows]
    assert keys == [("1-1", 2024, 1, "1-①")]
    assert rows[0]["reply"] == opinion_on(review, "1-1").reply == "対応:1-1"
    assert rows[0]["published_at"]
