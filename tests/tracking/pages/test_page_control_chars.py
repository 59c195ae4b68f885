"""Staff page forms refuse control characters on the field that holds them and change
nothing; textareas keep newlines (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import PLAN, formset, report_url
from tests.support.pages import report_part_url as url

from gyokaku.accounts.models import ApiToken
from gyokaku.measures.models import IndicatorSheet
from gyokaku.tracking.models import Transition, YearPlan

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def _refused(response: Any, field: str, char: str = "\x0b") -> str:
    assert response.status_code in (200, 422)
    html = response.content.decode()
    assert f"U+{ord(char):04X}" in html, html[:2000]
    assert f'id="id_{field}_error"' in html
    return html


@pytest.mark.parametrize("field", ["result_text", "issues_text", "next_plan_text"])
@pytest.mark.parametrize("char", ["\x0b", "\x7f", "\x85"])
def test_the_report_form_names_the_field(
    world: Any, as_user: Clients, field: str, char: str
) -> None:
    response = as_user("alice").post(report_url("1-1"), {"version": 1, field: f"前{char}後"})
    _refused(response, field, char)
    assert world.report("1-1").version == 1


def test_the_report_form_keeps_newlines(world: Any, as_user: Clients) -> None:
    data = {"version": 1, "result_text": "一\r\n二\t三"}
    response = as_user("alice").post(report_url("1-1"), data)
    assert response.status_code == 302
    assert world.report("1-1").result_text == "一\n二\t三"


def test_the_year_plan_form_names_the_field(world: Any, as_user: Clients) -> None:
    page = f"{PLAN}/nodes/1-1/yearplans/2025/"
    _refused(as_user("alice").post(page, {"version": 0, "text": "計\x0b画"}), "text")
    assert not YearPlan.objects.exists()


def test_a_move_comment_is_refused_and_nothing_moves(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    response = client.post(
        report_url("1-1") + "transitions/", {"action": "submit", "comment": "提\x0b出"}
    )
    assert response.status_code in (200, 409, 422)
    assert "U+000B" in response.content.decode()
    assert not Transition.objects.exists()


def test_an_indicator_name_is_refused_on_its_row(world: Any, as_user: Clients) -> None:
    row = {"name": "件\x1f数", "unit": "件", "direction": "higher", "target": "40"}
    response = as_user("alice").post(url("1-2", "indicators"), formset("indicators", 0, [row], 0))
    _refused(response, "indicators-0-name", "\x1f")
    assert not IndicatorSheet.objects.exists()


def test_an_indicator_unit_refuses_a_newline(world: Any, as_user: Clients) -> None:
    # Django strips the ends of an input (a trailing newline is dropped): one inside is refused
    row = {"name": "件数", "unit": "件\n数", "direction": "higher", "target": "40"}
    response = as_user("alice").post(url("1-2", "indicators"), formset("indicators", 0, [row], 0))
    html = _refused(response, "indicators-0-unit", "\n")
    assert "1 行で入力してください" in html
    assert not IndicatorSheet.objects.exists()


def test_an_effect_note_is_refused_on_its_row(world: Any, as_user: Clients) -> None:
    row = {"kind": "revenue", "target_yen": "1000", "actual_yen": "", "note": "算出\x00方法"}
    response = as_user("carol").post(url("1-1", "effects"), formset("effects", 0, [row], 0))
    assert response.status_code == 422
    html = response.content.decode()
    # Django refuses NUL itself (ProhibitNullCharactersValidator); \x0b is ours
    assert 'id="id_effects-0-note_error"' in html
    row["note"] = "算出\x0b方法"
    response = as_user("carol").post(url("1-1", "effects"), formset("effects", 0, [row], 0))
    _refused(response, "effects-0-note")


def test_a_token_name_is_refused(world: Any, as_user: Clients) -> None:
    _refused(as_user("alice").post("/accounts/tokens/", {"name": "集\x0b計"}), "name")
    assert not ApiToken.objects.exists()
