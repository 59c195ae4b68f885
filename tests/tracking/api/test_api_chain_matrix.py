"""The write matrix of a plan with an approval chain (承認ルート, issue 14): every caller, the
four people of the chain included (課長 and 部長 of item 1-1's department and 部, and of another),
× every place of the item in the chain × every write, with the exact status of each cell,
and 0 successes for anyone the rule does not allow.

The plan's chain is 課長確認 (kacho) → 部長確認 (bucho) → 行革担当確認 (gyokaku, the plan office):
see tests/support/chain.py. Item 1-1 belongs to 情報政策課 (dx) of 総務部. 課長 and 部長 write
nothing of a report; they confirm (確認) or return (差戻し) at their step, for their own
department or 部. Each write runs in a savepoint that is rolled back; a 2xx cell leaves the
write's audit event, a 403 cell one ``access.refused``, any other refusal nothing, and no
refusal changes the item. A plan without a chain refuses every move to 課長 and 部長 (last test).
"""

from __future__ import annotations

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
    year_plan_path,
)
from tests.support.api_matrix import events_since, last_event_id
from tests.support.chain import add_chain
from tests.support.world import World

from gyokaku.measures.models import FiscalEffect, IndicatorSheet
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.models import ChainStep, ProgressReport, State, YearPlan

pytestmark = pytest.mark.django_db

KEY = "1-1"
CALLERS = (
    "anon", "dave", "alice", "bob", "carol", "erin", "mallory", "sapporo-editor",
    "kacho-dx", "kacho-shimin", "bucho-somu", "bucho-shimin",
)  # fmt: skip
STATES = ("draft", "kacho", "bucho", "gyokaku", "approved", "closed year")


def _version(world: World) -> int:
    return world.report(KEY).version


def _move(action: str, **extra: str) -> tuple[str, str, dict[str, Any], str, Any]:
    body = {"action": action, "comment": "理由", **extra}
    return ("POST", progress_path(KEY) + "/transitions", body, f"progress.{action}", None)


WRITES: dict[str, tuple[str, str, dict[str, Any], str, Any]] = {
    "report text": (
        "PUT", progress_path(KEY), {"result_text": "実績"}, "progress.update", _version,
    ),
    "committee opinion": (
        "PUT", progress_path(KEY), {"committee_opinion": "意見"}, "progress.update", _version,
    ),
    "effects actuals": (
        "PUT", effects_path(KEY), {"effects": [effect(actual_yen=1_100_000)]}, "effects.update",
        lambda world: 1,
    ),
    "indicator actuals": (
        "PUT", indicators_path(KEY), {"indicators": [indicator(actuals={"2024": 95})]},
        "indicators.update", lambda world: 1,
    ),
    "year plan": (
        "PUT", year_plan_path(KEY), {"stage": "implement", "text": "実施"}, "yearplan.update",
        lambda world: 0,
    ),
    "submit": _move("submit"),
    "confirm": _move("confirm"),
    "return": _move("return"),
    "return to kacho": _move("return", to_step="kacho"),
    "approve": _move("approve"),
    "publish": _move("publish"),
    "departments": (
        "PUT", f"{PLAN}/nodes/{KEY}/departments", {"departments": ["dx", "shimin"]},
        "node.departments", None,
    ),
}  # fmt: skip

