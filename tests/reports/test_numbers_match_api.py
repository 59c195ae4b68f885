"""Every number in the report equals the roll-up API's for the same year: the plan office
reads GET /api/v1/plans/{slug}/rollup?fy= and the report's XLSX and PDF text say the same, per
pillar and for the plan (fiscal effects 単年度 and 累計, counts per rating value)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from tests.reports.conftest import pdf_text, workbook

from gyokaku.lib.amounts import format_amount
from gyokaku.plans.models import Node, Plan
from gyokaku.reports.services import report_generate
from gyokaku.tracking.models import RatingScale

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
SPANS = ("single_year", "cumulative")


def _api(as_user: Clients, plan: Plan, fy: int) -> dict[str, Any]:
    response = as_user("carol").get(f"/api/v1/plans/{plan.slug}/rollup?fy={fy}")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    assert data["published_only"] is False  # the plan office's roll-up, drafts included
    return data


def _report(plan: Plan, fy: int, fmt: str, world: Any) -> bytes:
    return report_generate(plan=plan, fiscal_year=fy, fmt=fmt, actor=world.actor("carol")).content


def _yen(entry: dict[str, Any]) -> list[int]:
    money = entry["effects"]
    return [money[span][side] for span in SPANS for side in ("target_yen", "actual_yen")]


@pytest.mark.parametrize("fy", [2024, 2025])
def test_the_workbook_says_what_the_api_says(
    aomori: Plan, world: Any, as_user: Clients, fy: int
) -> None:
    api = _api(as_user, aomori, fy)
    book = workbook(_report(aomori, fy, "xlsx", world))
    pillars = list(Node.objects.filter(plan=aomori, parent=None).order_by("position"))

    money = {row[0]: row for row in book["財政効果"].iter_rows(values_only=True)}
    for pillar in pillars:
        row = money[f"{pillar.code} {pillar.title}"]
        assert [row[1], row[2], row[4], row[5]] == _yen(api["nodes"][pillar.key])
    total = money["合計"]
    assert [total[1], total[2], total[4], total[5]] == _yen(api["plan"])
    for kind, label in (("revenue", "歳入確保"), ("expenditure", "歳出削減"), ("other", "その他")):
        row = money[label]
        assert [row[1], row[2], row[4], row[5]] == [
            api["plan"]["effects"][span]["by_kind"][kind][side]
            for span in SPANS
            for side in ("target_yen", "actual_yen")
        ]

    # counts per rating value: each scale's block on 概要, per pillar and the total
    rows = list(book["概要"].iter_rows(values_only=True))
    for scale in RatingScale.objects.filter(plan=aomori).prefetch_related("values"):
        values = list(scale.values.all())
        start = next(i for i, r in enumerate(rows) if r[0] and f"（{scale.name}）" in r[0])
        block = {r[0]: r for r in rows[start + 2 : start + 3 + len(pillars)]}
        for key, label in [(p.key, f"{p.code} {p.title}") for p in pillars] + [(None, "合計")]:
            entry = api["plan"] if key is None else api["nodes"][key]
            counts = entry["ratings"].get(scale.code, {})
            row = block[label]
            assert [row[1], row[2]] == [entry["tracked"], entry["reported"]]
            assert list(row[3 : 3 + len(values)]) == [counts.get(v.code, 0) for v in values]


def _row_in(text: str, code: str, numbers: str) -> bool:
    """A table row: the pillar's code, its title (which may wrap onto more lines), then the
    numbers."""
    return (
        re.search(rf"(^|\n){re.escape(code)}(\s[^0-9]{{1,80}}?)?\s{re.escape(numbers)}", text)
        is not None
    )


def _amounts(target: int, actual: int) -> str:
    rate = f"{actual / target * 100:.1f}%" if target else "—"
    return f"{format_amount(target)} {format_amount(actual)} {rate}"


@pytest.mark.parametrize("fy", [2024, 2025])
def test_the_pdf_says_what_the_api_says(
    aomori: Plan, world: Any, as_user: Clients, fy: int
) -> None:
    api = _api(as_user, aomori, fy)
    text = pdf_text(_report(aomori, fy, "pdf", world))
    pillars = list(Node.objects.filter(plan=aomori, parent=None).order_by("position"))
    for code, entry in [(p.code, api["nodes"][p.key]) for p in pillars] + [("合計", api["plan"])]:
        t1, a1, t2, a2 = _yen(entry)
        # the row of the pillar table: target, actual and rate of each span, in 千円
        numbers = f"{_amounts(t1, a1)} {_amounts(t2, a2)}"
        assert _row_in(text, code, numbers + "\n"), (code, numbers)
    for scale in RatingScale.objects.filter(plan=aomori).prefetch_related("values"):
        values = list(scale.values.all())
        for code, entry in [(p.code, api["nodes"][p.key]) for p in pillars] + [
            ("合計", api["plan"])
        ]:
            counts = entry["ratings"].get(scale.code, {})
            numbers = [
                entry["tracked"],
                entry["reported"],
                *(counts.get(v.code, 0) for v in values),
            ]
            row = " ".join(f"{n:,}" for n in numbers)
            assert _row_in(text, code, row + " "), (scale.code, code, row)
