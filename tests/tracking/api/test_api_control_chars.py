"""Every free-text field of every API body refuses control characters with a 422 that names
the field and changes nothing; multi-line fields keep tab and newlines (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import (
    PLAN,
    effect,
    effects_path,
    indicator,
    indicators_path,
    progress_path,
    year_plan_path,
)
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import Round

pytestmark = pytest.mark.django_db
BAD = ["\x00", "\x0b", "\x1f", "\x7f", "\x85", "\ud800", "\uffff"]

# (who, method, path, if_match, body with {} where the text goes, the field named)
MULTI_LINE = [
    ("carol", "put", progress_path(), 1, {"result_text": "{}"}, "result_text"),
    ("carol", "put", progress_path(), 1, {"issues_text": "{}"}, "issues_text"),
    ("carol", "put", progress_path(), 1, {"next_plan_text": "{}"}, "next_plan_text"),
    ("carol", "put", progress_path(), 1, {"committee_opinion": "{}"}, "committee_opinion"),
    ("carol", "put", year_plan_path(), 0, {"text": "{}"}, "text"),
    (
        "carol",
        "post",
        progress_path() + "/transitions",
        None,
        {"action": "submit", "comment": "{}"},
        "comment",
    ),
    (
        "carol",
        "put",
        effects_path(),
        0,
        {"effects": [effect(note="{}")]},
        "effects[0].note",
    ),
    ("carol", "post", f"{PLAN}/rounds/2024/reopen", None, {"reason": "{}"}, "reason"),
]
SINGLE_LINE = [
    (
        "carol",
        "put",
        indicators_path(),
        0,
        {"indicators": [indicator(name="{}")]},
        "indicators[0].name",
    ),
    (
        "carol",
        "put",
        indicators_path(),
        0,
        {"indicators": [indicator(unit="{}")]},
        "indicators[0].unit",
    ),
    (
        "carol",
        "put",
        f"{PLAN}/effect-targets",
        0,
        {"targets": [{"target_yen": 1, "label": "{}"}]},
        "targets[0].label",
    ),
]


def _fill(body: Any, text: str) -> Any:
    if isinstance(body, str):
        return body.replace("{}", f"前{text}後")
    if isinstance(body, list):
        return [_fill(b, text) for b in body]
    if isinstance(body, dict):
        return {k: _fill(v, text) for k, v in body.items()}
    return body


def _send(caller: Any, case: tuple[Any, ...], text: str) -> Any:
    _, method, path, if_match, body, _ = case
    return getattr(caller, method)(path, _fill(body, text), if_match=if_match)


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("case", MULTI_LINE + SINGLE_LINE, ids=lambda c: c[-1])
def test_it_refuses_a_control_character_naming_the_field(
    world: World, api: Any, case: tuple[Any, ...], char: str
) -> None:
    if "reopen" in case[2]:
        Round.objects.filter(pk=world.round.pk).update(is_open=False)
    caller = api(case[0])  # logging in is an audit event of its own
    before = AuditEvent.objects.count()
    answer = _send(caller, case, char)
    assert answer.status == 422, answer.body
    assert AuditEvent.objects.count() == before
    problem = answer.body["problems"][case[-1]]
    if char == "\ud800" and "U+D800–U+DFFF" in problem:
        return  # a field with a length limit: pydantic refuses it before our check
    assert f"U+{ord(char):04X}" in problem and "2 文字目" in problem, answer.body


@pytest.mark.parametrize("char", ["\t", "\n", "\r\n"])
@pytest.mark.parametrize("case", MULTI_LINE, ids=lambda c: c[-1])
def test_multi_line_text_keeps_tab_and_newlines(
    world: World, api: Any, case: tuple[Any, ...], char: str
) -> None:
    if "reopen" in case[2]:
        Round.objects.filter(pk=world.round.pk).update(is_open=False)
    assert _send(api(case[0]), case, char).status in (200, 201)


@pytest.mark.parametrize("char", ["\t", "\n"])
@pytest.mark.parametrize("case", SINGLE_LINE, ids=lambda c: c[-1])
def test_single_line_text_refuses_tab_and_newlines(
    world: World, api: Any, case: tuple[Any, ...], char: str
) -> None:
    answer = _send(api(case[0]), case, char)
    assert answer.status == 422
    assert "1 行で入力してください" in answer.body["problems"][case[-1]]


def test_the_openapi_document_states_the_rule(world: World, api: Any) -> None:
    schemas = api(None).get("/api/v1/openapi.json").body["components"]["schemas"]
    assert "\\u000b" in schemas["ProgressIn"]["properties"]["result_text"]["pattern"]
    assert "\\u001f" in schemas["IndicatorIn"]["properties"]["name"]["pattern"]
