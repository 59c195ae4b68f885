"""The public site stays up after any value the API accepts (issue 18, "Done when").

Hypothesis writes the documented extremes through the API — as the department's editor
(alice: texts) and the plan office (carol: targets and actuals) — then publishes the year and
reads every page type, year page, public API operation, open data file and the staff dashboard,
and finds no 5xx:

- indicator values at ±99,999,999,999.9999, ±0.0001, 0 and anything between (measures/limits);
- 100 effect rows of ±1兆円 on one node and year, and a plan target of ±1兆円;
- texts at their longest, full-width, emoji, tabs and newlines (control characters other than
  those two are another rule's business: see the control-character tests).

Each example runs in a savepoint rolled back at its end, so examples do not see each other.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.api_client import (
    TARGETS,
    effects_path,
    indicators_path,
    progress_path,
    year_plan_path,
)
from tests.support.every_read import public_urls, server_errors, staff_urls
from tests.support.world import World

from gyokaku.measures.limits import MAX_EFFECT_ROWS, MAX_YEN, VALUE_MAX
from gyokaku.tracking.limits import MAX_TEXT
from gyokaku.tracking.workflow import transition_apply

# Charts draw whatever a name holds; a glyph the font lacks is drawn as a box, not an error
pytestmark = [
    pytest.mark.filterwarnings("ignore:Glyph .* missing from font"),
    pytest.mark.filterwarnings("ignore:constrained_layout not applied"),
]

SLUG = "test-2024-2028"

ends = [VALUE_MAX, -VALUE_MAX, Decimal("0.0001"), Decimal("-0.0001"), Decimal(0)]
values = st.sampled_from(ends) | st.decimals(
    min_value=-VALUE_MAX, max_value=VALUE_MAX, places=4, allow_nan=False, allow_infinity=False
)
amounts = st.sampled_from([MAX_YEN, -MAX_YEN, 0]) | st.integers(-MAX_YEN, MAX_YEN)
# What the API accepts (lib/text.py): no surrogates, no control characters and no U+FFFE/U+FFFF;
# tab and newline only in multi-line fields.
line_letters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
letters = line_letters | st.sampled_from(["\t", "\n"])


def texts(longest: int, *, lines: bool = True) -> st.SearchStrategy[str]:
    extremes = ["あ", "😀", "𠮷", "ｱ", "👨‍👩‍👧"] + (["\n", "\t"] if lines else [])
    full = st.sampled_from(extremes).map(lambda s: (s * longest)[:longest])
    return full | st.text(letters if lines else line_letters, max_size=longest)


def as_text(value: Decimal) -> str:
    return f"{value:f}"


def put(client: Client, path: str, body: Any, version: int) -> Any:
    response = client.put(
        path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert response.status_code in (200, 201), (path, response.content[:500])
    return response.json()


def logged_in(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


@settings(
    max_examples=10,  # each example writes, publishes and reads ~100 URLs
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    baseline=values,
    target=values,
    final=values,
    actual=values,
    amount=amounts,
    plan_target=amounts,
    name=texts(200, lines=False),
    unit=texts(30, lines=False),
    note=texts(2000),
    label=texts(200, lines=False),
    report_text=texts(MAX_TEXT),
)
def test_no_accepted_value_takes_a_page_down(
    world: World,
    baseline: Decimal,
    target: Decimal,
    final: Decimal,
    actual: Decimal,
    amount: int,
    plan_target: int,
    name: str,
    unit: str,
    note: str,
    label: str,
    report_text: str,
) -> None:
    if not name.strip():
        name = "指標"  # a name is required; an empty one is refused, not an extreme
    with transaction.atomic():
        alice, carol = logged_in(world, "alice"), logged_in(world, "carol")
        indicator = {
            "name": name,
            "unit": unit,
            "direction": "lower" if actual < 0 else "higher",
            "baseline": {"value": as_text(baseline), "fy": 2023},
            "final_target": {"value": as_text(final), "fy": 2028},
            "targets": {"2024": as_text(target), "2028": as_text(-target)},
            "actuals": {"2024": as_text(actual)},
        }
        # baselines and targets are the plan office's (issue 12 #2): carol writes them
        read = put(carol, indicators_path(), {"indicators": [indicator]}, 0)
        [back] = read["indicators"]
        assert Decimal(back["targets"]["2024"]) == target  # exactly as written
        assert Decimal(back["actuals"]["2024"]) == actual
        row = {"kind": "revenue", "target_yen": amount, "actual_yen": amount, "note": note}
        put(carol, effects_path(), {"effects": [row] * MAX_EFFECT_ROWS}, 0)
        other = {"kind": "other", "target_yen": -amount, "actual_yen": None, "note": note}
        put(carol, effects_path("2", 2028), {"effects": [other] * MAX_EFFECT_ROWS}, 0)
        targets = [
            {"kind": None, "fiscal_year": None, "target_yen": plan_target, "label": label},
            {"kind": "revenue", "fiscal_year": 2024, "target_yen": -plan_target, "label": label},
        ]
        put(carol, TARGETS, {"targets": targets}, 0)
        put(carol, year_plan_path(), {"stage": "implement", "text": report_text}, 0)
        report = world.report("1-1")
        texts_of_report = {
            "result_text": report_text,
            "issues_text": note,
            "next_plan_text": label,
            "ratings": {"status": "in_progress", "achievement": "A"},
        }
        put(alice, progress_path(), texts_of_report, report.version)
        report.refresh_from_db()
        put(carol, progress_path(), {"committee_opinion": report_text}, report.version)
        for action in ("submit", "approve", "publish"):
            report.refresh_from_db()
            transition_apply(report=report, action=action, actor=world.actor("carol"))

        keys, years = ["1", "1-1", "2"], [2024, 2028]
        assert server_errors(Client(), public_urls(SLUG, keys, years)) == []
        assert server_errors(carol, staff_urls(SLUG, keys, years)) == []
        assert server_errors(alice, ["/my/dashboard/", f"/plans/{SLUG}/dashboard/"]) == []
        transaction.set_rollback(True)
