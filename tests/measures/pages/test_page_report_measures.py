"""Indicators and fiscal effects on the report page: who may enter what, htmx saves, stale
saves (412 with the differences, input kept), refusals (403 recorded, 404, 409, 422)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from tests.support.pages import HTMX, OTHER_PLAN, formset
from tests.support.pages import report_part_url as url

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import EffectYear, FiscalEffect, Indicator, IndicatorActual
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def actuals(*values: str, version: int = 1) -> dict[str, Any]:
    return formset("indicators", version, [{"actual": v} for v in values], len(values))


def test_it_shows_the_measures_and_the_forms_to_the_department(
    measured: Any, as_user: Clients
) -> None:
    html = as_user("alice").get(url("1-1")).content.decode()
    assert 'id="indicators-form"' in html and 'id="effects-form"' in html
    assert "窓口の利用者数" in html and "120.0%" in html  # 120 ÷ 100
    assert "120 ÷ 100" in html  # the formula beside the rate
    assert ">12,345,678</td>" in html and ">△5,000</td>" in html  # yen, △ for minus
    assert 'name="indicators-0-actual"' in html and 'value="120"' in html


def test_it_shows_the_measures_read_only_to_a_viewer(measured: Any, as_user: Clients) -> None:
    html = as_user("dave").get(url("1-1")).content.decode()
    assert "窓口の利用者数" in html and ">12,345,678</td>" in html
    assert 'id="indicators-form"' not in html and 'id="effects-form"' not in html


def test_it_saves_an_actual_with_htmx_and_keeps_other_years(
    measured: Any, as_user: Clients
) -> None:
    # alice may define too while the round is open, so her form has the definitions as well
    data = {**actuals("1,300", "8"), **_definitions()}
    response = as_user("alice").post(url("1-1", "indicators"), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200, html
    assert 'id="indicators-panel"' in html and "<html" not in html  # the panel alone
    assert "保存しました。" in html
    saved = dict(IndicatorActual.objects.values_list("indicator__name", "value"))
    assert saved == {"窓口の利用者数": Decimal(1300), "待ち時間": Decimal(8)}


def _definitions() -> dict[str, Any]:
    rows = [
        {"name": "窓口の利用者数", "unit": "件", "direction": "higher", "target": "100"},
        {"name": "待ち時間", "unit": "件", "direction": "lower", "target": "10"},
    ]
    data = {}
    for i, row in enumerate(rows):
        data.update({f"indicators-{i}-{k}": v for k, v in row.items()})
    return data


def test_it_adds_and_removes_effects_for_the_plan_office(measured: Any, as_user: Clients) -> None:
    rows = [
        {"kind": "expenditure", "target_yen": "12,345,678", "actual_yen": "13,000,000", "note": ""},
        {"kind": "revenue", "target_yen": "1000000", "actual_yen": "△5,000", "DELETE": "on"},
        {"kind": "other", "target_yen": "△２０００", "actual_yen": "", "note": "新しい効果"},
    ]
    data = {**formset("effects", 1, rows, 2), "effects-REASON": "事業の見直しで目標額を改めたため"}
    response = as_user("carol").post(url("1-1", "effects"), data)
    assert response.status_code == 302
    assert response["Location"] == url("1-1") + "#effects"
    year = EffectYear.objects.get(node__key="1-1", node__plan__slug="test-2024-2028")
    assert year.version == 2
    assert list(year.effects.values_list("kind", "target_yen", "actual_yen", "note")) == [
        ("expenditure", 12_345_678, 13_000_000, ""),
        ("other", -2000, None, "新しい効果"),
    ]


def test_it_refuses_a_stale_save_and_shows_what_changed(measured: Any, as_user: Clients) -> None:
    first, second = as_user("alice"), as_user("carol")
    first.post(url("1-1", "indicators"), {**actuals("130", "12"), **_definitions()})
    mine = {**actuals("140", "12"), **_definitions()}
    response = second.post(url("1-1", "indicators"), mine, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 412
    assert "他の人がこの内容を保存しました" in html
    assert "<td>130</td><td>140</td>" in html  # saved now vs their input
    assert 'value="140"' in html  # their input is kept
    assert 'name="indicators-VERSION" value="2"' in html  # based on the current version now
    assert IndicatorActual.objects.get(indicator__name="窓口の利用者数").value == 130
    response = second.post(url("1-1", "indicators"), {**mine, "indicators-VERSION": 2})
    assert response.status_code == 302
    assert IndicatorActual.objects.get(indicator__name="窓口の利用者数").value == 140


def test_it_refuses_bad_input_and_says_where(measured: Any, as_user: Clients) -> None:
    rows = [{"kind": "expenditure", "target_yen": "12.5", "actual_yen": "abc", "note": ""}]
    response = as_user("carol").post(
        url("1-1", "effects"), formset("effects", 1, rows, 2), headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "保存できませんでした" in html and 'href="#id_effects-0-actual_yen"' in html
    assert FiscalEffect.objects.filter(target_yen=12_345_678).exists()  # nothing changed


def test_it_keeps_actuals_closed_after_submission(measured: Any, as_user: Clients) -> None:
    transition_apply(report=measured.report("1-1"), action="submit", actor=measured.actor("alice"))
    client = as_user("alice")
    html = client.get(url("1-1")).content.decode()
    assert 'name="indicators-0-actual"' not in html  # definitions only (the round is open)
    assert "取組状況が編集できるとき" in html
    client.post(url("1-1", "indicators"), {**actuals("999", "999"), **_definitions()})
    assert not IndicatorActual.objects.filter(value=999).exists()


def test_it_refuses_another_department_with_403_and_records_it(
    measured: Any, as_user: Clients
) -> None:
    response = as_user("bob").post(url("1-1", "indicators"), actuals("5", "5"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.refused", actor_label="bob").exists()
    assert as_user("dave").post(url("1-1", "effects"), {}).status_code == 403
    assert not IndicatorActual.objects.filter(value=5).exists()


def test_it_hides_another_municipality_and_needs_a_login(world: Any, as_user: Clients) -> None:
    assert as_user("mallory").post(url("1-1", "indicators"), {}).status_code == 404
    other = url("1-1", "effects", 2025, OTHER_PLAN)
    assert as_user("carol").post(other, {}).status_code == 404
    response = as_user(None).post(url("1-1", "effects"), {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_creates_the_first_indicator(world: Any, as_user: Clients) -> None:
    row = {"name": "電子契約の件数", "unit": "件", "direction": "higher", "target": "40"}
    row["actual"] = "42"  # targets are the plan office's (issue 12 #2)
    response = as_user("carol").post(url("1-2", "indicators"), formset("indicators", 0, [row], 0))
    assert response.status_code == 302
    assert IndicatorActual.objects.get(indicator__name="電子契約の件数").value == 42
    html = as_user("alice").get(url("1-2")).content.decode()
    assert "105.0%" in html and "達成" in html


def test_it_saves_the_formula_chosen_on_the_form(world: Any, as_user: Clients) -> None:
    row = {"name": "市税収納率", "unit": "%", "direction": "higher", "formula": "points"}
    row |= {"baseline_value": "98.9", "target": "99.0", "actual": "99.1"}
    response = as_user("carol").post(url("1-2", "indicators"), formset("indicators", 0, [row], 0))
    assert response.status_code == 302
    assert Indicator.objects.get(name="市税収納率").formula == "points"
    html = as_user("alice").get(url("1-2")).content.decode()
    assert "+0.1ポイント" in html and "200.0%" not in html
    assert 'value="points" selected' in html  # the form shows the saved choice


def test_it_refuses_a_form_without_its_version(measured: Any, as_user: Clients) -> None:
    data = {**actuals("7", "7"), **_definitions()}
    del data["indicators-VERSION"]
    response = as_user("alice").post(url("1-1", "indicators"), data, headers=HTMX)
    assert response.status_code == 422
    assert "画面を読み込み直してから" in response.content.decode()
    assert not IndicatorActual.objects.filter(value=7).exists()


def test_it_lets_the_plan_office_add_a_target_after_submission(
    measured: Any, as_user: Clients
) -> None:
    transition_apply(report=measured.report("2"), action="submit", actor=measured.actor("bob"))
    rows = [
        {"kind": "other", "target_yen": "2,000,000", "note": ""},
        {"kind": "revenue", "target_yen": "500,000", "note": "追加"},
    ]
    response = as_user("carol").post(url("2", "effects"), formset("effects", 1, rows, 1))
    assert response.status_code == 302