# Rows every waiting step shares (what is not a move at a step).
_WAITING = {
    #                    anon dave alice bob carol erin mallory sap  kdx  ksh  bsomu bshi
    "report text": (401, 403, 409, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    "committee opinion": (401, 403, 403, 403, 200, 200, 404, 404, 403, 403, 403, 403),
    "effects actuals": (401, 403, 409, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    "indicator actuals": (401, 403, 409, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    "year plan": (401, 403, 409, 403, 201, 201, 404, 404, 403, 403, 403, 403),
    "submit": (401, 403, 409, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    "publish": (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    "departments": (401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403),
}
# A move at a step while the report waits at none (a draft, approved): 409 for whoever acts
# at some step of this item, 403 for anyone else.
_NOT_WAITING = (401, 403, 403, 403, 409, 409, 404, 404, 409, 403, 409, 403)
_NOBODY = (401, 403, 403, 403, 403, 403, 404, 404, 403, 403, 403, 403)

MATRIX: dict[str, dict[str, tuple[int, ...]]] = {
    "draft": {
        "report text":       (401, 403, 200, 403, 200, 200, 404, 404, 403, 403, 403, 403),
        "committee opinion": (401, 403, 403, 403, 200, 200, 404, 404, 403, 403, 403, 403),
        "effects actuals":   (401, 403, 200, 403, 200, 200, 404, 404, 403, 403, 403, 403),
        "indicator actuals": (401, 403, 200, 403, 200, 200, 404, 404, 403, 403, 403, 403),
        "year plan":         (401, 403, 201, 403, 201, 201, 404, 404, 403, 403, 403, 403),
        "submit":            (401, 403, 201, 403, 201, 201, 404, 404, 403, 403, 403, 403),
        "confirm":           _NOT_WAITING,
        "return":            _NOT_WAITING,
        "return to kacho":   _NOT_WAITING,
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
        "publish":           (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
        "departments":       (401, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403),
    },
    "kacho": {
        **_WAITING,
        "confirm":           (401, 403, 403, 403, 403, 403, 404, 404, 201, 403, 403, 403),
        "return":            (401, 403, 403, 403, 403, 403, 404, 404, 201, 403, 403, 403),
        "return to kacho":   (401, 403, 403, 403, 403, 403, 404, 404, 422, 403, 403, 403),
        "approve":           _NOBODY,
    },
    "bucho": {
        **_WAITING,
        "confirm":           (401, 403, 403, 403, 403, 403, 404, 404, 403, 403, 201, 403),
        "return":            (401, 403, 403, 403, 403, 403, 404, 404, 403, 403, 201, 403),
        "return to kacho":   (401, 403, 403, 403, 403, 403, 404, 404, 403, 403, 201, 403),
        "approve":           _NOBODY,
    },
    "gyokaku": {
        **_WAITING,
        "confirm":           (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
        "return":            (401, 403, 403, 403, 201, 201, 404, 404, 403, 403, 403, 403),
        "return to kacho":   (401, 403, 403, 403, 201, 201, 404, 404, 403, 403, 403, 403),
        "approve":           (401, 403, 403, 403, 201, 201, 404, 404, 403, 403, 403, 403),
    },
    "approved": {
        **_WAITING,
        "confirm":           _NOT_WAITING,
        "return":            _NOT_WAITING,
        "return to kacho":   _NOT_WAITING,
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
        "publish":           (401, 403, 403, 403, 201, 201, 404, 404, 403, 403, 403, 403),
    },
    # the round of FY2024 closed with the report still a draft
    "closed year": {
        **_WAITING,
        "committee opinion": (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
        "confirm":           _NOT_WAITING,
        "return":            _NOT_WAITING,
        "return to kacho":   _NOT_WAITING,
        "approve":           (401, 403, 403, 403, 409, 409, 404, 404, 403, 403, 403, 403),
    },
}  # fmt: skip


@pytest.fixture
def chain(world: World) -> World:
    return add_chain(world)


def _prepare(world: World, state: str) -> None:
    node, carol = world.node(KEY), world.actor("carol")
    indicators_update(node=node, actor=carol, indicators=[indicator()], expected_version=0)
    effects_update(node=node, fiscal_year=2024, actor=carol, effects=[effect()], expected_version=0)
    reports = ProgressReport.objects.filter(pk=world.report(KEY).pk)
    if state == "closed year":
        close_round(world.round)
    elif state == "approved":
        reports.update(state=State.APPROVED)
    elif state != "draft":
        step = ChainStep.objects.get(plan=world.plan, code=state)
        reports.update(state=State.SUBMITTED, step=step)


def _item(world: World) -> tuple[Any, ...]:
    report = ProgressReport.objects.get(pk=world.report(KEY).pk)
    return (
        report.state,
        report.step_id,
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


def _answers(
    world: World, api: Any, caller: str, writes: list[str]
) -> tuple[dict[str, int], list[str]]:
    client = api(None if caller == "anon" else caller)
    answered: dict[str, int] = {}
    wrong: list[str] = []
    before = _item(world)
    for name in writes:
        method, path, body, audit_action, if_match = WRITES[name]
        with transaction.atomic():
            since = last_event_id()
            answer = client.call(method, path, body, if_match=if_match and if_match(world))
            answered[name] = answer.status
            actions = [e.action for e in events_since(since)]
            if answer.status in (200, 201):
                if audit_action not in actions:
                    wrong.append(f"{name}: {answer.status} without {audit_action}")
            else:
                if _item(world) != before:
                    wrong.append(f"{name}: refused ({answer.status}) but changed the item")
                if actions != (["access.refused"] if answer.status == 403 else []):
                    wrong.append(f"{name}: {answer.status} left {actions}")
                if answer.status in (403, 404, 409, 422) and not (answer.body or {}).get("detail"):
                    wrong.append(f"{name}: {answer.status} says nothing")
            transaction.set_rollback(True)
    return answered, wrong


def test_it_covers_every_write_state_and_caller() -> None:
    for state in STATES:
        assert set(MATRIX[state]) == set(WRITES)
        assert all(len(row) == len(CALLERS) for row in MATRIX[state].values())
    assert len(STATES) * len(WRITES) * len(CALLERS) == 864


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("state", STATES)
def test_each_caller_gets_exactly_its_row(chain: World, api: Any, state: str, caller: str) -> None:
    _prepare(chain, state)
    column = CALLERS.index(caller)
    answered, wrong = _answers(chain, api, caller, list(WRITES))
    assert answered == {name: MATRIX[state][name][column] for name in WRITES}
    assert wrong == []


@pytest.mark.parametrize("caller", ["kacho-dx", "kacho-shimin", "bucho-somu", "bucho-shimin"])
@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_without_a_chain_the_chain_people_may_do_nothing(
    world: World, api: Any, state: str, caller: str
) -> None:
    add_chain(world, steps=False)
    _prepare(world, "draft")
    ProgressReport.objects.filter(pk=world.report(KEY).pk).update(state=state)
    writes = [name for name in WRITES if name != "return to kacho"]
    answered, wrong = _answers(world, api, caller, writes)
    assert answered == dict.fromkeys(writes, 403)
    assert wrong == []
