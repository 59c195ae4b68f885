"""所管課からの個票の変更提案: a department's editor proposes, the plan office accepts (the 個票
changes and keeps its history) or declines; everyone else is refused; every write audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import ItemSheet, SheetProposal

pytestmark = pytest.mark.django_db

PROPOSE = "/plans/test-2024-2028/nodes/1-1/sheet/propose/"
SHEETS = "/plans/test-2024-2028/sheets/"
NODE = "/plans/test-2024-2028/nodes/1-1/"


def _form(**fields: str) -> dict[str, str]:
    return {"content": "", "goal": "", "reason": "", **fields}


def _propose(client: Client, **fields: str) -> Any:
    return client.post(PROPOSE, _form(**fields))


def test_an_editor_proposes_and_the_plan_office_accepts(world: World, as_user: Any) -> None:
    ItemSheet.objects.create(node=world.node("1-1"), content="窓口の改修", goal="3か所")
    alice = as_user("alice")
    assert "個票の変更を提案する" in alice.get(NODE).content.decode()
    form = alice.get(PROPOSE).content.decode()
    assert "窓口の改修" in form  # the form starts from the 個票 as it is
    answer = _propose(
        alice,
        content="全窓口の改修",
        goal="3か所",
        stage_2026="implement",
        text_2026="全窓口へ展開",
        reason="国の補助が決まったため",
    )
    assert answer.status_code == 302
    proposal = SheetProposal.objects.get()
    assert proposal.state == "proposed" and proposal.proposed_by_label == "alice"
    assert ItemSheet.objects.get(node=world.node("1-1")).content == "窓口の改修"  # not yet
    page = as_user("carol").get(SHEETS).content.decode()
    assert "所管課からの個票の変更提案（1件）" in page
    assert "1-① 書かない窓口の導入" in page and "全窓口の改修" in page
    decided = as_user("carol").post(
        f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "accept", "comment": "了解"}
    )
    assert decided.status_code == 302
    sheet = ItemSheet.objects.get(node=world.node("1-1"))
    assert sheet.content == "全窓口の改修" and sheet.step(2026, {})["text"] == "全窓口へ展開"
    assert list(sheet.history.order_by("history_date").values_list("content", flat=True)) == [
        "窓口の改修",
        "全窓口の改修",
    ]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.comment, proposal.decided_by_label) == (
        "accepted",
        "了解",
        "carol",
    )
    actions = AuditEvent.objects.filter(action__startswith="sheet_proposal.").order_by("pk")
    assert list(actions.values_list("action", "actor_label")) == [
        ("sheet_proposal.submit", "alice"),
        ("sheet_proposal.accept", "carol"),
    ]
    again = as_user("carol").post(
        f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "decline"}
    )
    assert again.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "accepted"  # decided once


def test_a_declined_proposal_changes_nothing(world: World, as_user: Any) -> None:
    _propose(as_user("alice"), content="新しい内容", reason="理由")
    proposal = SheetProposal.objects.get()
    as_user("carol").post(f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "decline"})
    proposal.refresh_from_db()
    assert proposal.state == "declined" and not ItemSheet.objects.exists()


def test_a_proposal_needs_its_reason(world: World, as_user: Any) -> None:
    answer = _propose(as_user("alice"), content="新しい内容")
    assert answer.status_code == 422 and "提案の理由" in answer.content.decode()
    assert not SheetProposal.objects.exists()


@pytest.mark.parametrize("user", ["bob", "carol", "dave", "mallory"])
def test_only_the_items_department_proposes(world: World, as_user: Any, user: str) -> None:
    client = as_user(user)
    assert client.get(PROPOSE).status_code in (403, 404)
    assert _propose(client, content="x", reason="y").status_code in (403, 404)
    assert not SheetProposal.objects.exists()
    assert "個票の変更を提案する" not in client.get(NODE).content.decode()


@pytest.mark.parametrize("user", ["alice", "bob", "dave", "mallory"])
def test_only_the_plan_office_decides(world: World, as_user: Any, user: str) -> None:
    _propose(as_user("alice"), content="新しい内容", reason="理由")
    proposal = SheetProposal.objects.get()
    answer = as_user(user).post(f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "accept"})
    assert answer.status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.state == "proposed" and not ItemSheet.objects.exists()


def test_the_public_sees_no_proposal_link(world: World, client: Client) -> None:
    assert client.get(PROPOSE).status_code == 302  # to the login page
    assert "個票の変更を提案する" not in client.get(NODE).content.decode()


def test_a_proposal_made_before_the_sheet_changed_cannot_be_accepted(
    world: World, as_user: Any
) -> None:
    ItemSheet.objects.create(node=world.node("1-1"), content="窓口の改修")
    _propose(as_user("alice"), content="全窓口の改修", reason="理由")
    proposal = SheetProposal.objects.get()
    sheet = ItemSheet.objects.get(node=world.node("1-1"))
    sheet.content = "計画担当が直した内容"  # a revision or the template, after the proposal
    sheet.save()
    answer = as_user("carol").post(
        f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "accept"}, follow=True
    )
    assert "提案のあとで個票が変わっています" in answer.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "proposed"
    assert ItemSheet.objects.get(node=world.node("1-1")).content == "計画担当が直した内容"


def test_an_empty_proposal_is_refused(world: World, as_user: Any) -> None:
    ItemSheet.objects.create(node=world.node("1-1"), content="窓口の改修")
    answer = _propose(as_user("alice"), reason="なくしたい")
    assert answer.status_code == 422 and "提案する個票が空です" in answer.content.decode()
    assert not SheetProposal.objects.exists()


def test_the_decision_comment_is_kept_in_the_audit_log(world: World, as_user: Any) -> None:
    _propose(as_user("alice"), content="新しい内容", reason="理由")
    proposal = SheetProposal.objects.get()
    as_user("carol").post(
        f"{SHEETS}proposals/{proposal.pk}/decide/", {"decision": "decline", "comment": "時期尚早"}
    )
    event = AuditEvent.objects.get(action="sheet_proposal.decline")
    assert event.changes == {"comment": "時期尚早"}
