"""Target governance through the API (issue 12 #2): a change by the plan office after adoption
is recorded and public at GET /api/v1/plans/{slug}/target-changes; departments propose
(POST …/target-proposals) and the plan office accepts or declines (…/{id}/decision)."""

from __future__ import annotations

from typing import Any

from tests.support.api_client import PLAN, effect, effects_path, indicator, indicators_path
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import IndicatorTarget, TargetChange, TargetProposal

REASON = "国の制度改正で対象件数が減ったため"


def _define(api: Any) -> None:
    assert api("carol").put(indicators_path(), {"indicators": [indicator()]}, if_match=0).status
    assert api("carol").put(effects_path(), {"effects": [effect()]}, if_match=0).status == 201


def test_it_records_a_change_with_its_reason_and_shows_it_to_the_public(
    world: World, api: Any
) -> None:
    _define(api)
    assert TargetChange.objects.count() == 0  # setting targets where none were is no change
    changed = indicator(targets={"2024": 90, "2025": "120.5"})
    body = {"indicators": [changed], "reason": REASON}
    assert api("carol").put(indicators_path(), body, if_match=1).status == 200
    answer = api(None).get(f"{PLAN}/target-changes")
    assert answer.status == 200
    [row] = answer.body["changes"]
    assert row["key"] == "1-1" and row["field"] == "target" and row["fiscal_year"] == 2024
    assert (row["old_value"], row["new_value"]) == ("100", "90")
    assert (row["old_label"], row["new_label"]) == ("100件", "90件")
    assert row["description"] == "成果指標「オンライン申請件数」の2024年度（令和6年度）の目標値"
    assert row["reason"] == REASON
    event = AuditEvent.objects.filter(action="indicators.update").order_by("id").last()
    assert event is not None and event.changes["reason"] == REASON


def test_an_editor_is_refused_naming_the_field_and_nothing_changes(world: World, api: Any) -> None:
    _define(api)
    body = {"effects": [effect(target_yen=2_000_000)], "reason": REASON}
    answer = api("alice").put(effects_path(), body, if_match=1)
    assert answer.status == 422
    assert (
        "計画担当（行政経営課）だけが変更できます"
        in answer.body["problems"]["effects[0].target_yen"]
    )
    assert not TargetChange.objects.exists()


def test_the_plan_office_must_give_a_reason_after_adoption(world: World, api: Any) -> None:
    _define(api)
    body = {"effects": [effect(target_yen=2_000_000)]}
    answer = api("carol").put(effects_path(), body, if_match=1)
    assert (
        answer.status == 422 and "変更の理由を入力してください" in answer.body["problems"]["reason"]
    )
    assert not TargetChange.objects.exists()
    body["reason"] = REASON
    assert api("carol").put(effects_path(), body, if_match=1).status == 200
    [change] = api(None).get(f"{PLAN}/target-changes").body["changes"]
    assert (change["old_label"], change["new_label"]) == ("1,000千円", "2,000千円")


def test_a_change_names_the_revision_it_is_part_of(world: World, api: Any) -> None:
    """plan_version: the 版 (GET …/versions) a target change belongs to, recorded with it and
    public; a version the plan does not have is a 422 naming the field, and nothing changes."""
    _define(api)
    versions = [v["number"] for v in api(None).get(f"{PLAN}/versions").body]
    body = {"effects": [effect(target_yen=3_000_000)], "reason": REASON, "plan_version": 99}
    answer = api("carol").put(effects_path(), body, if_match=1)
    assert answer.status == 422 and "第99版はありません" in answer.body["problems"]["plan_version"]
    assert not TargetChange.objects.exists()
    body["plan_version"] = versions[-1]
    assert api("carol").put(effects_path(), body, if_match=1).status == 200
    [change] = api(None).get(f"{PLAN}/target-changes").body["changes"]
    assert change["plan_version"] == versions[-1]


def _propose(api: Any, who: str = "alice", key: str = "1-1") -> Any:
    body = {
        "key": key,
        "subject": "indicator",
        "position": 0,
        "field": "target",
        "fiscal_year": 2025,
        "value": "110",
        "reason": "申請の電子化が前倒しになったため",
    }
    return api(who).post(f"{PLAN}/target-proposals", body)


def test_a_department_proposes_and_the_plan_office_accepts(world: World, api: Any) -> None:
    _define(api)
    proposed = _propose(api)
    assert proposed.status == 201, proposed.body
    assert proposed.body["state"] == "proposed" and proposed.body["old_value"] == "120.5"
    pid = proposed.body["id"]
    refused = api("alice").post(f"{PLAN}/target-proposals/{pid}/decision", {"decision": "accept"})
    assert refused.status == 403
    accepted = api("carol").post(
        f"{PLAN}/target-proposals/{pid}/decision", {"decision": "accept", "comment": "了承"}
    )
    assert accepted.status == 200 and accepted.body["state"] == "accepted"
    assert IndicatorTarget.objects.get(fiscal_year=2025).value == 110
    change = TargetChange.objects.get()
    assert change.proposal_id == pid and change.reason == "申請の電子化が前倒しになったため"
    again = api("carol").post(f"{PLAN}/target-proposals/{pid}/decision", {"decision": "decline"})
    assert again.status in (409, 422)


def test_the_plan_office_declines_with_a_comment(world: World, api: Any) -> None:
    _define(api)
    pid = _propose(api).body["id"]
    path = f"{PLAN}/target-proposals/{pid}/decision"
    no_comment = api("carol").post(path, {"decision": "decline"})
    assert no_comment.status == 422 and "comment" in no_comment.body["problems"]
    declined = api("carol").post(path, {"decision": "decline", "comment": "中間見直しで検討します"})
    assert declined.status == 200 and declined.body["state_label"] == "不採用"
    assert IndicatorTarget.objects.get(fiscal_year=2025).value.normalize() == 120.5
    assert not TargetChange.objects.exists()
    listed = api("alice").get(f"{PLAN}/target-proposals").body["proposals"]
    assert [p["comment"] for p in listed] == ["中間見直しで検討します"]


def test_only_the_items_department_proposes(world: World, api: Any) -> None:
    _define(api)
    assert _propose(api, "bob").status == 403  # 市民課 does not own 1-1
    assert _propose(api, "carol").status == 403  # the plan office changes, not proposes
    assert _propose(api, "mallory").status == 404
    assert not TargetProposal.objects.exists()
