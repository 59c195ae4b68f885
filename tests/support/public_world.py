"""The public site on the named world of tests/support/world.py, with two published years.

``published`` writes, through the real services, what the public may and may not see:

- 1-1 (情報政策課): FY2024 and FY2025 published, with year plans, ratings, a direction, fiscal
  effects and an indicator — its rating, direction and stage change from 2024 to 2025;
- 1-2: FY2024 a draft whose every text carries DRAFT_MARKER (as does its year plan), with an
  effect actual and an indicator actual that nobody outside may see yet;
- 2 (市民課): FY2024 published; FY2025 published with PUBLISHED_BEFORE_REOPEN, then reopened
  (a draft again) and reworked with REOPENED_MARKER in its text — the public keeps reading it
  as published until it is published again (then with a 訂正 entry).
"""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.access import Actor
from gyokaku.measures.services import effect_targets_update, effects_update, indicators_update
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update, round_open, year_plan_update
from gyokaku.tracking.workflow import transition_apply

SLUG = "test-2024-2028"
PLAN = f"/plans/{SLUG}/"
API = f"/api/v1/plans/{SLUG}"
DRAFT_MARKER = "ZZDRAFTMARKERQ7"
REOPENED_MARKER = "ZZREOPENEDMARKERK4"
PUBLISHED_BEFORE_REOPEN = "市民の声を全庁で共有しましたPUBR25"
PUBLISHED_2024 = "窓口を3か所で試行しましたPUB24"
PUBLISHED_2025 = "全窓口に広げましたPUB25"
# Numbers only the draft year carries: an effect actual (yen) and an indicator actual.
HIDDEN_ACTUAL_YEN = 7_777_777_000
HIDDEN_INDICATOR = 987654321


def write(report: ProgressReport, by: Actor, **data: Any) -> ProgressReport:
    return progress_update(report=report, actor=by, data=data, expected_version=report.version)


def publish(report: ProgressReport, by: Actor) -> None:
    for action in ("submit", "approve", "publish"):
        transition_apply(report=report, action=action, actor=by)


def effect(
    kind: str, target: int | None, actual: int | None, note: str = "委託料の見直し"
) -> dict[str, Any]:
    return {"kind": kind, "target_yen": target, "actual_yen": actual, "note": note}


@pytest.fixture
def published(world: Any) -> Any:
    carol = world.actor("carol")
    plan = world.plan
    round_open(plan=plan, fiscal_year=2025, actor=carol)
    one, two = world.node("1-1"), world.node("1-2")
    for fy, stage, text in (
        (2024, "study", "年度計画2024の内容"),
        (2025, "implement", "年度計画2025"),
    ):
        year_plan_update(
            node=one,
            fiscal_year=fy,
            actor=carol,
            data={"stage": stage, "text": text},
            expected_version=0,
        )
    year_plan_update(
        node=two,
        fiscal_year=2024,
        actor=carol,
        data={"stage": "prepare", "text": f"計画 {DRAFT_MARKER}"},
        expected_version=0,
    )
    effects_update(
        node=one,
        fiscal_year=2024,
        actor=carol,
        effects=[effect("expenditure", 1_000_000, 1_200_000)],
        expected_version=0,
    )
    effects_update(
        node=one,
        fiscal_year=2025,
        actor=carol,
        effects=[effect("expenditure", 2_000_000, 2_500_000)],
        expected_version=0,
    )
    effects_update(
        node=two,
        fiscal_year=2024,
        actor=carol,
        # 算出方法 often states the actual: a draft year's must stay hidden too
        effects=[effect("revenue", 3_000_000, HIDDEN_ACTUAL_YEN, f"算出 {DRAFT_MARKER}")],
        expected_version=0,
    )
    indicators_update(
        node=one,
        actor=carol,
        expected_version=0,
        indicators=[
            {
                "name": "オンライン申請の件数",
                "unit": "件",
                "direction": "higher",
                "baseline": {"value": None, "fy": None},
                "final_target": {"value": None, "fy": None},
                "targets": {2024: 100, 2025: 150},
                "actuals": {2024: 120, 2025: 140},
            }
        ],
    )
    indicators_update(
        node=two,
        actor=carol,
        expected_version=0,
        indicators=[
            {
                "name": "電子契約の割合",
                "unit": "%",
                "direction": "higher",
                "baseline": {"value": None, "fy": None},
                "final_target": {"value": None, "fy": None},
                "targets": {2024: 50},
                "actuals": {2024: HIDDEN_INDICATOR},
            }
        ],
    )
    effect_targets_update(
        plan=plan,
        actor=carol,
        expected_version=0,
        targets=[
            {"kind": None, "fiscal_year": None, "target_yen": 10_000_000, "label": "5年間の目標"}
        ],
    )
    r = world.report("1-1", 2024)
    write(
        r,
        carol,
        result_text=PUBLISHED_2024,
        direction="continue",
        ratings={"status": "in_progress", "achievement": "B"},
        committee_opinion="よい取組です",
    )
    publish(r, carol)
    r = world.report("1-1", 2025)
    write(
        r,
        carol,
        result_text=PUBLISHED_2025,
        direction="expand",
        ratings={"status": "done", "achievement": "A"},
    )
    publish(r, carol)
    r = world.report("1-2", 2024)
    write(
        r,
        carol,
        result_text=f"実績 {DRAFT_MARKER}",
        issues_text=f"課題 {DRAFT_MARKER}",
        next_plan_text=f"予定 {DRAFT_MARKER}",
        committee_opinion=f"意見 {DRAFT_MARKER}",
        ratings={"status": "not_started", "achievement": "C"},
        direction="revise",
    )
    r = world.report("2", 2024)
    write(r, carol, result_text="市民の声を集めました", ratings={"status": "in_progress"})
    publish(r, carol)
    r = world.report("2", 2025)
    write(r, carol, result_text=PUBLISHED_BEFORE_REOPEN, ratings={"status": "done"})
    publish(r, carol)
    transition_apply(report=r, action="reopen", actor=carol, comment="数値を確認します")
    r = world.report("2", 2025)
    write(r, carol, result_text=f"手直し中 {REOPENED_MARKER}", ratings={"status": "in_progress"})
    return world
