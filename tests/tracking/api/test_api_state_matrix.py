"""The write matrix of issue 17: every caller × every state of an item × every write, through
the API, with the exact status of each cell (288 cells), and a sample through the pages.

The rule it pins down (tracking/rules.py): a department's editor writes its own items — the
report's text, the actuals of indicators and fiscal effects, the year plan (年度計画) of the
year, and submits — only while the round of the year is open and the report is a draft or
returned. Once submitted, approved or the year closed, the text and actuals are locked for
everyone; the year plan then only the plan office (計画担当) changes. The committee's opinion,
approval, publication and departments are the plan office's. Another municipality's people
see nothing of the plan (404) and may not assign its departments (403).

Columns: anonymous; dave (viewer); alice (editor of 情報政策課, which owns item 1-1); bob (editor
of 市民課, another department); carol (coordinator, the plan office); erin (admin); mallory
(Sapporo's coordinator); sapporo-editor (an editor of Sapporo). Every write is on item 1-1 of
FY2024. Each write runs in a savepoint that is rolled back, so every cell starts from the same
item. A 2xx cell leaves the write's audit event; a 403 cell one ``access.refused``; any other
refusal no event, and no refusal changes the item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from tests.support.api_client import (
    PLAN,
    close_round,
    effect,
    effects_path,
    indicator,
    indicators_path,
    progress_path,
    set_state,
    year_plan_path,
)
from tests.support.api_matrix import events_since, last_event_id
from tests.support.pages import PLAN as PAGES
from tests.support.world import World

from gyokaku.measures.models import FiscalEffect, IndicatorSheet
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.models import ProgressReport, State, YearPlan

pytestmark = pytest.mark.django_db

CALLERS = ("anon", "dave", "alice", "bob", "carol", "erin", "mallory", "sapporo-editor")
STATES = ("draft", "submitted", "approved", "closed year")
KEY = "1-1"


@dataclass(frozen=True)
class Write:
    method: str
    path: str
    body: dict[str, Any]
    audit_action: str
    if_match: Callable[[World], int | None] = lambda world: None


def _report_version(world: World) -> int:
    return world.report(KEY).version


def _move(action: str) -> Write:
    return Write(
        "POST", progress_path(KEY) + "/transitions", {"action": action}, f"progress.{action}"
    )


WRITES: dict[str, Write] = {
    "report text": Write(
        "PUT", progress_path(KEY), {"result_text": "実績"}, "progress.update", _report_version
    ),
    "committee opinion": Write(
        "PUT",
        progress_path(KEY),
        {"committee_opinion": "委員会の意見"},
        "progress.update",
        _report_version,
    ),
    "effects actuals": Write(
        "PUT",
        effects_path(KEY),
        {"effects": [effect(actual_yen=1_100_000)]},
        "effects.update",
        lambda world: 1,
    ),
    "indicator actuals": Write(
        "PUT",
        indicators_path(KEY),
        {"indicators": [indicator(actuals={"2024": 95})]},
        "indicators.update",
        lambda world: 1,
    ),
    "year plan": Write(
        "PUT",
        year_plan_path(KEY),
        {"stage": "implement", "text": "全窓口で実施"},
        "yearplan.update",
        lambda world: 0,
    ),
    "submit": _move("submit"),
    "approve": _move("approve"),
    "publish": _move("publish"),
    "departments": Write(
        "PUT",
        f"{PLAN}/nodes/{KEY}/departments",
        {"departments": ["dx", "shimin"]},
        "node.departments",
    ),
}

# fmt: off
MATRIX: dict[str, dict[str, tuple[int, ...]]] = {
    "draft": {
        #                    anon dave alice bob carol erin mallory sapporo-editor
        "report text":       (401, 403, 200, 403, 200, 200, 404, 404),
        "committee opinion": (401, 403, 403, 403, 200, 200, 404, 404),
        "effects actuals":   (401, 403, 200, 403, 200, 200, 404, 404),
        "indicator actuals": (401, 403, 200, 403, 200, 200, 404, 404),
        "year plan":         (401, 403, 201, 403, 201, 201, 404, 404),
        "submit":            (401, 403, 201, 403, 201, 201, 404, 404),
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404),
        "publish":           (401, 403, 403, 403, 409, 409, 404, 404),
        "departments":       (401, 403, 403, 403, 200, 200, 403, 403),
    },
    "submitted": {
        "report text":       (401, 403, 409, 403, 409, 409, 404, 404),
        "committee opinion": (401, 403, 403, 403, 200, 200, 404, 404),
        "effects actuals":   (401, 403, 409, 403, 409, 409, 404, 404),
        "indicator actuals": (401, 403, 409, 403, 409, 409, 404, 404),
        "year plan":         (401, 403, 409, 403, 201, 201, 404, 404),
        "submit":            (401, 403, 409, 403, 409, 409, 404, 404),
        "approve":           (401, 403, 403, 403, 201, 201, 404, 404),
        "publish":           (401, 403, 403, 403, 409, 409, 404, 404),
        "departments":       (401, 403, 403, 403, 200, 200, 403, 403),
    },
    "approved": {
        "report text":       (401, 403, 409, 403, 409, 409, 404, 404),
        "committee opinion": (401, 403, 403, 403, 200, 200, 404, 404),
        "effects actuals":   (401, 403, 409, 403, 409, 409, 404, 404),
        "indicator actuals": (401, 403, 409, 403, 409, 409, 404, 404),
        "year plan":         (401, 403, 409, 403, 201, 201, 404, 404),
        "submit":            (401, 403, 409, 403, 409, 409, 404, 404),
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404),
        "publish":           (401, 403, 403, 403, 201, 201, 404, 404),
        "departments":       (401, 403, 403, 403, 200, 200, 403, 403),
    },
    # the round of FY2024 closed with the report still a draft
    "closed year": {
        "report text":       (401, 403, 409, 403, 409, 409, 404, 404),
        "committee opinion": (401, 403, 403, 403, 409, 409, 404, 404),
        "effects actuals":   (401, 403, 409, 403, 409, 409, 404, 404),
        "indicator actuals": (401, 403, 409, 403, 409, 409, 404, 404),
        "year plan":         (401, 403, 409, 403, 201, 201, 404, 404),
        "submit":            (401, 403, 409, 403, 409, 409, 404, 404),
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404),
        "publish":           (401, 403, 403, 403, 409, 409, 404, 404),
        "departments":       (401, 403, 403, 403, 200, 200, 403, 403),
    },
}
# fmt: on


def _prepare(world: World, state: str) -> None:
    """Item 1-1 with one indicator and one fiscal effect of FY2024 (targets set by the plan
    office, no actuals), its report in ``state``."""
    node, carol = world.node(KEY), world.actor("carol")
    indicators_update(node=node, actor=carol, indicators=[indicator()], expected_version=0)
    effects_update(node=node, fiscal_year=2024, actor=carol, effects=[effect()], expected_version=0)
    if state == "closed year":
        close_round(world.round)
    else:
        set_state(world.report(KEY), {"draft": State.DRAFT}.get(state, state))


def _item(world: World) -> tuple[Any, ...]:
    """Everything of item 1-1 that a write of the matrix could change."""
    report = ProgressReport.objects.get(pk=world.report(KEY).pk)
    return (
        report.state,
        report.version,
        report.result_text,
        report.committee_opinion,
        list(YearPlan.objects.filter(node__key=KEY).values_list("version", "text")),
        list(
            FiscalEffect.objects.filter(effect_year__node__key=KEY).values_list(
                "actual_yen", flat=True
            )
        ),
        list(IndicatorSheet.objects.filter(node__key=KEY).values_list("version", flat=True)),
        sorted(world.node(KEY).departments.values_list("code", flat=True)),
    )


def test_it_covers_every_write_state_and_caller() -> None:
    for state in STATES:
        assert set(MATRIX[state]) == set(WRITES)
        assert all(len(row) == len(CALLERS) for row in MATRIX[state].values())
    assert len(STATES) * len(WRITES) * len(CALLERS) == 288


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("state", STATES)
def test_each_caller_gets_exactly_its_row(world: World, api: Any, state: str, caller: str) -> None:
    _prepare(world, state)
    client = api(None if caller == "anon" else caller)
    column = CALLERS.index(caller)
    expected = {name: MATRIX[state][name][column] for name in WRITES}
    answered: dict[str, int] = {}
    wrong_trail: list[str] = []
    before = _item(world)
    for name, write in WRITES.items():
        with transaction.atomic():
            since = last_event_id()
            answer = client.call(
                write.method, write.path, write.body, if_match=write.if_match(world)
            )
            answered[name] = answer.status
            actions = [e.action for e in events_since(since)]
            if answer.status in (200, 201):
                if write.audit_action not in actions:
                    wrong_trail.append(f"{name}: {answer.status} without {write.audit_action}")
            else:
                if _item(world) != before:
                    wrong_trail.append(f"{name}: refused ({answer.status}) but changed the item")
                if actions != (["access.refused"] if answer.status == 403 else []):
                    wrong_trail.append(f"{name}: {answer.status} left {actions}")
                if answer.status in (403, 404, 409) and not (answer.body or {}).get("detail"):
                    wrong_trail.append(f"{name}: {answer.status} says nothing")
            transaction.set_rollback(True)
    assert answered == expected
    assert wrong_trail == []


# ---- a sample through the pages: the year plan page follows the same rule --------------------

YEAR_PLAN_PAGE = f"{PAGES}/nodes/{KEY}/yearplans/2024/"


@pytest.mark.parametrize(
    ("state", "caller", "status"),
    [
        ("draft", "alice", 302),
        ("submitted", "alice", 409),
        ("approved", "alice", 409),
        ("closed year", "alice", 409),
        ("submitted", "carol", 302),
        ("closed year", "erin", 302),
        ("submitted", "bob", 403),
        ("submitted", "mallory", 404),
    ],
)
def test_the_year_plan_page_follows_the_rule(
    world: World, as_user: Any, state: str, caller: str, status: int
) -> None:
    _prepare(world, state)
    client = as_user(caller)
    response = client.post(YEAR_PLAN_PAGE, {"version": 0, "stage": "study", "text": "検討する"})
    assert response.status_code == status
    assert YearPlan.objects.filter(node__key=KEY).exists() is (status == 302)
    if status == 409:
        assert "年度計画は編集できません" in response.content.decode()
        page = client.get(YEAR_PLAN_PAGE).content.decode()
        assert "年度計画は編集できません" in page and 'name="text"' not in page


def test_next_years_plan_stays_open_to_the_department_after_submission(
    world: World, api: Any
) -> None:
    """FY2025 has no round yet: the department plans it while FY2024's round is open."""
    _prepare(world, "submitted")
    answer = api("alice").put(year_plan_path(KEY, 2025), {"text": "翌年度に拡大"}, if_match=0)
    assert answer.status == 201
