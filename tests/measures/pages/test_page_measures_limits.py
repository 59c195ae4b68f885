"""The ranges of measures/limits.py on the report page's forms (issue 18 #1, #2): a value or an
amount beyond them is said at its field, too many effect rows above the form; nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from tests.support.pages import HTMX, formset
from tests.support.pages import report_part_url as url

from gyokaku.measures.limits import MAX_EFFECT_ROWS
from gyokaku.measures.models import EffectYear, FiscalEffect, IndicatorTarget

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def _indicator(**fields: str) -> dict[str, str]:
    return {"name": "申請件数", "unit": "件", "direction": "higher", **fields}


def test_values_at_the_limits_are_saved_exactly(world: Any, as_user: Clients) -> None:
    row = _indicator(target="99,999,999,999.9999", baseline_value="△99999999999.9999")
    response = as_user("carol").post(url("1-2", "indicators"), formset("indicators", 0, [row], 0))
    assert response.status_code == 302
    assert IndicatorTarget.objects.get().value == Decimal("99999999999.9999")
    html = as_user("carol").get(url("1-2")).content.decode()
    assert 'value="99999999999.9999"' in html and 'value="-99999999999.9999"' in html


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("9999999999999999.9999", "数値が大きすぎます"),
        ("1234567890123.4567", "数値が大きすぎます"),
        ("１００，０００，０００，０００", "数値が大きすぎます"),
        ("0.00001", "小数点以下は4桁までです"),
    ],
)
def test_a_value_beyond_the_limits_is_said_at_its_field(
    world: Any, as_user: Clients, typed: str, says: str
) -> None:
    data = formset("indicators", 0, [_indicator(target=typed)], 0)
    response = as_user("carol").post(url("1-2", "indicators"), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_indicators-0-target"' in html and says in html
    assert not IndicatorTarget.objects.exists()


def test_an_amount_beyond_1_cho_yen_is_said_at_its_field(world: Any, as_user: Clients) -> None:
    rows = [
        {"kind": "revenue", "target_yen": "1,000,000,000,000", "actual_yen": ""},
        {"kind": "revenue", "target_yen": "1,000,000,000,001", "actual_yen": "△1000000000001"},
    ]
    response = as_user("carol").post(
        url("1-1", "effects"), formset("effects", 0, rows, 0), headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_effects-1-target_yen"' in html and 'href="#id_effects-1-actual_yen"' in html
    assert 'href="#id_effects-0-target_yen"' not in html
    assert "1兆円" in html
    assert not EffectYear.objects.exists()


def test_more_effect_rows_than_the_limit_are_refused(world: Any, as_user: Clients) -> None:
    row = {"kind": "revenue", "target_yen": "1000", "actual_yen": ""}
    data = formset("effects", 0, [row] * (MAX_EFFECT_ROWS + 1), 0)
    response = as_user("carol").post(url("1-1", "effects"), data, headers=HTMX)
    assert response.status_code == 422
    assert (
        "財政効果は1つの取組・年度につき100行までです（101行あります）" in response.content.decode()
    )
    assert not FiscalEffect.objects.exists()
    data = formset("effects", 0, [row] * MAX_EFFECT_ROWS, 0)
    assert as_user("carol").post(url("1-1", "effects"), data).status_code == 302
    assert FiscalEffect.objects.count() == MAX_EFFECT_ROWS
