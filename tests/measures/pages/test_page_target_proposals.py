"""/plans/{slug}/target-proposals/: a department proposes a new target of its own item, the
plan office accepts (applied, recorded, public) or declines with a comment (issue 12 #2)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import IndicatorTarget, TargetChange, TargetProposal

PAGE = "/plans/test-2024-2028/target-proposals/"
PROPOSAL = {
    "key": "1-1",
    "subject": "indicator",
    "position": "1",
    "field": "target",
    "fiscal_year": "2024",
    "value": "90",
    "reason": "窓口の統合で利用者が減る見込みのため",
}


def test_a_department_proposes_and_the_office_accepts(measured: Any, as_user: Any) -> None:
    alice = as_user("alice")
    assert "変更を提案する" in alice.get(f"{PAGE}?node=1-1").content.decode()
    sent = alice.post(PAGE, PROPOSAL)
    assert sent.status_code == 302
    proposal = TargetProposal.objects.get()
    assert (proposal.old_value, proposal.new_value) == ("100", "90")
    html = as_user("carol").get(PAGE).content.decode()
    assert "成果指標「窓口の利用者数」の2024年度（令和6年度）の目標値" in html
    assert "決定する" in html
    decided = as_user("carol").post(
        f"{PAGE}{proposal.pk}/decision/", {"decision": "accept", "comment": ""}
    )
    assert decided.status_code == 302
    target = IndicatorTarget.objects.get(indicator__name="窓口の利用者数", fiscal_year=2024)
    assert target.value == 90
    change = TargetChange.objects.get()
    assert change.reason == PROPOSAL["reason"] and change.proposal_id == proposal.pk
    page = Client().get("/plans/test-2024-2028/nodes/1-1/").content.decode()
    assert "目標値の変更" in page and PROPOSAL["reason"] in page


def test_the_office_declines_only_with_a_comment(measured: Any, as_user: Any) -> None:
    as_user("alice").post(PAGE, PROPOSAL)
    proposal = TargetProposal.objects.get()
    carol = as_user("carol")
    path = f"{PAGE}{proposal.pk}/decision/"
    refused = carol.post(path, {"decision": "decline", "comment": ""})
    assert refused.status_code == 422
    assert "採用しない理由" in refused.content.decode()
    assert (
        carol.post(path, {"decision": "decline", "comment": "中間見直しで扱います"}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.get_state_display() == "不採用"
    assert not TargetChange.objects.exists()


def test_who_may_propose_and_decide(measured: Any, as_user: Any) -> None:
    assert as_user("bob").post(PAGE, PROPOSAL).status_code == 403  # another department's item
    assert as_user("mallory").get(PAGE).status_code == 404
    as_user("alice").post(PAGE, PROPOSAL)
    proposal = TargetProposal.objects.get()
    before = AuditEvent.objects.filter(action="access.refused").count()
    answer = as_user("alice").post(f"{PAGE}{proposal.pk}/decision/", {"decision": "accept"})
    assert answer.status_code == 403
    assert AuditEvent.objects.filter(action="access.refused").count() == before + 1
    proposal.refresh_from_db()
    assert proposal.get_state_display() == "提案中"


def test_bad_input_names_the_field_and_changes_nothing(measured: Any, as_user: Any) -> None:
    answer = as_user("alice").post(PAGE, {**PROPOSAL, "position": "5"})
    assert answer.status_code == 422
    assert "この取組にはその成果指標がありません" in answer.content.decode()
    answer = as_user("alice").post(PAGE, {**PROPOSAL, "value": "百"})
    assert answer.status_code == 422 and "数値を入力してください" in answer.content.decode()
    assert not TargetProposal.objects.exists()


def test_a_post_without_csrf_is_refused(measured: Any, world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["alice"])
    assert client.post(PAGE, PROPOSAL).status_code == 403
    assert not TargetProposal.objects.exists()
